#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

import SCRandom

/// MODEL.md 7.8: ties drift apart, low scorers are dropped, and new ties are proposed.
public enum TieRule {
    /// Probability that i drops a friend j it looked at:
    /// min(1, kappa * eta * s_i * max(0, S_i - S_j) / R).
    @inlinable
    public static func unfriendProbability(strength kappa: Double, eta: Double, sensitivity s: Double,
                                           ownScore: Double, friendScore: Double, range R: Double) -> Double {
        min(1, kappa * eta * s * max(0, ownScore - friendScore) / R)
    }

    /// Probability that an enrolled target j accepts an enrolled proposer i:
    /// exp(-kappa_a * eta * s_j * max(0, S_j - S_i) / R).
    @inlinable
    public static func acceptProbability(strength kappa: Double, eta: Double, targetSensitivity s: Double,
                                         targetScore: Double, proposerScore: Double, range R: Double) -> Double {
        exp(-kappa * eta * s * max(0, targetScore - proposerScore) / R)
    }
}

extension Simulation {
    /// Phase 8. Every decision reads the network as it stood when the phase began. Drift
    /// and look decisions are Bernoulli trials drawn as runs per block (`BernoulliTrials`,
    /// a geometric skip per success). Draws per citizen i, in this order: for each friend j
    /// in adjacency order, the drift trial (when j > i and the tie is not inside a ring),
    /// then the look trial and the drop draw (when both are enrolled); then the proposal draw, and when it proposes, the
    /// triadic-or-random draw, the choice of friend and friend of friend or of a random
    /// citizen, and the target's acceptance draw (made on i's stream, for determinism).
    /// Drops are applied first, then additions, each in ascending (i, j) order.
    func runTies(step t: Int) {
        let pop = population
        let p = parameters
        let n = pop.count
        let outboxes = self.outboxes
        let lookProbability = p.lookProbability
        // Hoisted: `score` is a `var` of a class, and reading it inside the loop would pay a
        // dynamic exclusivity check per access.
        let score = pop.score
        graph.withAdjacency { adj in
            runner.forEachBlock(step: UInt64(t), phase: .ties) { ctx in
                let r = ctx.random
                let box = outboxes[ctx.block]
                box.drops.removeAll(keepingCapacity: true)
                box.adds.removeAll(keepingCapacity: true)
                // One run of drift trials and one of look trials per block, in citizen and
                // adjacency order: a geometric skip per success instead of a uniform per tie.
                var drift = BernoulliTrials(p: p.driftRate, random: r)
                var look = BernoulliTrials(p: lookProbability, random: r)
                for i in ctx.citizens {
                    let ringOfI = pop.ring[i]
                    let enrolledI = pop.enrolled[i] != 0
                    let colluder = pop.strategy[i] == Strategy.colluder.rawValue
                    let scoreI = score[i], sensitivityI = pop.sensitivity[i]
                    for j32 in adj.neighbors(i) {
                        let j = Int(j32)
                        let ringMates = ringOfI >= 0 && ringOfI == pop.ring[j]
                        if j > i && !ringMates && drift.next(r) {
                            box.drops.append(edgeKey(i, j))
                        }
                        if enrolledI && pop.enrolled[j] != 0 && look.next(r) {
                            if colluder && ringMates { continue }
                            let kappa = p.unfriendStrength * (colluder ? p.colluderUnfriendFactor : 1)
                            let drop = TieRule.unfriendProbability(strength: kappa, eta: p.eta, sensitivity: sensitivityI,
                                                                   ownScore: scoreI, friendScore: score[j], range: p.scoreRange)
                            if r.uniform() < drop { box.drops.append(edgeKey(i, j)) }
                        }
                    }
                    let boost = pop.tier[i] == Tier.benefit.rawValue ? p.benefitTieBoost : 1
                    guard r.uniform() < min(1, p.proposeRate * boost) else { continue }
                    var target = -1
                    let degree = Int(adj.degree[i])
                    if r.uniform() < p.triadicShare && degree > 0 {
                        let friend = Int(adj.neighbors(i)[r.uniformInt(degree)])
                        let friendsOfFriend = adj.neighbors(friend)
                        let candidate = Int(friendsOfFriend[r.uniformInt(friendsOfFriend.count)])
                        if candidate != i && !adj.contains(i, candidate) { target = candidate }
                    }
                    if target < 0 {
                        var other = r.uniformInt(n - 1)
                        if other >= i { other += 1 }
                        if adj.contains(i, other) { continue }
                        target = other
                    }
                    if enrolledI && pop.enrolled[target] != 0 {
                        let accept = TieRule.acceptProbability(strength: p.acceptStrength, eta: p.eta,
                                                               targetSensitivity: pop.sensitivity[target],
                                                               targetScore: score[target], proposerScore: scoreI, range: p.scoreRange)
                        if r.uniform() >= accept { continue }
                    }
                    box.adds.append(edgeKey(i, target))
                }
            }
        }
        applyTieChanges()
    }

    /// Applies the blocks' drops, then their additions, in ascending (i, j) order.
    private func applyTieChanges() {
        mergedEdges.removeAll(keepingCapacity: true)
        for box in outboxes { mergedEdges.append(contentsOf: box.drops) }
        mergedEdges.sort()
        var previous = UInt64.max
        for key in mergedEdges where key != previous {
            previous = key
            let i = Int(key >> 32), j = Int(key & 0xFFFF_FFFF)
            if graph.removeEdge(i, j) { tiesRemoved += 1; adjustFriendTotals(i, j, sign: -1) }
        }
        mergedEdges.removeAll(keepingCapacity: true)
        for box in outboxes { mergedEdges.append(contentsOf: box.adds) }
        mergedEdges.sort()
        previous = UInt64.max
        for key in mergedEdges where key != previous {
            previous = key
            let i = Int(key >> 32), j = Int(key & 0xFFFF_FFFF)
            if graph.addEdge(i, j) { tiesAdded += 1; adjustFriendTotals(i, j, sign: 1) }
        }
    }
}
