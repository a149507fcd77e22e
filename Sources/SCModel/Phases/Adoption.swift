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
                for i in ctx.citizens where before[i] == 0 {
                    // The uniform first: below `base` it enrols and at or above `base + peer`
                    // (the largest the probability can be) it does not, whatever the friends
                    // say; only in between are the friends counted. Same draw, same outcome.
                    let u = ctx.random.uniform()
                    if u >= base + max(0, peer) { continue }
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
