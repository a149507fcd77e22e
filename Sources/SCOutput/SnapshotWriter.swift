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
/// - `manifest.json`: the run's manifest fields that identify it, plus `step`.
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

        var edgeText = "source,target\n"
        edgeText.reserveCapacity(edges.count * 14)
        for (a, b) in edges { edgeText += "\(a),\(b)\n" }
        try AtomicFile.write(Data(edgeText.utf8), to: folder + "/edges.csv")

        var citizenText = "id,score,dissent,strategy,enrolled,tier,degree,ring\n"
        var nodeXML = ""
        for i in 0..<pop.count {
            let enrolled = pop.enrolled[i] != 0
            let score = enrolled ? String(pop.score[i]) : ""
            let strategy = strategyName(pop.strategy[i])
            let tier = tierName(pop.tier[i])
            let ring = pop.ring[i] >= 0 ? String(pop.ring[i]) : ""
            citizenText += "\(i),\(score),\(pop.dissent[i]),\(strategy),\(enrolled ? 1 : 0),\(tier),\(graph.degree(of: i)),\(ring)\n"
            nodeXML += "    <node id=\"\(i)\">"
            if enrolled { nodeXML += "<data key=\"score\">\(score)</data>" }
            nodeXML += "<data key=\"dissent\">\(pop.dissent[i])</data><data key=\"strategy\">\(strategy)</data>"
            nodeXML += "<data key=\"enrolled\">\(enrolled)</data><data key=\"tier\">\(tier)</data>"
            nodeXML += "<data key=\"degree\">\(graph.degree(of: i))</data>"
            if !ring.isEmpty { nodeXML += "<data key=\"ring\">\(ring)</data>" }
            nodeXML += "</node>\n"
        }
        try AtomicFile.write(Data(citizenText.utf8), to: folder + "/citizens.csv")

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
              <graph id="friendship" edgedefault="undirected">

            """
        xml += nodeXML
        for (a, b) in edges { xml += "    <edge source=\"\(a)\" target=\"\(b)\"/>\n" }
        xml += "  </graph>\n</graphml>\n"
        try AtomicFile.write(Data(xml.utf8), to: folder + "/network.graphml")

        var manifest = identity
        manifest["step"] = step
        manifest["citizens"] = pop.count
        manifest["edges"] = edges.count
        manifest["files"] = ["edges": "edges.csv", "citizens": "citizens.csv", "graphml": "network.graphml"]
        let data = try JSONSerialization.data(withJSONObject: manifest, options: [.prettyPrinted, .sortedKeys])
        try AtomicFile.write(data, to: folder + "/manifest.json")
    }

    static func strategyName(_ raw: UInt8) -> String {
        switch Strategy(rawValue: raw) {
        case .padder: return "padder"
        case .evader: return "evader"
        case .colluder: return "colluder"
        default: return "honest"
        }
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
