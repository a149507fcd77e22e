#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

import SCNetwork
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

/// MODEL.md 7.15: a score one cannot see is judged from the tier and the posts.
public enum VisibilityRule {
    /// The score a citizen judges another to have: the middle of the other's tier band
    /// ([score.min, penalty threshold), [penalty, benefit threshold), [benefit threshold,
    /// score.max]), moved by what its posts say to the score (R w_share (H_j - H_ref), the
    /// post term of 7.6), plus noise sd x z, clamped to the score bounds.
    @inlinable
    public static func judgedScore(tier: UInt8, postSignal H: Double, z: Double, parameters p: ModelParameters) -> Double {
        let anchor: Double
        switch tier {
        case Tier.benefit.rawValue: anchor = (p.benefitThreshold + p.scoreMax) / 2
        case Tier.penalty.rawValue: anchor = (p.scoreMin + p.penaltyThreshold) / 2
        default: anchor = (p.penaltyThreshold + p.benefitThreshold) / 2
        }
        let judged = anchor + p.scoreRange * p.weightShare * (H - p.normShare) + p.judgementNoise * z
        return min(p.scoreMax, max(p.scoreMin, judged))
    }
}

extension Simulation {
    /// Phase 8. Every decision reads the network as it stood when the phase began. Drift
    /// and look decisions are Bernoulli trials drawn as runs per block (`BernoulliTrials`,
    /// a geometric skip per success). Draws per citizen i, in this order: for each friend j
    /// in adjacency order, the drift trial (when j > i and the tie is not inside a ring),
    /// then the look trial (when i is enrolled) and the drop draw (when j is enrolled too);
    /// then the proposal (a trial of the block's proposal run, or a uniform in the benefit
    /// tier), and when it proposes, the
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
        // The event log's per-block buffers, when it logs ties (one branch per event).
        let tieLog = eventLog.flatMap { $0.ties ? $0.tieBlocks : nil }
        // Score visibility (7.15): friends' scores are judged when private, a proposer's
        // whenever not public. The default (public) draws nothing more.
        let judgeFriends = p.scoreVisibility == .privateScores, judgeProposers = p.scoreVisibility != .publicScores
        let resister = Strategy.resister.rawValue
        graph.withAdjacency { adj in
            runner.forEachBlock(step: UInt64(t), phase: .ties) { ctx in
                let r = ctx.random
                let box = outboxes[ctx.block]
                let logged = tieLog?[ctx.block]
                box.drops.removeAll(keepingCapacity: true)
                box.adds.removeAll(keepingCapacity: true)
                // One run of drift trials and one of look trials per block, in citizen and
                // adjacency order: a geometric skip per success instead of a uniform per tie.
                var drift = BernoulliTrials(p: p.driftRate, random: r)
                var look = BernoulliTrials(p: lookProbability, random: r)
                // Proposals at the base rate are a third run; a citizen in the benefit tier,
                // whose rate is boosted, draws its own uniform instead.
                var propose = BernoulliTrials(p: min(1, p.proposeRate), random: r)
                let end = ctx.citizens.upperBound, ahead = AdjacencyView.prefetchDistance
                for i in ctx.citizens {
                    if i + ahead < end { adj.prefetchList(of: i + ahead) }
                    // A ring member reads every friend's ring (its ring mates live anywhere):
                    // ask for them a few citizens ahead, once that list has arrived.
                    if i + ahead / 2 < end && pop.ring[i + ahead / 2] >= 0 { adj.prefetchNeighbours(of: i + ahead / 2, in: pop.ring.base) }
                    let ringOfI = pop.ring[i]
                    let enrolledI = pop.enrolled[i] != 0
                    let colluder = pop.strategy[i] == Strategy.colluder.rawValue
                    let scoreI = score[i], sensitivityI = pop.sensitivity[i]
                    let friends = adj.neighbors(i)
                    // Most citizens see no drift or look success among their friends: when
                    // the next success of both runs lies beyond this citizen's trials, pass
                    // over them at once (the same trials, none succeeding, no draws).
                    var skipped = false
                    if ringOfI < 0 {
                        // Friends with a larger id: the ties whose drift trial is i's. Kept
                        // by the graph, so a citizen passed over never reads its list.
                        let above = Int(adj.higher[i])
                        let looks = enrolledI ? friends.count : 0
                        if drift.failuresLeft(atLeast: above) && look.failuresLeft(atLeast: looks) {
                            skipped = drift.skipIfNoSuccess(in: above) && look.skipIfNoSuccess(in: looks)
                        }
                    }
                    if !skipped {
                    for j32 in friends {
                        let j = Int(j32)
                        let ringMates = ringOfI >= 0 && ringOfI == pop.ring[j]
                        // A drift trial when j > i (the sign bit of i - j) and not ring mates.
                        let trial = Int(bitPattern: UInt(bitPattern: i &- j) >> 63) & (ringMates ? 0 : 1)
                        if drift.next(r, ifTrial: trial) {
                            box.drops.append(edgeKey(i, j))
                            if let logged { logged.events.append(RawEvent(.tieRemoved, .drift, citizen: i, other: j)) }
                        }
                        // The look trial before the friend's enrolment: a rare success, then
                        // one read of the friend, instead of a read (and an unpredictable
                        // branch) per friend. Trials are independent, so which friends are
                        // looked at has the same distribution either way.
                        if enrolledI && look.next(r) && pop.enrolled[j] != 0 {
                            if colluder && ringMates { continue }
                            // A resister unfriends nobody for a score (7.14).
                            if pop.strategy[i] == resister { continue }
                            let kappa = p.unfriendStrength * (colluder ? p.colluderUnfriendFactor : 1)
                            let seen = judgeFriends ? VisibilityRule.judgedScore(tier: pop.tier[j], postSignal: pop.postSignal[j],
                                                                                 z: r.normal(mean: 0, sd: 1), parameters: p) : score[j]
                            let drop = TieRule.unfriendProbability(strength: kappa, eta: p.eta, sensitivity: sensitivityI,
                                                                   ownScore: scoreI, friendScore: seen, range: p.scoreRange)
                            if r.uniform() < drop {
                                box.drops.append(edgeKey(i, j))
                                if let logged { logged.events.append(RawEvent(.tieRemoved, .unfriend, citizen: i, other: j, value: scoreI - seen)) }
                            }
                        }
                    }
                    }
                    let proposes = pop.tier[i] == Tier.benefit.rawValue ? r.uniform() < min(1, p.proposeRate * p.benefitTieBoost)
                        : propose.next(r)
                    guard proposes else { continue }
                    var target = -1, triadic = false
                    let degree = Int(adj.degree[i])
                    if r.uniform() < p.triadicShare && degree > 0 {
                        let friend = Int(adj.neighbors(i)[r.uniformInt(degree)])
                        let friendsOfFriend = adj.neighbors(friend)
                        let candidate = Int(friendsOfFriend[r.uniformInt(friendsOfFriend.count)])
                        // A sybil (7.19, id >= N) befriends only paying buyers.
                        if candidate != i && candidate < n && !adj.listOf(i, contains: candidate) { target = candidate; triadic = true }
                    }
                    if target < 0 {
                        var other = r.uniformInt(n - 1)
                        if other >= i { other += 1 }
                        if adj.listOf(i, contains: other) { continue }
                        target = other
                    }
                    if enrolledI && pop.enrolled[target] != 0 {
                        // The target judges a proposer whose score it cannot see (7.15).
                        let proposer = judgeProposers ? VisibilityRule.judgedScore(tier: pop.tier[i], postSignal: pop.postSignal[i],
                                                                                   z: r.normal(mean: 0, sd: 1), parameters: p) : scoreI
                        let accept = TieRule.acceptProbability(strength: p.acceptStrength, eta: p.eta,
                                                               targetSensitivity: pop.sensitivity[target],
                                                               targetScore: score[target], proposerScore: proposer, range: p.scoreRange)
                        if r.uniform() >= accept { continue }
                    }
                    box.adds.append(edgeKey(i, target))
                    if let logged { logged.events.append(RawEvent(.tieAdded, triadic ? .triadic : .proposal, citizen: i, other: target)) }
                }
            }
        }
        timed("ties_apply") { applyTieChanges() }
        if let log = eventLog, log.ties { log.flushTies() }
    }

    /// Applies the blocks' drops, then their additions, each in ascending (i, j) order,
    /// duplicates and existing ties ignored.
    ///
    /// On several threads at once: each worker changes only the lists of the citizens whose
    /// blocks it runs, taking the changes that touch them in ascending key order. A list's
    /// final order depends only on the order of the changes made to it, so the graph is the
    /// one a single thread applying every change in key order would make. Additions to a
    /// full list wait for a short sequential pass (growing a list moves it in the shared
    /// storage); every later addition to that list waits too, keeping its order.
    func applyTieChanges() {
        let outboxes = self.outboxes
        let runner = self.runner
        let totalsCurrent = friendTotalsStep == step
        let pop = population
        let current = pop.postColumn(forStep: step)
        let journaling = graph.journal.isRecording
        for drops in [true, false] {
            graph.withMutableLists { lists in
                runner.forEachWorker { w, scratch in
                    let mine = runner.citizens(ofWorker: w)
                    scratch.tieKeys.removeAll(keepingCapacity: true)
                    for box in outboxes {
                        for key in drops ? box.drops : box.adds
                        where mine.contains(Int(key >> 32)) || mine.contains(Int(key & 0xFFFF_FFFF)) {
                            scratch.tieKeys.append(key)
                        }
                    }
                    scratch.tieKeys.sort()
                    if drops {
                        scratch.deferredHalves.removeAll(keepingCapacity: true); scratch.tiesRemoved = 0; scratch.tiesAdded = 0
                        scratch.removedKeys.removeAll(keepingCapacity: true); scratch.addedKeys.removeAll(keepingCapacity: true)
                    }
                    var previous = UInt64.max
                    let keys = scratch.tieKeys, count = keys.count
                    for k in 0..<count {
                        // Both ends' lists and totals are random reads: ask for them ahead,
                        // the list starts further ahead (the lists are found through them).
                        if k + 16 < count {
                            let ahead = keys[k + 16]
                            let x = Int(ahead >> 32), y = Int(ahead & 0xFFFF_FFFF)
                            // Each citizen's start, degree and count of higher friends
                            // live in three columns: three misses an end, asked at once.
                            prefetch(lists.start + x); prefetch(lists.start + y)
                            prefetch(lists.degree + x); prefetch(lists.degree + y)
                            prefetch(lists.higher + x); prefetch(lists.higher + y)
                            if !drops { prefetch(lists.capacity + x); prefetch(lists.capacity + y) }
                        }
                        if k + 8 < count {
                            let ahead = keys[k + 8]
                            let x = Int(ahead >> 32), y = Int(ahead & 0xFFFF_FFFF)
                            prefetch(lists.slots + lists.start[x])
                            prefetch(lists.slots + lists.start[y])
                            if totalsCurrent {
                                prefetch(pop.friendPostTotals.base + x)
                                prefetch(pop.friendPostTotals.base + y)
                                prefetch(current.base + x)
                                prefetch(current.base + y)
                            }
                        }
                        let key = keys[k]
                        guard key != previous else { continue }
                        previous = key
                        let a = Int(key >> 32), b = Int(key & 0xFFFF_FFFF)
                        guard a != b else { continue }
                        for side in 0..<2 {
                            let me = side == 0 ? a : b, other = side == 0 ? b : a
                            guard mine.contains(me) else { continue }
                            let sign: Int
                            if drops {
                                guard lists.detach(Int32(other), from: me) else { continue }
                                if me == a {
                                    scratch.tiesRemoved += 1
                                    if journaling { scratch.removedKeys.append(key) }
                                }
                                sign = -1
                            } else {
                                guard !lists.listOf(me, contains: other) else { continue }
                                if !lists.appendIfRoom(Int32(other), to: me) {
                                    scratch.deferredHalves.append(UInt64(me) << 32 | UInt64(other))
                                }
                                if me == a {
                                    scratch.tiesAdded += 1
                                    if journaling { scratch.addedKeys.append(key) }
                                }
                                sign = 1
                            }
                            if totalsCurrent { pop.adjustFriendTotals(of: me, friend: other, sign: sign, posts: current) }
                        }
                    }
                }
            }
        }
        var added = 0, removed = 0
        for scratch in runner.scratch {
            added += scratch.tiesAdded
            removed += scratch.tiesRemoved
            for half in scratch.deferredHalves { graph.appendHalfTie(Int32(half & 0xFFFF_FFFF), to: Int(half >> 32)) }
        }
        graph.noteTieChanges(added: added, removed: removed)
        if journaling {
            // Every removal of the batch came before every addition.
            for scratch in runner.scratch { graph.journal.record(removed: scratch.removedKeys, added: []) }
            for scratch in runner.scratch { graph.journal.record(removed: [], added: scratch.addedKeys) }
        }
        tiesAdded += added
        tiesRemoved += removed
    }
}

/// Friendship drift, unfriending, proposals and triadic closure (MODEL.md 7.8). An entry of `ReferencePhases.standard`.
public struct TiesPhase: StepPhase {
    public init() {}
    public var name: String { "ties" }
    public var stream: StreamID { Phase.ties.streamID }
    public func run(_ simulation: Simulation, step: Int) { simulation.runTies(step: step) }
}
