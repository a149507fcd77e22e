#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

import SCRandom

/// MODEL.md 7.13: neighbours report neighbours' dissent for points, and the reported learn
/// caution.
public enum InformantRule {
    /// Probability that an enrolled informant with sensitivity s reports a friend who
    /// posted `dissent` dissent posts this step: each post seen is reported with
    /// probability min(1, rate x s), a friend at most once, so 1 - (1 - min(1, rate s))^d;
    /// a friend with no dissent is falsely reported with probability min(1, falseRate x s).
    @inlinable
    public static func reportProbability(dissent: Int, sensitivity s: Double, rate: Double, falseRate: Double) -> Double {
        guard dissent > 0 else { return min(1, falseRate * s) }
        let perPost = min(1, rate * s)
        return 1 - pow(1 - perPost, Double(dissent))
    }

    /// c <- (1 - lambda) c + lambda [reported this step].
    @inlinable
    public static func updatedCaution(_ c: Double, reported: Bool, learningRate lambda: Double) -> Double {
        (1 - lambda) * c + (reported ? lambda : 0)
    }
}

/// What informants did in one step, for the `informants` columns.
public struct InformantTally: Equatable, Sendable {
    /// Reports filed, and of them false ones (the friend posted no dissent).
    public var reports = 0
    public var falseReports = 0
    /// Citizens who posted dissent this step, and of them those reported by a friend.
    public var dissenters = 0
    public var dissentersReported = 0
    /// Reward points paid to informants (after the clamp at score.max).
    public var rewardsPaid = 0.0

    public init() {}
}

extension Simulation {
    /// Phase 6b (MODEL.md 7.13), after scoring: every enrolled citizen who is not a
    /// resister looks at each friend's posts of this step and may report the friend; the
    /// informant gains `informants.reward` points and a reported enrolled friend loses
    /// `informants.penalty` per report, applied after the parallel part in block, citizen
    /// and adjacency order, each clamped to the score bounds. Then every citizen's caution
    /// learns whether it was reported. Draws per informant: one uniform per friend with a
    /// non-zero report probability, in adjacency order.
    func runInformants(step t: Int) {
        let pop = population
        guard pop.caution.count > 0 else { return }
        let p = parameters
        let current = pop.postColumn(forStep: t)
        let outboxes = self.outboxes
        // A sybil friend (7.19) can be reported too: a mark for every slot.
        let marks = reportedMarks ?? Column<UInt8>(count: pop.slotCount, initial: 0)
        reportedMarks = marks
        let rate = p.informantReportRate, falseRate = p.informantFalseReportRate
        let resister = Strategy.resister.rawValue
        var tally = InformantTally()
        if rate > 0 || falseRate > 0 {
            let dissenters = UnsafeMutablePointer<Int>.allocate(capacity: runner.blockCount)
            defer { dissenters.deallocate() }
            graph.withAdjacency { adj in
                runner.forEachBlock(step: UInt64(t), phase: .informants) { ctx in
                    let r = ctx.random
                    let box = outboxes[ctx.block]
                    box.reports.removeAll(keepingCapacity: true)
                    var posted = 0
                    for i in ctx.citizens {
                        if current[i].dissent > 0 { posted += 1 }
                        guard pop.enrolled[i] != 0, pop.strategy[i] != resister else { continue }
                        let s = pop.sensitivity[i]
                        for j32 in adj.neighbors(i) {
                            let d = Int(current[Int(j32)].dissent)
                            let q = InformantRule.reportProbability(dissent: d, sensitivity: s, rate: rate, falseRate: falseRate)
                            guard q > 0, r.uniform() < q else { continue }
                            box.reports.append(Report(informant: Int32(i), target: j32, isFalse: d == 0))
                        }
                    }
                    dissenters[ctx.block] = posted
                }
            }
            for b in 0..<runner.blockCount { tally.dissenters += dissenters[b] }
            for box in outboxes {
                for report in box.reports {
                    let i = Int(report.informant), j = Int(report.target)
                    tally.reports += 1
                    // A dissenter is never falsely reported, so its first mark is its first true report.
                    if report.isFalse { tally.falseReports += 1 } else if marks[j] == 0 { tally.dissentersReported += 1 }
                    let before = pop.score[i]
                    pop.score[i] = min(p.scoreMax, before + p.informantReward)
                    tally.rewardsPaid += pop.score[i] - before
                    if pop.enrolled[j] != 0 { pop.score[j] = max(p.scoreMin, pop.score[j] - p.informantPenalty) }
                    // A false report marks the friend too: the fear is of being reported.
                    marks[j] = 1
                }
            }
        }
        informantTally = tally
        let lambda = p.informantLearningRate
        runner.forEachBlock(step: UInt64(t), stream: StreamID(Phase.informants.rawValue, drawsRandomNumbers: false)) { ctx in
            for i in ctx.citizens {
                pop.caution[i] = Float(InformantRule.updatedCaution(Double(pop.caution[i]), reported: marks[i] != 0, learningRate: lambda))
                marks[i] = 0
            }
        }
        for s in pop.sybilSlots { marks[s] = 0 }
    }
}

/// Informants' reports and the caution they teach (MODEL.md 7.13), after scoring. An entry
/// of `ReferencePhases.standard`; does nothing unless informants are scheduled.
public struct InformantsPhase: StepPhase {
    public init() {}
    public var name: String { "informants" }
    public var stream: StreamID { Phase.informants.streamID }
    public func run(_ simulation: Simulation, step: Int) { simulation.runInformants(step: step) }
}
