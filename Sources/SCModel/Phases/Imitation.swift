import SCRandom

/// MODEL.md 7.10: strategies spread by imitation of better-off friends.
public enum ImitationRule {
    /// Pi = S - cost * (gaming actions this step).
    @inlinable
    public static func payoff(score: Double, gamingActions: Int, cost: Double) -> Double {
        score - cost * Double(gamingActions)
    }

    /// sigmoid((Pi_j - Pi_i) / temperature).
    @inlinable
    public static func copyProbability(ownPayoff: Double, friendPayoff: Double, temperature: Double) -> Double {
        sigmoid((friendPayoff - ownPayoff) / temperature)
    }
}

extension Simulation {
    /// Phase 10. Reads strategies as they stood when the phase began. Draws per enrolled
    /// citizen: whether it compares this step; which enrolled friend (uniform among them);
    /// whether it copies (only drawn when the strategies differ). Ring changes are applied
    /// afterwards in ascending order: leaving a ring on ceasing to collude, joining the
    /// copied friend's ring (and befriending its members) on becoming a colluder.
    func runImitation(step t: Int) {
        let pop = population
        let p = parameters
        let outboxes = self.outboxes
        pop.strategyBefore.copy(from: pop.strategy)
        let before = pop.strategyBefore
        let log = eventLog, strategyLog = eventLog.flatMap { $0.strategies ? $0.blocks : nil }
        let logStrategies = log?.strategies ?? false, logTies = log?.ties ?? false
        graph.withAdjacency { adj in
            runner.forEachBlock(step: UInt64(t), phase: .imitation) { ctx in
                let r = ctx.random
                let box = outboxes[ctx.block]
                let logged = strategyLog?[ctx.block]
                box.ringMoves.removeAll(keepingCapacity: true)
                // Who considers imitating: a run of Bernoulli trials over the enrolled
                // citizens (a geometric skip per success, not a uniform per citizen).
                var considers = BernoulliTrials(p: min(1, max(0, p.imitationRate)), random: r)
                for i in ctx.citizens {
                    // A trial for each enrolled citizen, without a branch on enrolment.
                    guard considers.next(r, ifTrial: Int(pop.enrolled[i])) else { continue }
                    let friends = adj.neighbors(i)
                    var enrolledFriends = 0
                    for j in friends where pop.enrolled[Int(j)] != 0 { enrolledFriends += 1 }
                    guard enrolledFriends > 0 else { continue }
                    var pick = r.uniformInt(enrolledFriends)
                    var chosen = -1
                    for j in friends where pop.enrolled[Int(j)] != 0 {
                        if pick == 0 { chosen = Int(j); break }
                        pick -= 1
                    }
                    let mine = before[i], theirs = before[chosen]
                    // Resisting spreads by its threshold rule only (7.14): never copied, never left.
                    guard mine != theirs, mine != Strategy.resister.rawValue, theirs != Strategy.resister.rawValue else { continue }
                    let own = ImitationRule.payoff(score: pop.score[i], gamingActions: Int(pop.gamingActions[i]), cost: p.gamingCost)
                    let other = ImitationRule.payoff(score: pop.score[chosen], gamingActions: Int(pop.gamingActions[chosen]), cost: p.gamingCost)
                    guard r.uniform() < ImitationRule.copyProbability(ownPayoff: own, friendPayoff: other, temperature: p.imitationTemperature) else { continue }
                    pop.strategy[i] = theirs
                    if let logged { logged.events.append(RawEvent(.strategy, .change, citizen: i, other: chosen, from: mine, to: theirs)) }
                    let colluder = Strategy.colluder.rawValue
                    if mine == colluder || theirs == colluder {
                        box.ringMoves.append(RingMove(citizen: Int32(i), wasColluder: mine == colluder,
                                                      becomesColluder: theirs == colluder, targetRing: pop.ring[chosen]))
                    }
                }
            }
        }
        if logStrategies { log?.flushBlocks() }
        for box in outboxes {
            for move in box.ringMoves {
                let i = Int(move.citizen)
                if move.wasColluder, pop.ring[i] >= 0 {
                    if logStrategies { log?.append(RawEvent(.ring, .leave, citizen: i, value: Double(pop.ring[i]))) }
                    rings.remove(move.citizen, from: pop.ring[i])
                    pop.ring[i] = -1
                }
                if move.becomesColluder, move.targetRing >= 0 {
                    if logStrategies { log?.append(RawEvent(.ring, .join, citizen: i, value: Double(move.targetRing))) }
                    for member in rings.members[Int(move.targetRing)] where graph.addEdge(i, Int(member)) {
                        if logTies { log?.append(RawEvent(.tieAdded, .ringJoin, citizen: i, other: Int(member), value: Double(move.targetRing))) }
                        tiesAdded += 1
                        adjustFriendTotals(i, Int(member), sign: 1)
                    }
                    rings.add(move.citizen, to: move.targetRing)
                    pop.ring[i] = move.targetRing
                }
            }
        }
    }
}

/// Strategy imitation of better-off friends (MODEL.md 7.10). An entry of `ReferencePhases.standard`.
public struct ImitationPhase: StepPhase {
    public init() {}
    public var name: String { "imitation" }
    public var stream: StreamID { Phase.imitation.streamID }
    public func run(_ simulation: Simulation, step: Int) { simulation.runImitation(step: step) }
}
