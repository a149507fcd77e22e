import SCNetwork
import SCRandom

/// MODEL.md 7.17: friendship for sale, priced by what it does to each side's score.
public enum MarketRule {
    /// A buyer's expected score gain per week from befriending a seller: the tie moves its
    /// friends' mean F from F_b to (k F_b + S_s) / (k + 1), and its target by eta times that
    /// (7.6), to which the score relaxes: eta (S_s - F_b) / (k + 1), k its enrolled friends.
    @inlinable
    public static func buyerGain(eta: Double, sellerScore: Double, buyerFriendMean: Double, buyerFriends k: Int) -> Double {
        eta * (sellerScore - buyerFriendMean) / Double(k + 1)
    }

    /// The seller's expected loss per week: the same on its side, when the buyer scores
    /// below its friends' mean (0 otherwise, and 0 for a seller with no enrolled friend).
    @inlinable
    public static func sellerLoss(eta: Double, buyerScore: Double, sellerFriendMean: Double, sellerFriends k: Int) -> Double {
        k > 0 ? eta * max(0, sellerFriendMean - buyerScore) / Double(k + 1) : 0
    }

    /// The seller's price for a contract of `weeks`: fee + pricePerPoint x loss x weeks.
    @inlinable
    public static func price(loss: Double, weeks: Int, fee: Double, pricePerPoint: Double) -> Double {
        fee + pricePerPoint * loss * Double(weeks)
    }

    /// What the buyer would pay at most: valuePerPoint x s_b x gain x weeks.
    @inlinable
    public static func willingness(gain: Double, sensitivity s: Double, weeks: Int, valuePerPoint: Double) -> Double {
        valuePerPoint * s * max(0, gain) * Double(weeks)
    }

    /// A trade happens when the buyer gains, values the tie at least at its price, and can pay it.
    @inlinable
    public static func accepts(gain: Double, willingness: Double, price: Double, buyerWealth: Double) -> Bool {
        gain > 0 && willingness >= price && buyerWealth >= price
    }
}

/// A bought tie: who bought whom, until when, for how much.
public struct MarketContract: Equatable, Sendable {
    public var buyer: Int32
    public var seller: Int32
    /// The step at whose market phase the contract ends or is renewed.
    public var expiry: Int
    public var price: Double
}

/// What the friendship market did in one step.
public struct MarketTally: Equatable, Sendable {
    public var trades = 0
    public var renewals = 0
    /// Contracts that ended (not renewed, or the tie was already gone).
    public var ended = 0
    /// Sum of prices of this step's trades and renewals.
    public var priceSum = 0.0
    /// Money buyers paid, and the part thieves took.
    public var paid = 0.0
    public var paidToThieves = 0.0
}

extension Simulation {
    /// The mean score of i's enrolled friends and how many there are.
    func enrolledFriendMean(_ i: Int, _ adj: AdjacencyView) -> (mean: Double, count: Int) {
        let pop = population
        var sum = 0.0, k = 0
        for j in adj.neighbors(i) where pop.enrolled[Int(j)] != 0 { sum += pop.score[Int(j)]; k += 1 }
        return (k > 0 ? sum / Double(k) : 0, k)
    }

    /// A trade of a tie between buyer i and seller j at the current state, or nil.
    func marketOffer(buyer i: Int, seller j: Int, _ adj: AdjacencyView) -> Double? {
        let p = parameters, pop = population
        let (fb, kb) = enrolledFriendMean(i, adj)
        guard kb > 0 else { return nil }
        let (fs, ks) = enrolledFriendMean(j, adj)
        let gain = MarketRule.buyerGain(eta: p.eta, sellerScore: pop.score[j], buyerFriendMean: fb, buyerFriends: kb)
        let loss = MarketRule.sellerLoss(eta: p.eta, buyerScore: pop.score[i], sellerFriendMean: fs, sellerFriends: ks)
        let price = MarketRule.price(loss: loss, weeks: p.marketContractWeeks, fee: p.marketFee, pricePerPoint: p.marketPricePerPoint)
        let wtp = MarketRule.willingness(gain: gain, sensitivity: pop.sensitivity[i], weeks: p.marketContractWeeks, valuePerPoint: p.marketValuePerPoint)
        return MarketRule.accepts(gain: gain, willingness: wtp, price: price, buyerWealth: pop.wealth[i]) ? price : nil
    }

    /// Phase 8b (MODEL.md 7.17), after the ties phase. First the contracts due this step,
    /// in the order they were made: renewed at the current price when the buyer still
    /// accepts (both enrolled, the tie still there), otherwise ended and the tie removed.
    /// Then the sellers are listed (enrolled citizens with score >= market.sellerMinScore,
    /// or accounts a thief holds, below their capacity), in id order; each enrolled citizen
    /// whose enrolled friends score below it on average shops with probability
    /// min(1, shopRate s_i), picks a seller uniformly and makes an offer when it accepts
    /// the price (drawn in blocks on the market stream; the offers read the state as the
    /// phase began). The offers are applied in block and citizen order, each checked again
    /// (capacity, wealth, not yet friends): the buyer pays, the seller (or its thief) is
    /// paid, the tie is added and the contract recorded.
    func runMarket(step t: Int) {
        let p = parameters, pop = population
        guard pop.boughtTies.count > 0 else { return }
        var tally = MarketTally()
        let thieves = pop.compromised.count > 0
        func pay(_ price: Double, from buyer: Int, to seller: Int) {
            pop.wealth[buyer] -= price
            tally.paid += price
            if thieves && pop.compromised[seller] != 0 { tally.paidToThieves += price } else { pop.wealth[seller] += price }
        }
        // Contracts due.
        if contracts.contains(where: { $0.expiry <= t }) {
            var kept: [MarketContract] = []
            kept.reserveCapacity(contracts.count)
            for var contract in contracts {
                guard contract.expiry <= t else { kept.append(contract); continue }
                let i = Int(contract.buyer), j = Int(contract.seller)
                let tied = graph.withAdjacency { $0.listOf(i, contains: j) }
                if tied, pop.enrolled[i] != 0, pop.enrolled[j] != 0,
                   let price = graph.withAdjacency({ marketOffer(buyer: i, seller: j, $0) }) {
                    pay(price, from: i, to: j)
                    tally.renewals += 1
                    tally.priceSum += price
                    contract.expiry = t + p.marketContractWeeks
                    contract.price = price
                    kept.append(contract)
                    continue
                }
                tally.ended += 1
                pop.boughtTies[i] -= 1
                pop.soldTies[j] -= 1
                if tied && graph.removeEdge(i, j) {
                    tiesRemoved += 1
                    adjustFriendTotals(i, j, sign: -1)
                }
            }
            contracts = kept
        }
        // Sellers.
        var sellers: [Int32] = []
        for j in 0..<pop.count where pop.enrolled[j] != 0 && Int(pop.soldTies[j]) < p.marketSellerCapacity
            && (pop.score[j] >= p.marketSellerMinScore || (thieves && pop.compromised[j] != 0)) {
            sellers.append(Int32(j))
        }
        if p.marketShopRate > 0 && !sellers.isEmpty {
            let outboxes = self.outboxes
            let sellerList = sellers
            graph.withAdjacency { adj in
                runner.forEachBlock(step: UInt64(t), phase: .market) { ctx in
                    let r = ctx.random
                    let box = outboxes[ctx.block]
                    box.offers.removeAll(keepingCapacity: true)
                    for i in ctx.citizens where pop.enrolled[i] != 0 {
                        guard r.uniform() < min(1, p.marketShopRate * pop.sensitivity[i]) else { continue }
                        let (fb, kb) = self.enrolledFriendMean(i, adj)
                        guard kb > 0, fb < pop.score[i] else { continue }
                        let j = Int(sellerList[r.uniformInt(sellerList.count)])
                        guard j != i, !adj.listOf(i, contains: j) else { continue }
                        if let price = self.marketOffer(buyer: i, seller: j, adj) {
                            box.offers.append(MarketContract(buyer: Int32(i), seller: Int32(j), expiry: t + p.marketContractWeeks, price: price))
                        }
                    }
                }
            }
            for box in outboxes {
                for offer in box.offers {
                    let i = Int(offer.buyer), j = Int(offer.seller)
                    guard Int(pop.soldTies[j]) < p.marketSellerCapacity, pop.wealth[i] >= offer.price, graph.addEdge(i, j) else { continue }
                    pay(offer.price, from: i, to: j)
                    tiesAdded += 1
                    adjustFriendTotals(i, j, sign: 1)
                    pop.boughtTies[i] += 1
                    pop.soldTies[j] += 1
                    contracts.append(offer)
                    tally.trades += 1
                    tally.priceSum += offer.price
                }
            }
        }
        marketTally = tally
    }
}

/// The friendship market (MODEL.md 7.17), after the ties phase. An entry of
/// `ReferencePhases.standard`; does nothing unless the market is scheduled.
public struct MarketPhase: StepPhase {
    public init() {}
    public var name: String { "market" }
    public var stream: StreamID { Phase.market.streamID }
    public func run(_ simulation: Simulation, step: Int) { simulation.runMarket(step: step) }
}
