import Foundation
import Testing
@testable import SCModel

/// Checkpoints: parameters survive exactly, and a restored run continues identically.
struct CheckpointTests {
    /// Issue 13: behind the checksum, every count and id is checked before use, so even a
    /// damaged file whose checksum was made to match is refused, not trusted or crashed on.
    @Test func damagedCountsAndIdsAreRefusedEvenWithAMatchingChecksum() throws {
        var p = ModelParameters()
        p.populationSize = 200
        p.steps = 10
        let simulation = try Simulation(parameters: p, threads: 1)
        for _ in 0..<3 { simulation.advance() }
        let good = try Checkpoint.encode(simulation, extra: [:])
        #expect(Checkpoint.checksumMatches(good))
        _ = try Checkpoint.decode(good, threads: 1)
        var unsealed = Data(good.prefix(good.count - Checkpoint.checksumLength))
        #expect(throws: ArchiveError.self) { try Checkpoint.decode(unsealed, threads: 1) }
        let headerLength = Int(good.subdata(in: 8..<16).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) })
        var columns: [(offset: Int, bytes: Int)] = []
        var at = 16 + headerLength
        Checkpoint.forEachColumn(simulation.population) { _, bytes in columns.append((at, bytes)); at += bytes }
        let degreesAt = at, neighboursAt = at + 4 * p.populationSize
        let strategyAt = columns[11].offset, ringAt = columns[18].offset
        func put<T>(_ value: T, at offset: Int, in data: inout Data) {
            withUnsafeBytes(of: value) { data.replaceSubrange(offset..<offset + $0.count, with: $0) }
        }
        let edits: [(String, (inout Data) -> Void)] = [
            ("neighbour id out of range", { put(Int32(p.populationSize + 5), at: neighboursAt, in: &$0) }),
            ("negative neighbour id", { put(Int32(-1), at: neighboursAt, in: &$0) }),
            ("huge degree", { put(Int32.max, at: degreesAt, in: &$0) }),
            ("negative degree", { put(Int32(-3), at: degreesAt, in: &$0) }),
            ("huge header length", { put(UInt64.max, at: 8, in: &$0) }),
            ("strategy out of range", { put(UInt8(9), at: strategyAt, in: &$0) }),
            ("ring id out of range", { put(Int32.max, at: ringAt, in: &$0) }),
            ("trailing bytes", { $0.append(contentsOf: [0, 0, 0, 0]) }),
            ("cut short", { $0.removeLast(100) }),
        ]
        for (name, edit) in edits {
            var damaged = unsealed
            edit(&damaged)
            Checkpoint.seal(&damaged)
            #expect(throws: ArchiveError.self, "\(name)") { try Checkpoint.decode(damaged, threads: 1) }
        }
        unsealed.removeAll()
    }

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

    /// With informants, refusal and private scores on, caution and the thresholds travel in
    /// the checkpoint too.
    @Test(arguments: [false, true])
    func restoredSimulationContinuesIdentically(mechanics: Bool) throws {
        var p = ModelParameters()
        p.populationSize = 600
        p.steps = 30
        p.blockSize = 128
        p.timeline = [PolicyEvent(step: 20, assignments: [ParameterAssignment(path: "mandatory", value: .boolean(true))])]
        if mechanics {
            p.informantReportRate = 0.3
            p.refusalEnabled = true
            p.refusalStart = 5
            p.refusalSeeds = 10
            p.refusalThresholdMean = 0.2
            p.refusalThresholdSD = 0.1
            p.scoreVisibility = .privateScores
        }
        let straight = try Simulation(parameters: p, threads: 2)
        var expected: [[MetricValue]] = []
        for _ in 0..<30 { straight.advance(); expected.append(straight.observe(includeNetwork: true).values) }

        let first = try Simulation(parameters: p, threads: 1)
        for _ in 0..<12 { first.advance() }
        let data = try Checkpoint.encode(first, extra: ["note": "x"])
        let (restored, extra) = try Checkpoint.decode(data, threads: 2)
        #expect(extra["note"] as? String == "x")
        #expect(restored.step == 12)
        // The checkpoint's own row can be made again from the restored counters (not the
        // per-step informant and refusal counts, which a checkpoint does not keep).
        if !mechanics { #expect(restored.observe(includeNetwork: true).values == expected[11]) }
        #expect(restored.population.caution.count == (mechanics ? 600 : 0) && restored.population.threshold.count == (mechanics ? 600 : 0))
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
