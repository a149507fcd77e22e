/// MODEL.md 7.6: the score moves toward a target set by behaviour and by friends' scores.
public enum ScoringRule {
    /// b_i = w_credit clamp((c - c_ref) / (1 - c_ref), -1, 1) + w_buy (P - P_ref) + w_share (H - H_ref).
    @inlinable
    public static func behaviour(credit c: Double, purchaseSignal P: Double, postSignal H: Double, parameters p: ModelParameters) -> Double {
        let creditTerm = min(1, max(-1, (c - p.normCredit) / (1 - p.normCredit)))
        return p.weightCredit * creditTerm + p.weightBuy * (P - p.normBuy) + p.weightShare * (H - p.normShare)
    }

    /// T_i = S_mid + R b_i + eta (F_i - S_bar).
    @inlinable
    public static func target(behaviour b: Double, friendMean F: Double, populationMean Sbar: Double, parameters p: ModelParameters) -> Double {
        p.scoreMid + p.scoreRange * b + p.eta * (F - Sbar)
    }

    /// S_i <- clamp((1 - rho) S_i + rho T_i + B_ref * newcomers - penalty).
    @inlinable
    public static func nextScore(score S: Double, target T: Double, newcomerFriends: Int, caught: Bool, parameters p: ModelParameters) -> Double {
        let raw = (1 - p.scoreRelaxation) * S + p.scoreRelaxation * T + p.referralBonus * Double(newcomerFriends)
            - (caught ? p.auditPenalty : 0)
        return min(p.scoreMax, max(p.scoreMin, raw))
    }

    /// F_i for a citizen with no enrolled friends, by the `score.friendless` rule.
    @inlinable
    public static func friendlessMean(rule: FriendlessRule, own: Double, populationMean: Double, mid: Double) -> Double {
        switch rule {
        case .mean: return populationMean
        case .own: return own
        case .mid: return mid
        case .fixed(let value): return value
        }
    }
}

extension Simulation {
    /// Phase 6 (no randomness). S_bar and each F_i read the scores as they stood when the
    /// phase began; new scores go to `scoreNext`, which then becomes the score.
    func runScoring(step t: Int) {
        let pop = population
        let p = parameters
        let blockCount = runner.blockCount
        // S_bar: per-block sums added in block order, so the value is thread-independent.
        let sums = UnsafeMutablePointer<(Double, Int)>.allocate(capacity: blockCount)
        defer { sums.deallocate() }
        let score = pop.score, next = pop.scoreNext
        runner.forEachBlock(step: UInt64(t), phase: .scoring) { ctx in
            var sum = 0.0, n = 0
            for i in ctx.citizens where pop.enrolled[i] != 0 { sum += score[i]; n += 1 }
            sums[ctx.block] = (sum, n)
        }
        var total = 0.0, enrolledCount = 0
        for b in 0..<blockCount { total += sums[b].0; enrolledCount += sums[b].1 }
        guard enrolledCount > 0 else {
            next.copy(from: score)
            return
        }
        let mean = total / Double(enrolledCount)
        graph.withAdjacency { adj in
            runner.forEachBlock(step: UInt64(t), phase: .scoring) { ctx in
                for i in ctx.citizens {
                    guard pop.enrolled[i] != 0 else { next[i] = score[i]; continue }
                    var friendSum = 0.0, friendCount = 0, newcomers = 0
                    for j32 in adj.neighbors(i) {
                        let j = Int(j32)
                        if pop.enrolled[j] != 0 { friendSum += score[j]; friendCount += 1 }
                        newcomers &+= Int(pop.joinedThisStep[j])
                    }
                    let friendMean = friendCount > 0 ? friendSum / Double(friendCount)
                        : ScoringRule.friendlessMean(rule: p.friendless, own: score[i], populationMean: mean, mid: p.scoreMid)
                    let b = ScoringRule.behaviour(credit: pop.credit[i], purchaseSignal: pop.purchaseSignal[i],
                                                  postSignal: pop.postSignal[i], parameters: p)
                    let target = ScoringRule.target(behaviour: b, friendMean: friendMean, populationMean: mean, parameters: p)
                    next[i] = ScoringRule.nextScore(score: score[i], target: target, newcomerFriends: newcomers,
                                                    caught: pop.caught[i] != 0, parameters: p)
                }
            }
        }
        pop.swapScores()
    }
}
