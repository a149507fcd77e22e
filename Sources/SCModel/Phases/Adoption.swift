import SCRandom

/// MODEL.md 7.1: citizens outside the system enrol, more readily when their friends have.
public enum AdoptionRule {
    /// Probability of enrolling this step: base + peer * (enrolled friends / friends), the
    /// second term 0 for a citizen with no friends.
    @inlinable
    public static func probability(baseRate: Double, peerRate: Double, enrolledFriends: Int, friends: Int) -> Double {
        friends > 0 ? baseRate + peerRate * Double(enrolledFriends) / Double(friends) : baseRate
    }
}

extension Simulation {
    /// Phase 1. Reads enrolment as it stood when the phase began; a citizen who enrols
    /// starts at `adoption.startScore` and is marked for its friends' referral bonus.
    func runAdoption(step t: Int) {
        let pop = population
        pop.enrolledBefore.copy(from: pop.enrolled)
        pop.joinedThisStep.fill(0)
        if everyoneEnrolled { return }
        let base = parameters.adoptionBaseRate, peer = parameters.adoptionPeerRate, start = parameters.startScore
        let before = pop.enrolledBefore, enrolled = pop.enrolled, joined = pop.joinedThisStep, score = pop.score
        let tallies = self.tallies
        graph.withAdjacency { adj in
            runner.forEachBlock(step: UInt64(t), phase: .adoption) { ctx in
                var adopted = 0
                // Thinning: a citizen's probability is at most `highest`, so a run of
                // Bernoulli(highest) trials picks the candidates (a geometric skip per
                // candidate, not a uniform per citizen), and a candidate enrols when a
                // uniform on [0, highest) falls below its own probability:
                // P = highest * p_i / highest = p_i.
                let highest = min(1, base + max(0, peer))
                var candidates = BernoulliTrials(p: max(0, highest), random: ctx.random)
                for i in ctx.citizens {
                    // A trial for each citizen outside the system, without a branch on it.
                    guard candidates.next(ctx.random, ifTrial: 1 &- Int(before[i])) else { continue }
                    // The uniform first: below `base + min(0, peer)` it enrols whatever the
                    // friends say; only above are the friends counted.
                    let u = ctx.random.uniform() * highest
                    var enrols = u < base + min(0, peer)
                    if !enrols {
                        let friends = adj.neighbors(i)
                        var enrolledFriends = 0
                        for j in friends { enrolledFriends &+= Int(before[Int(j)]) }
                        enrols = u < AdoptionRule.probability(baseRate: base, peerRate: peer, enrolledFriends: enrolledFriends,
                                                              friends: friends.count)
                    }
                    if enrols {
                        enrolled[i] = 1
                        joined[i] = 1
                        score[i] = start
                        adopted += 1
                    }
                }
                tallies[ctx.block].adopted = adopted
            }
        }
    }
}

/// Voluntary enrolment (MODEL.md 7.1). An entry of `ReferencePhases.standard`.
public struct AdoptionPhase: StepPhase {
    public init() {}
    public var name: String { "adoption" }
    public var stream: StreamID { Phase.adoption.streamID }
    public func run(_ simulation: Simulation, step: Int) { simulation.runAdoption(step: step) }
}
