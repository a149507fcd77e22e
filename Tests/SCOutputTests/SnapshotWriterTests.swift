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

    @Test func graphMLSaysWhatItsNodeIdsAre() throws {
        let graphml = try String(contentsOfFile: try snapshot() + "/network.graphml", encoding: .utf8)
        #expect(graphml.contains("node_type=int"))
    }
}
