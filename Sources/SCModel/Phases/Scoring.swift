import SCNetwork

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
    /// Phases 4 and 6 in one pass over friends, after phase 5 (bills).
    ///
    /// The opinion update (7.4) reads friends' posts of this step; scoring (7.6) reads
    /// friends' scores as they stood when the phase began. Neither reads what bills or the
    /// other writes (opinion writes o_i, bills c_i, scoring the next score), so running bills
    /// first and the two together gives exactly the values of MODEL.md's order, while each
    /// friend is read once, from one packed record (`Population.face`).
    ///
    /// The pass also leaves each citizen's friend post totals (`friendPostTotals`) for the
    /// next step's expression phase; tie changes keep them exact.
    func runScoring(step t: Int) {
        let pop = population
        let p = parameters
        let blockCount = runner.blockCount
        let current = pop.postColumn(forStep: t)
        let score = pop.score, next = pop.scoreNext, face = pop.face, referrals = pop.referrals
        let outboxes = self.outboxes
        // Pre-pass: each citizen's face, per-block sums for S_bar (added in block order, so
        // the value is thread-independent), and who joined this step.
        let sums = UnsafeMutablePointer<(Double, Int)>.allocate(capacity: blockCount)
        defer { sums.deallocate() }
        runner.forEachBlock(step: UInt64(t), phase: .scoring) { ctx in
            var sum = 0.0, n = 0
            let box = outboxes[ctx.block]
            box.joiners.removeAll(keepingCapacity: true)
            for i in ctx.citizens {
                // The score when enrolled, +0 when not, by masking its bits (a branch on
                // enrolment mispredicts for one citizen in three); adding +0 to the sum of
                // positive scores leaves it bit for bit unchanged.
                let enrolled = UInt64(pop.enrolled[i])
                let shown = Double(bitPattern: score[i].bitPattern & (0 &- enrolled))
                sum += shown
                n &+= Int(enrolled)
                face[i] = FriendFace(score: shown, posts: current[i])
                referrals[i] = 0
                if pop.joinedThisStep[i] != 0 { box.joiners.append(Int32(i)) }
            }
            sums[ctx.block] = (sum, n)
        }
        var total = 0.0, enrolledCount = 0
        for b in 0..<blockCount { total += sums[b].0; enrolledCount += sums[b].1 }
        // Sybils (7.19) are enrolled accounts to the score: their faces and their scores in
        // S_bar, after the citizens' blocks.
        let sybils = pop.slotCount > pop.count
        if sybils {
            for s in pop.sybilSlots {
                let enrolled = UInt64(pop.enrolled[s])
                let shown = Double(bitPattern: score[s].bitPattern & (0 &- enrolled))
                total += shown
                enrolledCount &+= Int(enrolled)
                face[s] = FriendFace(score: shown, posts: current[s])
                referrals[s] = 0
            }
        }
        let mean = enrolledCount > 0 ? total / Double(enrolledCount) : 0
        graph.withAdjacency { adj in
            // Referrals: few joiners a step, so a short sequential pass over their friends.
            for box in outboxes {
                for i in box.joiners { for j in adj.neighbors(Int(i)) { referrals[Int(j)] += 1 } }
            }
            // Each sybil sold as a friend this step brings its buyer the referral bonus (7.19).
            for sale in sybilSales { referrals[Int(sale.buyer)] += 1 }
            runner.forEachBlock(step: UInt64(t), phase: .scoring) { ctx in
                let end = ctx.citizens.upperBound, ahead = AdjacencyView.prefetchDistance
                let stream = AdjacencyView.streamDistance
                for i in ctx.citizens {
                    if i + 2 * ahead < end { adj.prefetchList(of: i + 2 * ahead) }
                    if i + ahead < end { adj.prefetchNeighbours(of: i + ahead, in: face.base) }
                    if i & 7 == 0 && i + stream < end {
                        let k = i + stream
                        pop.credit.prefetch(k); pop.purchaseSignal.prefetch(k); pop.postSignal.prefetch(k)
                        pop.dissent.prefetch(k); pop.core.prefetch(k); score.prefetch(k); next.prefetch(k)
                        current.prefetch(k); pop.friendPostTotals.prefetch(k); pop.friendPostTotals.prefetch(k + 4)
                    }
                    var friendSum = 0.0, friendCount = 0, dissent = 0, visible = 0
                    for j in adj.neighbors(i) {
                        let friend = face[Int(j)]
                        // Without a branch (enrolment is a coin flip to the predictor): a
                        // friend not enrolled shows +0, and adding +0 to a sum of positive
                        // scores (or to +0) leaves it bit for bit unchanged.
                        friendSum += friend.score
                        friendCount &+= friend.enrolledCount
                        dissent &+= Int(friend.posts.dissent)
                        visible &+= Int(friend.posts.visible)
                    }
                    // 7.4
                    let o = pop.dissent[i]
                    let posts = Int(pop.genuinePosts[i])
                    let own = posts > 0 ? Double(current[i].dissent) / Double(posts) : o
                    let totals = PostTotals(dissent: dissent, visible: visible)
                    pop.friendPostTotals[i] = totals
                    pop.dissent[i] = OpinionRule.updated(opinion: o, ownShare: own, friendShare: totals.share(fallback: o), core: pop.core[i],
                                                         selfWeight: p.opinionSelfWeight, peerWeight: p.opinionPeerWeight,
                                                         coreWeight: p.opinionCoreWeight)
                    // 7.6
                    guard enrolledCount > 0, pop.enrolled[i] != 0 else { next[i] = score[i]; continue }
                    let friendMean = friendCount > 0 ? friendSum / Double(friendCount)
                        : ScoringRule.friendlessMean(rule: p.friendless, own: score[i], populationMean: mean, mid: p.scoreMid)
                    let b = ScoringRule.behaviour(credit: pop.credit[i], purchaseSignal: pop.purchaseSignal[i],
                                                  postSignal: pop.postSignal[i], parameters: p)
                    let target = ScoringRule.target(behaviour: b, friendMean: friendMean, populationMean: mean, parameters: p)
                    next[i] = ScoringRule.nextScore(score: score[i], target: target, newcomerFriends: Int(referrals[i]),
                                                    caught: pop.caught[i] != 0, parameters: p)
                }
            }
        }
        if sybils && enrolledCount > 0 { scoreSybils(populationMean: mean) } else if sybils {
            for s in pop.sybilSlots { next[s] = score[s] }
        }
        friendTotalsStep = t
        pop.swapScores()
    }

    /// Keeps `friendPostTotals` exact when the tie i-j is added (`sign` 1) or removed (-1)
    /// after this step's scoring pass: each end gains or loses the other's posts.
    @inline(__always)
    func adjustFriendTotals(_ i: Int, _ j: Int, sign: Int) {
        guard friendTotalsStep == step else { return }
        let current = population.postColumn(forStep: step)
        population.adjustFriendTotals(of: i, friend: j, sign: sign, posts: current)
        population.adjustFriendTotals(of: j, friend: i, sign: sign, posts: current)
    }
}

/// Scores, with the opinion update (phase 4) fused into the same pass (MODEL.md 7.4 and 7.6). An entry of `ReferencePhases.standard`.
public struct ScoringPhase: StepPhase {
    public init() {}
    public var name: String { "scoring" }
    public var stream: StreamID { Phase.scoring.streamID }
    public func run(_ simulation: Simulation, step: Int) { simulation.runScoring(step: step) }
}
