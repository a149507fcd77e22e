import Foundation
import SCModel

/// Writes the friendship network and the citizens' state at one step, for network
/// plots and for Gephi or networkx.
///
/// A snapshot is a folder `snapshots/step-NNNNNN/` beside the time series, holding
/// - `edges.csv`: `source,target`, each tie once (smaller id first), sorted;
/// - `citizens.csv`: `id,score,dissent,strategy,enrolled,tier,degree,ring` (score empty
///   for a citizen outside the system, ring empty for one outside a ring);
/// - `network.graphml`: the same network and attributes as GraphML (undirected): `score`
///   (absent outside the system), `dissent`, `strategy`, `enrolled`, `tier`, `degree` and
///   `ring` (absent outside a ring). Node ids are the citizens' integer ids of the CSVs,
///   written as XML text as GraphML requires ("0", "1", ...); networkx reads them as
///   integers with `nx.read_graphml(path, node_type=int)`;
/// - with sybil farms (MODEL.md 7.19): the live sybils as rows of citizens.csv and nodes of
///   the GraphML after the citizens (ids N and up), a `sybil` column (1 for a sybil, 0 for
///   a citizen) and `sybil_friends` (a citizen's sybil friends; a sybil's buyers) in
///   citizens.csv, a `sybil` column in edges.csv (1 when one end is a sybil) and a
///   `sybil` node attribute in the GraphML;
/// - `manifest.json`: the run's manifest fields that identify it, plus `step`, the counts and
///   the files (`SnapshotManifest`).
/// Every file is written under a temporary name and renamed.
public enum SnapshotWriter {
    /// The folder for the snapshot taken after `step`.
    public static func folder(in runFolder: String, step: Int) -> String {
        runFolder + "/snapshots/" + String(format: "step-%06d", step)
    }

    /// Writes the snapshot of `simulation` after its last completed step.
    public static func write(_ simulation: Simulation, runFolder: String, identity: [String: Any]) throws {
        let step = simulation.step - 1
        let folder = folder(in: runFolder, step: step)
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw OutputError.cannotCreateFolder(path: folder, reason: error.localizedDescription)
        }
        let pop = simulation.population
        let graph = simulation.graph
        let edges = graph.edges()

        // Ground truth of the buying mechanics (MODEL.md 7.16-7.18), in extra columns only
        // when they are on: whether a tie was bought (an open contract), each citizen's
        // wealth, ties bought and sold, and whether a thief holds its account.
        let market = pop.boughtTies.count > 0, money = pop.wealth.count > 0, theft = pop.compromised.count > 0
        let sybils = pop.slotCount > pop.count, citizens = pop.count
        let bought = Set(simulation.contracts.map { min(UInt64($0.buyer), UInt64($0.seller)) << 32 | max(UInt64($0.buyer), UInt64($0.seller)) })
        var edgeCSV = CSVDocument(header: ["source", "target"] + (market ? ["bought"] : []) + (sybils ? ["sybil"] : []),
                                  reservingRows: edges.count, bytesPerRow: 14)
        for (a, b) in edges {
            let key = min(UInt64(a), UInt64(b)) << 32 | max(UInt64(a), UInt64(b))
            edgeCSV.append([.integer(Int(a)), .integer(Int(b))] + (market ? [.integer(bought.contains(key) ? 1 : 0)] : [])
                           + (sybils ? [.integer(Int(max(a, b)) >= citizens ? 1 : 0)] : []))
        }
        try AtomicFile.write(Data(edgeCSV.text.utf8), to: folder + "/edges.csv")

        let extra = (money ? ["wealth"] : []) + (market ? ["bought_ties", "sold_ties"] : []) + (theft ? ["compromised"] : [])
            + (sybils ? ["sybil", "sybil_friends"] : [])
        var citizenCSV = CSVDocument(header: ["id", "score", "dissent", "strategy", "enrolled", "tier", "degree", "ring"] + extra,
                                     reservingRows: pop.count, bytesPerRow: 60)
        var nodeXML = ""
        let sybilFriends = simulation.sybilFriendCounts()
        // The citizens, then the live sybils (free slots have no account and no tie).
        for i in 0..<pop.slotCount where i < citizens || pop.enrolled[i] != 0 {
            let enrolled = pop.enrolled[i] != 0
            let strategy = strategyName(pop.strategy[i])
            let tier = tierName(pop.tier[i])
            let score: MetricValue = enrolled ? .real(pop.score[i]) : .missing
            let ring: MetricValue = pop.ring[i] >= 0 ? .integer(Int(pop.ring[i])) : .missing
            var truth: [MetricValue] = []
            if money { truth.append(.real(pop.wealth[i])) }
            if market { truth += [.integer(Int(pop.boughtTies[i])), .integer(Int(pop.soldTies[i]))] }
            if theft { truth.append(.integer(Int(pop.compromised[i]))) }
            if sybils {
                truth += [.integer(i < citizens ? 0 : 1), .integer(i < citizens ? Int(sybilFriends[i]) : graph.degree(of: i))]
            }
            citizenCSV.append([.integer(i), score, .real(pop.dissent[i]), .text(strategy), .integer(enrolled ? 1 : 0),
                               .text(tier), .integer(graph.degree(of: i)), ring] + truth)
            nodeXML += "    <node id=\"\(i)\">"
            if enrolled { nodeXML += "<data key=\"score\">\(pop.score[i])</data>" }
            nodeXML += "<data key=\"dissent\">\(pop.dissent[i])</data><data key=\"strategy\">\(strategy)</data>"
            nodeXML += "<data key=\"enrolled\">\(enrolled)</data><data key=\"tier\">\(tier)</data>"
            nodeXML += "<data key=\"degree\">\(graph.degree(of: i))</data>"
            if case .integer(let r) = ring { nodeXML += "<data key=\"ring\">\(r)</data>" }
            if sybils { nodeXML += "<data key=\"sybil\">\(i >= citizens)</data>" }
            nodeXML += "</node>\n"
        }
        try AtomicFile.write(Data(citizenCSV.text.utf8), to: folder + "/citizens.csv")

        var xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!-- Node ids are the citizens' integer ids, as in citizens.csv and edges.csv (networkx: read_graphml(path, node_type=int)).
                 score is absent for a citizen outside the system, ring for one outside a collusion ring. -->
            <graphml xmlns="http://graphml.graphdrawing.org/xmlns">
              <key id="score" for="node" attr.name="score" attr.type="double"/>
              <key id="dissent" for="node" attr.name="dissent" attr.type="double"/>
              <key id="strategy" for="node" attr.name="strategy" attr.type="string"/>
              <key id="enrolled" for="node" attr.name="enrolled" attr.type="boolean"/>
              <key id="tier" for="node" attr.name="tier" attr.type="string"/>
              <key id="degree" for="node" attr.name="degree" attr.type="int"/>
              <key id="ring" for="node" attr.name="ring" attr.type="int"/>

            """
        if sybils { xml += "  <key id=\"sybil\" for=\"node\" attr.name=\"sybil\" attr.type=\"boolean\"/>\n" }
        xml += """
              <graph id="friendship" edgedefault="undirected">

            """
        xml += nodeXML
        for (a, b) in edges { xml += "    <edge source=\"\(a)\" target=\"\(b)\"/>\n" }
        xml += "  </graph>\n</graphml>\n"
        try AtomicFile.write(Data(xml.utf8), to: folder + "/network.graphml")

        let manifest = SnapshotManifest(identity: identity, step: step, citizens: pop.count, edges: edges.count)
        try AtomicFile.write(try manifest.jsonData(), to: folder + "/manifest.json")
    }

    /// The strategy's name as the scenario and the columns write it (honest, padder,
    /// evader, colluder, resister).
    static func strategyName(_ raw: UInt8) -> String {
        RawEvent.strategyName(raw)
    }

    static func tierName(_ raw: UInt8) -> String {
        switch Tier(rawValue: raw) {
        case .benefit: return "benefit"
        case .penalty: return "penalty"
        default: return "none"
        }
    }
}

extension Simulation: SnapshotWritable {
    public func writeSnapshot(runFolder: String, identity: [String: Any]) throws {
        try SnapshotWriter.write(self, runFolder: runFolder, identity: identity)
    }
}
