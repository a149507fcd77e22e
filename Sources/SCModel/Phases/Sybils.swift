import SCNetwork
import SCRandom

/// MODEL.md 7.19: vendors' fake accounts, padded to a high score and sold as friends.
public enum SybilRule {
    /// What a buyer would pay at most for a sybil's friendship: valuePerPoint x s_b x
    /// (max(0, gain) x weeks + referral bonus), with the gain per week of 7.17
    /// (`MarketRule.buyerGain`, 0 for a buyer without enrolled friends) over a market
    /// contract's weeks, plus the referral bonus the new friend brings once (7.6).
    @inlinable
    public static func value(gain: Double, referralBonus: Double, sensitivity s: Double, weeks: Int, valuePerPoint: Double) -> Double {
        valuePerPoint * s * (max(0, gain) * Double(weeks) + referralBonus)
    }

    /// A sale happens when the buyer values the friend above nothing, at least at its
    /// price, and can pay it.
    @inlinable
    public static func accepts(value: Double, price: Double, buyerWealth: Double) -> Bool {
        value > 0 && value >= price && buyerWealth >= price
    }

    /// P of a sybil: its fake purchases are all of the most approved category (approval
    /// `approval`), so P is that approval when it faked one and 0 otherwise (7.2).
    @inlinable
    public static func purchaseSignal(fakes: Int, approval: Double) -> Double {
        fakes > 0 ? approval : 0
    }

    /// H of a sybil: only approved spam, so 1 when it spammed and 0 otherwise (7.3).
    @inlinable
    public static func postSignal(spam: Int) -> Double {
        spam > 0 ? 1 : 0
    }
}

/// What vendors did in one step, or in the whole run so far (`Simulation.sybilTotals`).
public struct SybilTally: Equatable, Sendable {
    /// Sybils created, ties sold, sybils caught (closed).
    public var created = 0
    public var sold = 0
    public var caught = 0
    /// Money buyers paid vendors (it leaves the economy).
    public var paid = 0.0

    public init(created: Int = 0, sold: Int = 0, caught: Int = 0, paid: Double = 0) {
        self.created = created
        self.sold = sold
        self.caught = caught
        self.paid = paid
    }

    mutating func add(_ other: SybilTally) {
        created += other.created
        sold += other.sold
        caught += other.caught
        paid += other.paid
    }
}

extension Simulation {
    /// `graph` with `slots` vertices added after its citizens, every list in its order.
    static func withSybilSlots(_ graph: FriendshipGraph, slots: Int) -> FriendshipGraph {
        guard slots > 0 else { return graph }
        let n = graph.nodeCount
        var extended = FriendshipGraph(nodeCount: n + slots, reservedDegree: 12)
        graph.withAdjacency { adj in
            for i in 0..<n { for j in adj.neighbors(i) { extended.appendNeighbour(j, to: i) } }
        }
        return extended
    }

    /// The stream of the sybil phase's sequential draws (catching, creation, padding):
    /// (seed, step, sybils, blocks), one past the last block, so no block's shopping
    /// stream (seed, step, sybils, b) repeats it.
    func sybilStream(step t: Int) -> RandomStream {
        RandomStream(kind: parameters.generator,
                     key: StreamKey(seed: UInt64(parameters.seed), step: UInt64(t), phase: Phase.sybils.rawValue, block: UInt64(runner.blockCount)))
    }

    /// Phase 3b (MODEL.md 7.19), after expression and before bills and scoring.
    ///
    /// 1. Catching: each live sybil, in slot order, is caught with probability
    ///    `sybils.catchRate` (one uniform each): its account is closed, its ties removed.
    /// 2. Creation, from step `sybils.start`: Poisson(`sybils.createRate`) new sybils (one
    ///    draw) fill the lowest free slots; each enrols at `adoption.startScore` with credit
    ///    1 and the padder strategy.
    /// 3. Padding: each live sybil, in slot order, fakes Poisson(`consumption.fakePurchaseRate`)
    ///    purchases of the most approved category and posts Poisson(`expression.spamRate`)
    ///    approved spam (two draws), no genuine purchase or post; its vendor pays every bill.
    /// 4. Sale: the sybils for sale are the live ones scoring at least
    ///    `sybils.sellMinScore` with fewer than `sybils.maxBuyers` friends. Each enrolled
    ///    citizen shops with probability min(1, shopRate s_i), picks one of them uniformly
    ///    and offers when `SybilRule.accepts` (drawn in blocks on (seed, step, sybils,
    ///    block), reading the state as the sale began); offers are applied in block and
    ///    citizen order, each checked again (the sybil's room, the buyer's wealth, not yet
    ///    friends): the buyer pays `sybils.price` to the vendor, the tie is added, and the
    ///    buyer is owed this step's referral bonus (`sybilSales`, read by scoring).
    ///
    /// Draws from the sequential stream (`sybilStream`) in this order: the catch uniforms,
    /// the creation count, the padding counts.
    func runSybils(step t: Int) {
        let pop = population
        guard pop.slotCount > pop.count else { return }
        let p = parameters
        let random = sybilStream(step: t)
        let log = eventLog, logSybils = log?.sybils ?? false, logTies = log?.ties ?? false
        var tally = SybilTally()
        // 1. Catching.
        for s in pop.sybilSlots where pop.enrolled[s] != 0 {
            guard random.uniform() < p.sybilCatchRate else { continue }
            if logSybils { log?.append(RawEvent(.sybil, .caught, citizen: s, value: pop.score[s])) }
            closeSybil(s, logTies: logTies)
            tally.caught += 1
        }
        // 2. Creation.
        if t >= p.sybilStart && p.sybilCreateRate > 0 {
            var wanted = random.poisson(mean: p.sybilCreateRate)
            for s in pop.sybilSlots where wanted > 0 && pop.enrolled[s] == 0 {
                openSybil(s)
                wanted -= 1
                tally.created += 1
                if logSybils { log?.append(RawEvent(.sybil, .created, citizen: s, value: pop.score[s])) }
            }
        }
        // 3. Padding (this step's purchases, posts and bills).
        let current = pop.postColumn(forStep: t)
        let approval = goods.approval[mostApprovedCategory]
        for s in pop.sybilSlots {
            guard pop.enrolled[s] != 0 else { current[s] = PostCount(); continue }
            let fakes = random.poisson(mean: p.fakePurchaseRate), spam = random.poisson(mean: p.spamRate)
            pop.purchaseSignal[s] = SybilRule.purchaseSignal(fakes: fakes, approval: approval)
            pop.postSignal[s] = SybilRule.postSignal(spam: spam)
            pop.genuinePosts[s] = 0
            current[s] = PostCount(dissent: 0, visible: Int32(spam))
            pop.gamingActions[s] = Int32(fakes + spam)
            pop.credit[s] = BillsRule.updatedCredit(pop.credit[s], paidOnTime: true, memory: p.creditMemory)
        }
        // 4. Sale.
        var forSale: [Int32] = []
        for s in pop.sybilSlots where pop.enrolled[s] != 0 && pop.score[s] >= p.sybilSellMinScore
            && graph.degree(of: s) < p.sybilMaxBuyers {
            forSale.append(Int32(s))
        }
        if p.sybilShopRate > 0 && !forSale.isEmpty {
            let outboxes = self.outboxes
            let list = forSale
            graph.withAdjacency { adj in
                runner.forEachBlock(step: UInt64(t), phase: .sybils) { ctx in
                    let r = ctx.random
                    let box = outboxes[ctx.block]
                    box.offers.removeAll(keepingCapacity: true)
                    for i in ctx.citizens where pop.enrolled[i] != 0 {
                        guard r.uniform() < min(1, p.sybilShopRate * pop.sensitivity[i]) else { continue }
                        let j = Int(list[r.uniformInt(list.count)])
                        guard !adj.listOf(i, contains: j) else { continue }
                        if let price = self.sybilOffer(buyer: i, sybil: j, adj) {
                            box.offers.append(MarketContract(buyer: Int32(i), seller: Int32(j), expiry: t, price: price))
                        }
                    }
                }
            }
            for box in outboxes {
                for offer in box.offers {
                    let i = Int(offer.buyer), j = Int(offer.seller)
                    guard graph.degree(of: j) < p.sybilMaxBuyers, pop.wealth[i] >= offer.price, graph.addEdge(i, j) else { continue }
                    pop.wealth[i] -= offer.price
                    tally.paid += offer.price
                    tally.sold += 1
                    tiesAdded += 1
                    adjustFriendTotals(i, j, sign: 1)
                    sybilSales.append(offer)
                    if logSybils { log?.append(RawEvent(.sybil, .sold, citizen: j, other: i, value: offer.price)) }
                    if logTies { log?.append(RawEvent(.tieAdded, .sold, citizen: i, other: j)) }
                }
                box.offers.removeAll(keepingCapacity: true)
            }
        }
        sybilTally = tally
        sybilTotals.add(tally)
    }

    /// The price buyer i pays for sybil j's friendship when it accepts, or nil.
    func sybilOffer(buyer i: Int, sybil j: Int, _ adj: AdjacencyView) -> Double? {
        let p = parameters, pop = population
        let (fb, kb) = enrolledFriendMean(i, adj)
        let gain = kb > 0 ? MarketRule.buyerGain(eta: p.eta, sellerScore: pop.score[j], buyerFriendMean: fb, buyerFriends: kb) : 0
        let value = SybilRule.value(gain: gain, referralBonus: p.referralBonus, sensitivity: pop.sensitivity[i],
                                    weeks: p.marketContractWeeks, valuePerPoint: p.marketValuePerPoint)
        return SybilRule.accepts(value: value, price: p.sybilPrice, buyerWealth: pop.wealth[i]) ? p.sybilPrice : nil
    }

    /// A new sybil in free slot s: enrolled at the start score, credit 1, a padder with no
    /// traits of its own (it acts only through the sybil phase).
    func openSybil(_ s: Int) {
        let pop = population
        pop.enrolled[s] = 1
        pop.enrolledBefore[s] = 1
        pop.score[s] = parameters.startScore
        pop.credit[s] = 1
        pop.reliability[s] = 1
        pop.strategy[s] = Strategy.padder.rawValue
        pop.strategyBefore[s] = Strategy.padder.rawValue
        pop.tier[s] = Tier.none.rawValue
    }

    /// Closes sybil s: its ties go (in its list's order) and its slot is free again.
    func closeSybil(_ s: Int, logTies: Bool) {
        let pop = population
        for j in graph.neighbors(of: s) where graph.removeEdge(Int(j), s) {
            tiesRemoved += 1
            adjustFriendTotals(Int(j), s, sign: -1)
            if logTies { eventLog?.append(RawEvent(.tieRemoved, .caught, citizen: Int(j), other: s)) }
        }
        pop.enrolled[s] = 0
        pop.enrolledBefore[s] = 0
        pop.score[s] = 0
        pop.credit[s] = 0
        pop.reliability[s] = 0
        pop.purchaseSignal[s] = 0
        pop.postSignal[s] = 0
        pop.gamingActions[s] = 0
        pop.strategy[s] = 0
        pop.strategyBefore[s] = 0
        pop.tier[s] = Tier.none.rawValue
    }

    /// The scoring rule (7.6) for the live sybils, after the citizens' parallel pass:
    /// F from their enrolled friends' faces, their padded signals, credit and referral
    /// bonus, never an audit penalty. Free slots keep their (zero) score.
    func scoreSybils(populationMean mean: Double) {
        let pop = population, p = parameters
        let score = pop.score, next = pop.scoreNext, face = pop.face
        graph.withAdjacency { adj in
            for s in pop.sybilSlots {
                guard pop.enrolled[s] != 0 else { next[s] = score[s]; continue }
                var friendSum = 0.0, friendCount = 0
                for j in adj.neighbors(s) {
                    friendSum += face[Int(j)].score
                    friendCount &+= face[Int(j)].enrolledCount
                }
                let friendMean = friendCount > 0 ? friendSum / Double(friendCount)
                    : ScoringRule.friendlessMean(rule: p.friendless, own: score[s], populationMean: mean, mid: p.scoreMid)
                let b = ScoringRule.behaviour(credit: pop.credit[s], purchaseSignal: pop.purchaseSignal[s], postSignal: pop.postSignal[s], parameters: p)
                let target = ScoringRule.target(behaviour: b, friendMean: friendMean, populationMean: mean, parameters: p)
                next[s] = ScoringRule.nextScore(score: score[s], target: target, newcomerFriends: Int(pop.referrals[s]), caught: false, parameters: p)
            }
        }
    }

    /// Citizen-sybil ties standing, and citizens with at least one sybil friend.
    public func sybilFriendships() -> (ties: Int, citizens: Int) {
        let pop = population
        guard pop.slotCount > pop.count else { return (0, 0) }
        var ties = 0
        var marked = [Bool](repeating: false, count: pop.count)
        var citizens = 0
        graph.withAdjacency { adj in
            for s in pop.sybilSlots {
                for j in adj.neighbors(s) where Int(j) < pop.count {
                    ties += 1
                    if !marked[Int(j)] { marked[Int(j)] = true; citizens += 1 }
                }
            }
        }
        return (ties, citizens)
    }

    /// Sybil friends of each citizen (the ground truth of 7.19), empty without sybil farms.
    public func sybilFriendCounts() -> [Int32] {
        let pop = population
        guard pop.slotCount > pop.count else { return [] }
        var counts = [Int32](repeating: 0, count: pop.count)
        graph.withAdjacency { adj in
            for s in pop.sybilSlots { for j in adj.neighbors(s) where Int(j) < pop.count { counts[Int(j)] += 1 } }
        }
        return counts
    }
}

/// Sybil farms (MODEL.md 7.19), after expression. An entry of `ReferencePhases.standard`;
/// does nothing unless `sybils.capacity` > 0.
public struct SybilPhase: StepPhase {
    public init() {}
    public var name: String { "sybils" }
    public var stream: StreamID { Phase.sybils.streamID }
    public func run(_ simulation: Simulation, step: Int) { simulation.runSybils(step: step) }
}
