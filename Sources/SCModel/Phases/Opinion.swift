/// MODEL.md 7.4: what a citizen is made to say drags what it thinks; its core belief
/// pulls back.
public enum OpinionRule {
    /// o <- clamp01(o + alpha_self (x - o) + alpha_peer (X - o) + alpha_core (o0 - o)).
    @inlinable
    public static func updated(opinion o: Double, ownShare x: Double, friendShare peer: Double, core: Double,
                               selfWeight: Double, peerWeight: Double, coreWeight: Double) -> Double {
        let next = o + selfWeight * (x - o) + peerWeight * (peer - o) + coreWeight * (core - o)
        return min(1, max(0, next))
    }
}

extension Simulation {
    /// Phase 4 (no randomness). x_i is the citizen's own dissent share of genuine posts
    /// this step; X_i is friends' dissent posts over their visible posts this step; each
    /// falls back to o_i when there is nothing to count. Reads only posts, so o_i can be
    /// updated in place.
    func runOpinion(step t: Int) {
        let pop = population
        let p = parameters
        let current = pop.postColumn(forStep: t)
        graph.withAdjacency { adj in
            runner.forEachBlock(step: UInt64(t), phase: .opinion) { ctx in
                for i in ctx.citizens {
                    let o = pop.dissent[i]
                    let posts = Int(pop.genuinePosts[i])
                    let own = posts > 0 ? Double(current[i].dissent) / Double(posts) : o
                    let peer = friendsDissentShare(adj.neighbors(i), posts: current, fallback: o)
                    pop.dissent[i] = OpinionRule.updated(opinion: o, ownShare: own, friendShare: peer, core: pop.core[i],
                                                         selfWeight: p.opinionSelfWeight, peerWeight: p.opinionPeerWeight,
                                                         coreWeight: p.opinionCoreWeight)
                }
            }
        }
    }
}
