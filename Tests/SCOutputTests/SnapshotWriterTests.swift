import Foundation
import SCModel
import Testing
@testable import SCOutput

/// The snapshot's GraphML carries the same attributes and ids as its CSVs (issue 12, defect 12).
struct SnapshotWriterTests {
    func snapshot() throws -> String {
        var parameters = ModelParameters()
        parameters.populationSize = 400
        parameters.steps = 2
        parameters.shareHonest = 0.80
        parameters.shareColluder = 0.12
        let simulation = try Simulation(parameters: parameters, threads: 1)
        simulation.advance()
        let folder = NSTemporaryDirectory() + "scsim-snapshot-\(UUID().uuidString)"
        try SnapshotWriter.write(simulation, runFolder: folder, identity: ["name": "test"])
        return SnapshotWriter.folder(in: folder, step: 0)
    }

    @Test func graphMLHasTheRingOfEveryRingMember() throws {
        let folder = try snapshot()
        let citizens = try String(contentsOfFile: folder + "/citizens.csv", encoding: .utf8).split(separator: "\n").dropFirst()
        let graphml = try String(contentsOfFile: folder + "/network.graphml", encoding: .utf8)
        #expect(graphml.contains(#"<key id="ring" for="node" attr.name="ring" attr.type="int"/>"#))
        let nodes = graphml.split(separator: "\n").filter { $0.contains("<node ") }
        #expect(nodes.count == citizens.count)
        var members = 0
        for (row, node) in zip(citizens, nodes) {
            let fields = row.split(separator: ",", omittingEmptySubsequences: false)
            // Node ids are the citizens' integer ids, as in citizens.csv and edges.csv.
            #expect(node.contains("<node id=\"\(fields[0])\">"))
            let ring = fields[7]
            if ring.isEmpty {
                #expect(!node.contains("key=\"ring\""))
            } else {
                members += 1
                #expect(node.contains("<data key=\"ring\">\(ring)</data>"), "\(node)")
            }
        }
        #expect(members > 0)
    }

    /// Sybil farms (MODEL.md 7.19): live sybils follow the citizens in citizens.csv and the
    /// GraphML, every edge end is a listed node, and ties to sybils are marked.
    @Test func liveSybilsAndTheirTiesAreInTheSnapshot() throws {
        var parameters = ModelParameters()
        parameters.populationSize = 300
        parameters.steps = 30
        parameters.moneyEnabled = true
        parameters.sybilCapacity = 40
        parameters.sybilCreateRate = 3
        parameters.sybilSellMinScore = 600
        parameters.sybilShopRate = 0.5
        parameters.networkMetricsMode = .sampled
        let simulation = try Simulation(parameters: parameters, threads: 1)
        for _ in 0..<30 { simulation.advance() }
        let run = NSTemporaryDirectory() + "scsim-snapshot-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: run) }
        try SnapshotWriter.write(simulation, runFolder: run, identity: ["name": "test"])
        let folder = SnapshotWriter.folder(in: run, step: 29)
        let citizenLines = try String(contentsOfFile: folder + "/citizens.csv", encoding: .utf8).split(separator: "\n")
        let header = citizenLines[0].split(separator: ",").map(String.init)
        #expect(header.suffix(2) == ["sybil", "sybil_friends"])
        let rows = citizenLines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let pop = simulation.population
        let live = pop.sybilSlots.filter { pop.enrolled[$0] != 0 }
        #expect(!live.isEmpty && rows.count == pop.count + live.count)
        #expect(rows.prefix(pop.count).allSatisfy { $0[header.count - 2] == "0" })
        #expect(rows.dropFirst(pop.count).map { Int($0[0])! } == live && rows.dropFirst(pop.count).allSatisfy { $0[header.count - 2] == "1" })
        // A citizen's sybil friends and a sybil's buyers add up to the ties between them.
        let friends = rows.map { Int($0[header.count - 1])! }
        #expect(friends.prefix(pop.count).reduce(0, +) == friends.dropFirst(pop.count).reduce(0, +))
        #expect(friends.prefix(pop.count).reduce(0, +) == simulation.sybilFriendships().ties && simulation.sybilFriendships().ties > 0)
        let ids = Set(rows.map { $0[0] })
        let edges = try String(contentsOfFile: folder + "/edges.csv", encoding: .utf8).split(separator: "\n")
        #expect(edges[0] == "source,target,sybil")
        var marked = 0
        for line in edges.dropFirst() {
            let f = line.split(separator: ",").map(String.init)
            #expect(ids.contains(f[0]) && ids.contains(f[1]))
            #expect((f[2] == "1") == (Int(f[1])! >= pop.count))
            if f[2] == "1" { marked += 1 }
        }
        #expect(marked == simulation.sybilFriendships().ties)
        let graphml = try String(contentsOfFile: folder + "/network.graphml", encoding: .utf8)
        #expect(graphml.split(separator: "\n").filter { $0.contains("<node ") }.count == rows.count)
        #expect(graphml.contains(#"<key id="sybil" for="node" attr.name="sybil" attr.type="boolean"/>"#))
    }

    @Test func graphMLSaysWhatItsNodeIdsAre() throws {
        let graphml = try String(contentsOfFile: try snapshot() + "/network.graphml", encoding: .utf8)
        #expect(graphml.contains("node_type=int"))
    }
}

/// The snapshot's manifest.json, written from `SnapshotManifest`, keeps its keys and values;
/// its CSVs come from the one CSV formatter.
struct SnapshotManifestTests {
    @Test func manifestKeysAndValues() throws {
        var parameters = ModelParameters()
        parameters.populationSize = 50
        parameters.steps = 2
        let simulation = try Simulation(parameters: parameters, threads: 1)
        simulation.advance()
        let run = NSTemporaryDirectory() + "scsim-snapshot-\(UUID().uuidString)"
        try SnapshotWriter.write(simulation, runFolder: run, identity: [
            "scsim_version": "9.9", "git_commit": NSNull(), "scenario_file": "s/x.yaml", "name": "n", "seed": 7,
            "overrides": ["steps=2"],
        ])
        let folder = SnapshotWriter.folder(in: run, step: 0)
        #expect(folder.hasSuffix("/snapshots/step-000000"))
        let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/manifest.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let edges = try String(contentsOfFile: folder + "/edges.csv", encoding: .utf8).split(separator: "\n")
        #expect(Set(json.keys) == ["scsim_version", "git_commit", "scenario_file", "name", "seed", "overrides", "step", "citizens", "edges", "files"])
        #expect(json["scsim_version"] as? String == "9.9")
        #expect(json["git_commit"] is NSNull)
        #expect(json["scenario_file"] as? String == "s/x.yaml")
        #expect(json["name"] as? String == "n" && json["seed"] as? Int == 7 && json["overrides"] as? [String] == ["steps=2"])
        #expect(json["step"] as? Int == 0 && json["citizens"] as? Int == 50)
        #expect(json["edges"] as? Int == edges.count - 1)
        #expect(json["files"] as? [String: String] == ["edges": "edges.csv", "citizens": "citizens.csv", "graphml": "network.graphml"])
        #expect(String(decoding: data, as: UTF8.self).contains("\"s/x.yaml\""))  // slashes not escaped
        // Read back strictly.
        let manifest = try JSONDecoder().decode(SnapshotManifest.self, from: data)
        #expect(manifest.name == "n" && manifest.gitCommit == nil && manifest.edges == edges.count - 1 && manifest.otherIdentity.isEmpty)
        // An identity key scsim does not name is kept.
        let other = SnapshotManifest(identity: ["name": "m", "lab": "x"], step: 3, citizens: 1, edges: 0)
        #expect(try JSONDecoder().decode(SnapshotManifest.self, from: other.jsonData()) == other)
        #expect(other.otherIdentity == ["lab": .string("x")])

        let citizens = try String(contentsOfFile: folder + "/citizens.csv", encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(citizens.first == "id,score,dissent,strategy,enrolled,tier,degree,ring")
        #expect(citizens.count == 50 + 2)  // header, 50 rows, and the empty string after the last LF
        #expect(edges.first == "source,target")
        let first = citizens[1].split(separator: ",", omittingEmptySubsequences: false)
        #expect(first.count == 8 && first[0] == "0")
        #expect(Double(first[2]).map { $0 == simulation.population.dissent[0] } == true)
    }

    /// With the market, money and theft on, the snapshot carries their ground truth: the
    /// bought ties in edges.csv are exactly the open contracts whose tie stands, and each
    /// citizen's columns equal the population's.
    @Test func buyingGroundTruthIsInTheSnapshot() throws {
        var p = ModelParameters()
        p.populationSize = 600
        p.enrolledShare = 0.8
        p.moneyEnabled = true
        p.marketShopRate = 0.5
        p.marketSellerMinScore = 620
        p.theftRate = 0.05
        let simulation = try Simulation(parameters: p, threads: 1)
        for _ in 0..<6 { simulation.advance() }
        let run = NSTemporaryDirectory() + "scsim-snapshot-\(UUID().uuidString)"
        try SnapshotWriter.write(simulation, runFolder: run, identity: [:])
        let folder = SnapshotWriter.folder(in: run, step: 5)
        let edges = try String(contentsOfFile: folder + "/edges.csv", encoding: .utf8).split(separator: "\n")
        let citizens = try String(contentsOfFile: folder + "/citizens.csv", encoding: .utf8).split(separator: "\n")
        #expect(edges.first == "source,target,bought")
        #expect(citizens.first == "id,score,dissent,strategy,enrolled,tier,degree,ring,wealth,bought_ties,sold_ties,compromised")
        let standing = simulation.contracts.filter { simulation.graph.neighbors(of: Int($0.buyer)).contains($0.seller) }
        var marked = Set<[Int]>()
        for line in edges.dropFirst() where line.hasSuffix(",1") {
            let f = line.split(separator: ",").map { Int($0)! }
            marked.insert([f[0], f[1]])
        }
        #expect(!standing.isEmpty)
        #expect(marked == Set(standing.map { [Int(min($0.buyer, $0.seller)), Int(max($0.buyer, $0.seller))] }))
        let pop = simulation.population
        for (i, line) in citizens.dropFirst().enumerated() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            #expect(Double(f[8]) == pop.wealth[i] && Int(f[9]) == Int(pop.boughtTies[i]) && Int(f[10]) == Int(pop.soldTies[i])
                    && Int(f[11]) == Int(pop.compromised[i]), "citizen \(i)")
        }
    }
}
