#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

import SCRandom

/// MODEL.md 7.3: what citizens post, bent by the score and by what their friends post.
public enum ExpressionRule {
    /// q_i = sigmoid(logit(o_i) - beta_share * s_i * e_i + gamma_peer * (X'_i - o_i)), with
    /// o_i clipped to [1e-6, 1 - 1e-6] inside the logit.
    ///
    /// Computed as o / (o + (1 - o) e^-z), z the two shifts: the sigmoid of the logit
    /// written out (e^-logit(o) = (1 - o) / o, multiplied through by o), with one
    /// exponential and one division instead of an exponential, a logarithm and two
    /// divisions per citizen and step.
    @inlinable
    public static func dissentProbability(opinion o: Double, sensitivity s: Double, enrolled: Bool,
                                          peerShare: Double, shareIncentive: Double, peerPressure: Double) -> Double {
        let clipped = min(1 - 1e-6, max(1e-6, o))
        let z = -shareIncentive * s * (enrolled ? 1 : 0) + peerPressure * (peerShare - o)
        return clipped / (clipped + (1 - clipped) * exp(-z))
    }

    /// The same with informants' deterrence (MODEL.md 7.13): the logit shifted further by
    /// -deterrence * s_i * caution_i.
    @inlinable
    public static func dissentProbability(opinion o: Double, sensitivity s: Double, enrolled: Bool, peerShare: Double,
                                          shareIncentive: Double, peerPressure: Double, deterrence: Double, caution: Double) -> Double {
        let clipped = min(1 - 1e-6, max(1e-6, o))
        let z = -shareIncentive * s * (enrolled ? 1 : 0) + peerPressure * (peerShare - o) - deterrence * s * caution
        return clipped / (clipped + (1 - clipped) * exp(-z))
    }

    /// H_i = (approved - dissent) / max(1, all posts), approved = genuine non-dissent + spam.
    @inlinable
    public static func postSignal(genuine: Int, dissent: Int, spam: Int) -> Double {
        let all = genuine + spam
        return all > 0 ? Double(genuine - dissent + spam - dissent) / Double(all) : 0
    }
}

/// 1 / (1 + e^-x).
@inlinable
public func sigmoid(_ x: Double) -> Double { 1 / (1 + exp(-x)) }

/// ln(p / (1 - p)) with p clipped to [1e-6, 1 - 1e-6] (MODEL.md section 7 notation).
@inlinable
public func logit(_ p: Double) -> Double {
    let q = min(1 - 1e-6, max(1e-6, p))
    return log(q / (1 - q))
}

extension Simulation {
    /// Phase 3. X'_i reads friends' posts of the previous step: the totals the last scoring
    /// pass left and tie changes kept exact, or, when there are none (step 0, a restored
    /// checkpoint), a visit to every friend's entry in the other parity buffer, which holds
    /// zeros at step 0, so X'_i = o_i then, as MODEL.md says. Draws per citizen:
    /// number of posts, dissent count, spam (enrolled padders and colluders).
    func runExpression(step t: Int) {
        let pop = population
        let p = parameters
        let current = pop.postColumn(forStep: t), previous = pop.postColumn(forStep: t + 1)
        let networkPenalty = p.penaltyNetwork
        let tallies = self.tallies
        let totals = friendTotalsStep == t - 1 ? pop.friendPostTotals : nil
        // Poisson means shared by many citizens, with e^-mean computed once (`poisson(mean:expMinusMean:)`).
        let postDraw = PoissonMean(p.postRate), penaltyPostDraw = PoissonMean(p.postRate * networkPenalty)
        let spamDraw = PoissonMean(p.spamRate)
        // Informants' deterrence reads caution only while informants are scheduled.
        let caution = pop.caution, deterred = pop.caution.count > 0
        let resister = Strategy.resister.rawValue
        graph.withAdjacency { adj in
            runner.forEachBlock(step: UInt64(t), phase: .expression) { ctx in
                let r = ctx.random
                var tally = tallies[ctx.block]
                for i in ctx.citizens {
                    let o = pop.dissent[i]
                    let enrolled = pop.enrolled[i] != 0
                    // Two calls, not a choice of table: choosing copied the 150-byte table per citizen.
                    let posts = pop.tier[i] == Tier.penalty.rawValue ? penaltyPostDraw.draw(r) : postDraw.draw(r)
                    // No posts, no dissent to draw: q (an exponential) only for those who post.
                    var dissent = 0
                    let strategy = Strategy(rawValue: pop.strategy[i]) ?? .honest
                    if posts > 0 && pop.strategy[i] == resister {
                        // A resister posts dissent openly: every post (7.14).
                        dissent = posts
                    } else if posts > 0 {
                        let peer = totals?[i].share(fallback: o) ?? friendsDissentShare(adj.neighbors(i), posts: previous, fallback: o)
                        let q = deterred
                            ? ExpressionRule.dissentProbability(opinion: o, sensitivity: pop.sensitivity[i], enrolled: enrolled, peerShare: peer,
                                                                shareIncentive: p.shareIncentive, peerPressure: p.peerPressure,
                                                                deterrence: p.informantDeterrence, caution: Double(caution[i]))
                            : ExpressionRule.dissentProbability(opinion: o, sensitivity: pop.sensitivity[i], enrolled: enrolled,
                                                                peerShare: peer, shareIncentive: p.shareIncentive, peerPressure: p.peerPressure)
                        dissent = r.binomial(trials: posts, p: q)
                    }
                    let spam = (enrolled && strategy.pads) ? spamDraw.draw(r) : 0
                    pop.genuinePosts[i] = Int32(posts)
                    current[i] = PostCount(dissent: Int32(dissent), visible: Int32(posts + spam))
                    pop.postSignal[i] = ExpressionRule.postSignal(genuine: posts, dissent: dissent, spam: spam)
                    pop.gamingActions[i] += Int32(spam)
                    tally.genuinePosts += posts
                    tally.dissentPosts += dissent
                    tally.fakePosts += spam
                }
                tallies[ctx.block] = tally
            }
        }
    }
}

/// Posts, dissent and spam (MODEL.md 7.3). An entry of `ReferencePhases.standard`.
public struct ExpressionPhase: StepPhase {
    public init() {}
    public var name: String { "expression" }
    public var stream: StreamID { Phase.expression.streamID }
    public func run(_ simulation: Simulation, step: Int) { simulation.runExpression(step: step) }
}
