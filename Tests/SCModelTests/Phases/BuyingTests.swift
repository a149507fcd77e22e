import Foundation
import Testing
import SCNetwork
@testable import SCModel

/// Money, the friendship market and stolen accounts (MODEL.md 7.16-7.18), worked by hand.
struct BuyingTests {
    @Test func forgoingGoesBlackMarketFirstThenDearest() {
        let counts = UnsafeMutablePointer<UInt32>.allocate(capacity: 3)
        defer { counts.deallocate() }
        counts[0] = 2; counts[1] = 1; counts[2] = 3
        let price: [Double] = [1, 5, 2], order = [1, 2, 0]
        var cost = 2.0 + 5 + 6 + 3, hidden = 1, hiddenCost = 3.0
        // 16 > 8: the black-market purchase (3) goes, then one of category 1 (5): 8.
        let forgone = MoneyRule.forgo(cost: &cost, wealth: 8, hidden: &hidden, hiddenCost: &hiddenCost,
                                      counts: counts, price: price, dearestFirst: order, count: 3)
        #expect(forgone == 2 && cost == 8 && hidden == 0 && hiddenCost == 0)
        #expect([counts[0], counts[1], counts[2]] == [2, 0, 3])
        // With 1 left: category 2 (price 2) goes entirely, then 1 of category 0.
        var cost2 = 2.0 + 6, hidden2 = 0, hiddenCost2 = 0.0
        _ = MoneyRule.forgo(cost: &cost2, wealth: 1, hidden: &hidden2, hiddenCost: &hiddenCost2,
                            counts: counts, price: price, dearestFirst: order, count: 3)
        #expect(cost2 == 1 && [counts[0], counts[1], counts[2]] == [1, 0, 0])
    }

    @Test func giniByHand() {
        #expect(MoneyRule.gini(sorted: [0, 0, 0, 1]) == 0.75)
        #expect(MoneyRule.gini(sorted: [1, 1, 1, 1]) == 0)
        #expect(MoneyRule.gini(sorted: [0, 0]) == 0)
        // 1, 2, 3: (-2 + 0 + 6) / (3 x 6) = 2/9.
        #expect(abs(MoneyRule.gini(sorted: [1, 2, 3]) - 2.0 / 9) < 1e-15)
    }

    @Test func priceAndAcceptanceAtTheBoundary() {
        let gain = MarketRule.buyerGain(eta: 0.3, sellerScore: 800, buyerFriendMean: 500, buyerFriends: 2)
        #expect(abs(gain - 30) < 1e-12)
        let loss = MarketRule.sellerLoss(eta: 0.3, buyerScore: 600, sellerFriendMean: 750, sellerFriends: 4)
        #expect(abs(loss - 9) < 1e-12)
        #expect(MarketRule.sellerLoss(eta: 0.3, buyerScore: 800, sellerFriendMean: 750, sellerFriends: 4) == 0)
        #expect(MarketRule.sellerLoss(eta: 0.3, buyerScore: 100, sellerFriendMean: 0, sellerFriends: 0) == 0)
        let price = MarketRule.price(loss: 9, weeks: 8, fee: 1, pricePerPoint: 0.25)      // 1 + 18 = 19
        #expect(price == 19)
        let wtp = MarketRule.willingness(gain: 30, sensitivity: 1, weeks: 8, valuePerPoint: 0.2)  // 48
        #expect(abs(wtp - 48) < 1e-12)
        // The buyer must afford it: 19 accepted, 18.99 refused.
        #expect(MarketRule.accepts(gain: gain, willingness: wtp, price: price, buyerWealth: 19))
        #expect(!MarketRule.accepts(gain: gain, willingness: wtp, price: price, buyerWealth: 18.99))
        // The buyer's value must reach the price: equal accepted, a hair below refused.
        #expect(MarketRule.accepts(gain: gain, willingness: 19, price: 19, buyerWealth: 100))
        #expect(!MarketRule.accepts(gain: gain, willingness: 19.0.nextDown, price: 19, buyerWealth: 100))
        #expect(!MarketRule.accepts(gain: 0, willingness: 100, price: 0, buyerWealth: 100))
    }

    /// 0 (600) has one friend, 1 (400); 2 (800, a seller) has one friend, 3 (690, no seller).
    func market() -> Simulation {
        let sim = Fixtures.neutral(4, edges: [(0, 1), (2, 3)], scores: [600, 400, 800, 690]) { p in
            p.moneyEnabled = true
            p.marketShopRate = 1
            p.marketValuePerPoint = 0.2
            p.marketPricePerPoint = 0.2
            p.marketFee = 1
            p.marketContractWeeks = 8
        }
        for i in 0..<4 { sim.population.wealth[i] = 100 }
        return sim
    }

    @Test func aTradeRenewalAndEndByHand() {
        let sim = market()
        let pop = sim.population
        sim.runMarket(step: 0)
        // Only 0 shops (its friends score below it; 2 would pick itself, 1 and 3 do not):
        // gain 0.3 (800 - 400) / 2 = 60, loss 0.3 (690 - 600) / 2 = 13.5,
        // price 1 + 0.2 x 13.5 x 8 = 22.6, value 0.2 x 60 x 8 = 96.
        #expect(sim.marketTally.trades == 1 && sim.contracts.count == 1)
        let price = 1 + 0.2 * (0.3 * 90 / 2) * 8
        #expect(sim.contracts[0] == MarketContract(buyer: 0, seller: 2, expiry: 8, price: price))
        #expect(sim.graph.neighbors(of: 0).contains(2))
        #expect(pop.wealth[0] == 100 - price && pop.wealth[2] == 100 + price && pop.wealth[1] == 100)
        #expect(pop.boughtTies[0] == 1 && pop.soldTies[2] == 1)
        // At step 8 it renews at the new price: F_b = (400 + 800) / 2 = 600, gain
        // 0.3 x 200 / 3 = 20; F_s = (690 + 600) / 2 = 645, loss 0.3 x 45 / 3 = 4.5.
        sim.runMarket(step: 8)
        let renewal = 1 + 0.2 * (0.3 * 45 / 3) * 8
        #expect(sim.marketTally.renewals == 1 && sim.contracts[0].expiry == 16 && abs(sim.contracts[0].price - renewal) < 1e-12)
        // At step 16 the buyer is broke: the contract ends and the tie goes.
        pop.wealth[0] = 0
        sim.runMarket(step: 16)
        #expect(sim.marketTally.ended == 1 && sim.contracts.isEmpty && !sim.graph.neighbors(of: 0).contains(2))
        #expect(pop.boughtTies[0] == 0 && pop.soldTies[2] == 0)
    }

    @Test func aTheftAndRecoveryTouchOnlyTheVictim() {
        let sim = Fixtures.neutral(4, edges: [(0, 1), (1, 2), (2, 3)], scores: [600, 610, 620, 630]) { p in
            p.theftRate = 1
            p.theftNoticeRate = 1
        }
        let pop = sim.population
        for i in [0, 1, 3] { pop.enrolled[i] = 0 }
        sim.runTheft(step: 0)
        #expect((0..<4).map { pop.compromised[$0] } == [0, 0, 1, 0])
        #expect(pop.scoreAtTheft[2] == 620 && sim.theftTally.thefts == 1)
        pop.score[2] = 560
        sim.runTheft(step: 1)
        // Recovered (notice rate 1), and not taken again in the same step.
        #expect((0..<4).map { pop.compromised[$0] } == [0, 0, 0, 0])
        #expect(sim.theftTally.recoveries == 1 && sim.theftTally.lossSum == 60 && sim.theftTally.thefts == 0)
    }

    func everything(threads: Int = 2) -> ModelParameters {
        var p = ModelParameters()
        p.populationSize = 1500
        p.steps = 40
        p.blockSize = 100
        p.seed = 5
        p.enrolledShare = 0.6
        p.shareHonest = 0.9
        p.sharePadder = 0.04
        p.shareEvader = 0.04
        p.shareColluder = 0.02
        p.moneyEnabled = true
        p.wageMu = 1.0 // mean wage about 3.1 against about 3.4 purchases a week: many run short
        p.marketShopRate = 0.2
        p.marketSellerMinScore = 650
        p.theftRate = 0.01
        return p
    }

    /// Budgets never go negative, and money is conserved every step: wages in = spending on
    /// goods + what thieves took + the change in total wealth (market payments between
    /// citizens cancel).
    @Test func budgetsStayNonNegativeAndMoneyIsConserved() throws {
        let p = everything()
        let sim = try Simulation(parameters: p, threads: 2)
        let pop = sim.population
        func total() -> Double { (0..<pop.count).reduce(0) { $0 + pop.wealth[$1] } }
        var trades = 0, forgone = 0, theftPurchases = 0
        for t in 0..<p.steps {
            let before = total()
            sim.advance()
            let m = sim.moneyTally, market = sim.marketTally
            let change = total() - before
            let expected = m.wages - m.spending - market.paidToThieves
            #expect(abs(change - expected) <= 1e-9 * max(1, m.wages), "step \(t): change \(change), expected \(expected)")
            #expect((0..<pop.count).allSatisfy { pop.wealth[$0] >= 0 }, "step \(t)")
            trades += market.trades
            forgone += m.forgone
            theftPurchases += m.theftPurchases
        }
        // The mechanics did something.
        #expect(trades > 0 && forgone > 0 && theftPurchases > 0, "trades \(trades), forgone \(forgone), theft purchases \(theftPurchases)")
        #expect(sim.columnNames.contains("wealth_gini") && sim.columnNames.contains("buyer_premium_w5") && sim.columnNames.contains("paid_to_thieves"))
    }

    /// The bucket ranking by wealth (all citizens for the Gini, the enrolled for the
    /// quintiles) against the comparison sort by (wealth, id), at every step of a run with
    /// every buying mechanic on, on two workers; then with a wealth of -0.0 and one of -1,
    /// where the comparison sort takes over. The quintile columns are the plain rule's.
    @Test func wealthRankingIsTheComparisonSort() throws {
        let p = everything()
        let sim = try Simulation(parameters: p, threads: 2)
        func same(_ a: (citizens: [Int32], wealth: [Double]), _ b: (citizens: [Int32], wealth: [Double])) -> Bool {
            a.citizens == b.citizens && a.wealth.map(\.bitPattern) == b.wealth.map(\.bitPattern)
        }
        for t in 0..<p.steps {
            sim.advance()
            for enrolledOnly in [false, true] {
                let fast = sim.rankedByWealth(enrolledOnly: enrolledOnly), plain = sim.rankedByWealthComparing(enrolledOnly: enrolledOnly)
                #expect(same(fast, plain), "step \(t), enrolled only \(enrolledOnly)")
            }
            // The ten quintile columns from the plain ranking, by hand.
            let plain = sim.rankedByWealthComparing(enrolledOnly: true).citizens.map(Int.init)
            let pop = sim.population, n = plain.count
            let row = sim.observe(includeNetwork: false)
            for q in 0..<5 {
                let quintile = plain[(q * n / 5)..<((q + 1) * n / 5)]
                let buyers = quintile.filter { pop.boughtTies[$0] > 0 }
                let honest = quintile.filter { pop.boughtTies[$0] == 0 && pop.strategy[$0] == Strategy.honest.rawValue }
                let share = quintile.isEmpty ? nil : Double(buyers.count) / Double(quintile.count)
                func mean(_ s: [Int]) -> Double { s.reduce(0.0) { $0 + pop.score[$1] } / Double(s.count) }
                let premium = buyers.isEmpty || honest.isEmpty ? nil : mean(buyers) - mean(honest)
                #expect(row["buyer_share_w\(q + 1)"].number == share, "step \(t) quintile \(q + 1)")
                #expect(row["buyer_premium_w\(q + 1)"].number == premium, "step \(t) quintile \(q + 1)")
            }
        }
        // Equal wealth, ranked by id.
        for i in stride(from: 10, to: 400, by: 13) { sim.population.wealth[i] = 2.5 }
        for enrolledOnly in [false, true] {
            #expect(same(sim.rankedByWealth(enrolledOnly: enrolledOnly), sim.rankedByWealthComparing(enrolledOnly: enrolledOnly)))
        }
        sim.population.wealth[3] = -0.0
        sim.population.wealth[7] = -1
        #expect(same(sim.rankedByWealth(enrolledOnly: false), sim.rankedByWealthComparing(enrolledOnly: false)))
        #expect(sim.rankedByWealth(enrolledOnly: false).citizens.first == 7)
    }

    @Test func everyBuyingMechanicOnIsTheSameOnOneAndTwoThreads() throws {
        let p = everything()
        #expect(try Fixtures.csv(p, threads: 1) == Fixtures.csv(p, threads: 2))
    }

    @Test func aCheckpointKeepsWealthAndContracts() throws {
        var p = everything()
        p.steps = 24
        let straight = try Simulation(parameters: p, threads: 2)
        var expected: [[MetricValue]] = []
        for _ in 0..<24 { straight.advance(); expected.append(straight.observe(includeNetwork: true).values) }
        let first = try Simulation(parameters: p, threads: 1)
        for _ in 0..<12 { first.advance() }
        #expect(!first.contracts.isEmpty)
        let (restored, _) = try Checkpoint.decode(try Checkpoint.encode(first, extra: [:]), threads: 2)
        #expect(restored.contracts.count == first.contracts.count)
        // The checkpoint's own row (this step's money, market and theft counts included).
        #expect(restored.observe(includeNetwork: true).values == expected[11])
        for (a, b) in zip(restored.contracts, first.contracts) where a != b {
            Issue.record("contract differs: \(a) restored, \(b) written")
            break
        }
        var rows: [[MetricValue]] = []
        for _ in 12..<24 { restored.advance(); rows.append(restored.observe(includeNetwork: true).values) }
        #expect(rows == Array(expected[12...]))
    }

    @Test func theMarketNeedsMoney() {
        var p = ModelParameters()
        p.marketShopRate = 0.1
        #expect(p.consistencyProblems().map(\.path) == ["market.shopRate"])
        p.moneyEnabled = true
        #expect(p.consistencyProblems().isEmpty)
        #expect(p.columnGroups == ["credit", "money", "market"])
    }
}
