import SCRandom

/// What theft did in one step (MODEL.md 7.18).
public struct TheftTally: Equatable, Sendable {
    /// Accounts taken over and recovered this step.
    public var thefts = 0
    public var recoveries = 0
    /// Sum over this step's recoveries of the score lost while the thief held the account
    /// (score when taken - score when recovered).
    public var lossSum = 0.0

    public init() {}
}

extension Simulation {
    /// Phase 0b (MODEL.md 7.18), after the policy phase. Each account a thief holds is
    /// recovered with probability `theft.noticeRate` (so the victim notices after a
    /// geometric number of steps, mean 1 / rate); each other enrolled account is taken
    /// over with probability `theft.rate`. Draws per citizen (in blocks, on the theft
    /// stream): one uniform for each held or enrolled account. While held, the thief buys
    /// disapproved goods in the victim's name (consumption) and sells its friendship on
    /// the market (7.17) for its own pocket. The victim keeps the damage: its score, its
    /// wealth and the ties sold.
    func runTheft(step t: Int) {
        let pop = population
        guard pop.compromised.count > 0 else { return }
        let p = parameters
        let blocks = runner.blockCount
        let partial = UnsafeMutablePointer<TheftTally>.allocate(capacity: blocks)
        defer { partial.deallocate() }
        partial.initialize(repeating: TheftTally(), count: blocks)
        runner.forEachBlock(step: UInt64(t), phase: .theft) { ctx in
            let r = ctx.random
            var tally = TheftTally()
            for i in ctx.citizens {
                if pop.compromised[i] != 0 {
                    guard r.uniform() < p.theftNoticeRate else { continue }
                    pop.compromised[i] = 0
                    tally.recoveries += 1
                    tally.lossSum += pop.scoreAtTheft[i] - pop.score[i]
                } else if pop.enrolled[i] != 0, p.theftRate > 0, r.uniform() < p.theftRate {
                    pop.compromised[i] = 1
                    pop.scoreAtTheft[i] = pop.score[i]
                    tally.thefts += 1
                }
            }
            partial[ctx.block] = tally
        }
        var total = TheftTally()
        for b in 0..<blocks {
            total.thefts += partial[b].thefts
            total.recoveries += partial[b].recoveries
            total.lossSum += partial[b].lossSum
        }
        theftTally = total
    }
}

/// Accounts taken over and recovered (MODEL.md 7.18), after the policy phase. An entry of
/// `ReferencePhases.standard`; does nothing unless theft is scheduled.
public struct TheftPhase: StepPhase {
    public init() {}
    public var name: String { "theft" }
    public var stream: StreamID { Phase.theft.streamID }
    public func run(_ simulation: Simulation, step: Int) { simulation.runTheft(step: step) }
}
