import Foundation
import Testing
@testable import SCModel

/// Checkpoints: parameters survive exactly, and a restored run continues identically.
struct CheckpointTests {
    @Test func parametersSurviveTheArchive() throws {
        var p = ModelParameters()
        p.eta = 0.123456789012345
        p.friendless = .fixed(350)
        p.networkGenerator = .erdosRenyi
        p.goods = [Good(name: "a", approval: 0.25, price: 2), Good(name: "b", approval: -1)]
        p.timeline = [PolicyEvent(step: 3, assignments: [ParameterAssignment(path: "mandatory", value: .boolean(true)),
                                                         ParameterAssignment(path: "score.eta", value: .number(0.6))])]
        let json = try JSONSerialization.data(withJSONObject: p.archive())
        let back = try ModelParameters(archive: try JSONSerialization.jsonObject(with: json) as! [String: Any])
        #expect(back == p)
    }

    @Test func restoredSimulationContinuesIdentically() throws {
        var p = ModelParameters()
        p.populationSize = 600
        p.steps = 30
        p.blockSize = 128
        p.timeline = [PolicyEvent(step: 20, assignments: [ParameterAssignment(path: "mandatory", value: .boolean(true))])]
        let straight = try Simulation(parameters: p, threads: 2)
        var expected: [[MetricValue]] = []
        for _ in 0..<30 { straight.advance(); expected.append(straight.observe(includeNetwork: true).values) }

        let first = try Simulation(parameters: p, threads: 1)
        for _ in 0..<12 { first.advance() }
        let data = try Checkpoint.encode(first, extra: ["note": "x"])
        let (restored, extra) = try Checkpoint.decode(data, threads: 2)
        #expect(extra["note"] as? String == "x")
        #expect(restored.step == 12)
        // The checkpoint's own row can be made again from the restored counters.
        #expect(restored.observe(includeNetwork: true).values == expected[11])
        var rows: [[MetricValue]] = []
        for _ in 12..<30 { restored.advance(); rows.append(restored.observe(includeNetwork: true).values) }
        #expect(rows == Array(expected[12...]))
    }

    @Test func truncatedCheckpointIsAnError() throws {
        var p = ModelParameters()
        p.populationSize = 100
        let sim = try Simulation(parameters: p)
        sim.advance()
        let data = try Checkpoint.encode(sim, extra: [:])
        #expect(throws: ArchiveError.self) { try Checkpoint.decode(data.prefix(data.count - 10), threads: 1) }
        #expect(throws: ArchiveError.self) { try Checkpoint.decode(Data("not a checkpoint".utf8), threads: 1) }
    }
}
