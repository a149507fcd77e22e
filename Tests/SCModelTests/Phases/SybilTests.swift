import Foundation
import Testing
import SCNetwork
@testable import SCModel

/// Sybil farms (MODEL.md 7.19), worked by hand, and the run-level guarantees.
struct SybilTests {
    /// Citizens 0 and 1 (600 each, friends), sybil slot 2 (opened by hand at 800); only 0
    /// can pay the price of 2.
    func farm() -> Simulation {
        let sim = Fixtures.neutral(2, edges: [(0, 1)], scores: [600, 600]) { p in
            p.moneyEnabled = true
            p.sybilCapacity = 1
            p.sybilCreateRate = 0
            p.sybilCatchRate = 0
            p.sybilShopRate = 1
            p.sybilPrice = 2
            p.sybilSellMinScore = 700
            p.marketValuePerPoint = 0.2
            p.marketContractWeeks = 8
            p.networkMetricsMode = .sampled
        }
        let pop = sim.population
        #expect(pop.count == 2 && pop.slotCount == 3 && sim.graph.nodeCount == 3 && pop.sybilSlots == 2..<3)
        sim.openSybil(2)
        pop.score[2] = 800
        pop.wealth[0] = 10
        pop.wealth[1] = 0
        return sim
    }

    @Test func aSybilsReferralBonusByHand() {
        let sim = farm()
        let pop = sim.population
        sim.runSybils(step: 0)
        // Citizen 0: F_b = 600 (one enrolled friend), gain 0.3 (800 - 600) / 2 = 30 a week;
        // value 0.2 x s (1) x (30 x 8 + 5) = 49 >= price 2, wealth 10: it buys.
        // Citizen 1 values it the same but has no money.
        #expect(sim.sybilTally == SybilTally(created: 0, sold: 1, caught: 0, paid: 2))
        #expect(sim.graph.neighbors(of: 2) == [0] && sim.graph.degree(of: 1) == 1)
        #expect(pop.wealth[0] == 8 && pop.wealth[1] == 0)
        #expect(sim.sybilSales.map(\.buyer) == [0])
        // The sybil padded: all spam posts, fake purchases of the most approved good (+1).
        let P = pop.purchaseSignal[2], H = pop.postSignal[2]
        #expect((P == 0 || P == 1) && (H == 0 || H == 1) && pop.credit[2] == 1)
        sim.runScoring(step: 0)
        // S_bar = (600 + 600 + 800) / 3: the score counts the sybil as an enrolled account.
        let mean = 2000.0 / 3
        // 0: F = (600 + 800) / 2 = 700, b = 0, T = 600 + 0.3 (700 - S_bar) = 610;
        // S = 0.9 x 600 + 0.1 x 610 + 5 (the sybil's referral bonus) = 606.
        let t0 = 600 + 0.3 * (700 - mean)
        #expect(abs(pop.score[0] - (0.9 * 600 + 0.1 * t0 + 5)) < 1e-9)
        #expect(abs(pop.score[0] - 606) < 1e-9)
        // 1: F = 600, no bonus: 0.9 x 600 + 0.1 (600 + 0.3 (600 - S_bar)) = 598.
        #expect(abs(pop.score[1] - 598) < 1e-9)
        // The sybil: credit 1, its padded P and H, friend 0 at 600.
        let b = 0.4 * 1 + 0.3 * (P - 0.1) + 0.3 * (H - 0.4)
        let ts = 600 + 250 * b + 0.3 * (600 - mean)
        #expect(abs(pop.score[2] - (0.9 * 800 + 0.1 * ts)) < 1e-9)
        // The bonus is paid once: the next step's scoring (no new sale) has none.
        sim.sybilSales.removeAll()
        let before = pop.score[0]
        sim.runScoring(step: 1)
        #expect(pop.score[0] < before + 5)
    }

    @Test func aSaleAtThePriceBoundary() {
        // 0.2 x 1 x (30 x 8 + 5) = 49.
        let value = SybilRule.value(gain: 30, referralBonus: 5, sensitivity: 1, weeks: 8, valuePerPoint: 0.2)
        #expect(abs(value - 49) < 1e-12)
        // A buyer without a gain still values the referral bonus: 0.2 x 5 = 1.
        #expect(SybilRule.value(gain: -10, referralBonus: 5, sensitivity: 1, weeks: 8, valuePerPoint: 0.2) == 1)
        #expect(SybilRule.accepts(value: 2, price: 2, buyerWealth: 2))
        #expect(!SybilRule.accepts(value: 2.0.nextDown, price: 2, buyerWealth: 100))
        #expect(!SybilRule.accepts(value: 100, price: 2, buyerWealth: 2.0.nextDown))
        #expect(!SybilRule.accepts(value: 0, price: 0, buyerWealth: 100))
        // In the phase: price 1.0 accepted (value 1 from the bonus alone), 1.0.nextUp refused.
        for (price, sold) in [(1.0, 1), (1.0.nextUp, 0)] {
            let sim = farm()
            sim.parameters.sybilPrice = price
            // 0's friend 1 scores what the sybil scores: no gain, the bonus alone.
            sim.population.score[2] = 700
            sim.population.score[1] = 700
            sim.runSybils(step: 0)
            #expect(sim.sybilTally.sold == sold, "price \(price)")
        }
    }

    @Test func aCaughtSybilLosesItsTiesAndItsSlotIsReused() {
        let sim = Fixtures.neutral(3, edges: [(0, 1)], scores: [600, 600, 600]) { p in
            p.moneyEnabled = true
            p.sybilCapacity = 2
            p.sybilCreateRate = 0
            p.sybilCatchRate = 1
            p.sybilShopRate = 0
            p.networkMetricsMode = .sampled
        }
        let pop = sim.population
        sim.openSybil(3)
        sim.graph.addEdge(0, 3)
        sim.graph.addEdge(2, 3)
        sim.runSybils(step: 0)
        #expect(sim.sybilTally.caught == 1 && pop.enrolled[3] == 0 && sim.graph.degree(of: 3) == 0)
        #expect(sim.graph.edgeCount == 1 && sim.tiesRemoved == 2 && sim.graph.invariantViolations().isEmpty)
        // Creation fills the free slots, lowest first, at the start score.
        sim.parameters.sybilCatchRate = 0
        sim.parameters.sybilCreateRate = 1000
        sim.runSybils(step: 1)
        #expect(sim.sybilTally.created == 2 && pop.enrolled[3] == 1 && pop.enrolled[4] == 1)
        #expect(pop.score[3] == 600 && pop.strategy[4] == Strategy.padder.rawValue)
        #expect(sim.sybilTotals == SybilTally(created: 2, sold: 0, caught: 1, paid: 0))
        // Not before sybils.start.
        let later = Fixtures.neutral(3, edges: [], scores: [600, 600, 600]) { p in
            p.moneyEnabled = true
            p.sybilCapacity = 2
            p.sybilCreateRate = 1000
            p.sybilStart = 5
            p.networkMetricsMode = .sampled
        }
        later.runSybils(step: 4)
        #expect(later.sybilTally.created == 0)
        later.runSybils(step: 5)
        #expect(later.sybilTally.created == 2)
    }

    @Test func triadicProposalsNeverReachASybil() {
        // 0's only friend is 1, whose only other friend is sybil 2: every triadic proposal
        // of 0 picks 2 and is redirected to a random citizen (there is none but 1).
        let sim = Fixtures.neutral(2, edges: [(0, 1)], scores: [600, 600]) { p in
            p.moneyEnabled = true
            p.sybilCapacity = 1
            p.proposeRate = 1
            p.triadicShare = 1
            p.driftRate = 0
            p.networkMetricsMode = .sampled
        }
        sim.openSybil(2)
        sim.graph.addEdge(1, 2)
        for t in 0..<20 { sim.runTies(step: t) }
        #expect(!sim.graph.neighbors(of: 0).contains(2) && sim.graph.invariantViolations().isEmpty)
    }

    func run(threads: Int = 2) -> ModelParameters {
        var p = ModelParameters()
        p.populationSize = 1500
        p.steps = 40
        p.blockSize = 100
        p.seed = 7
        p.enrolledShare = 0.6
        p.moneyEnabled = true
        p.marketShopRate = 0.2
        p.marketSellerMinScore = 650
        p.theftRate = 0.01
        p.sybilCapacity = 60
        p.sybilCreateRate = 3
        p.sybilSellMinScore = 650
        p.sybilShopRate = 0.2
        p.sybilCatchRate = 0.05
        p.metricGroups = ["deciles", "strategies", "unconfounded"]
        return p
    }

    /// Sybils act, are sold and caught; citizen metrics count citizens only; money is
    /// conserved with the vendors' takings; the graph stays symmetric on two threads.
    @Test func sybilsStayOutOfCitizenMetricsAndMoneyIsConserved() throws {
        let p = run()
        let sim = try Simulation(parameters: p, threads: 2)
        let pop = sim.population
        func total() -> Double { (0..<pop.count).reduce(0) { $0 + pop.wealth[$1] } }
        var sold = 0, caught = 0, alive = 0
        for t in 0..<p.steps {
            let before = total()
            sim.advance()
            let m = sim.moneyTally
            let change = total() - before
            let expected = m.wages - m.spending - sim.marketTally.paidToThieves - sim.sybilTally.paid
            #expect(abs(change - expected) <= 1e-9 * max(1, m.wages), "step \(t): change \(change), expected \(expected)")
            #expect((0..<pop.count).allSatisfy { pop.wealth[$0] >= 0 }, "step \(t)")
            let row = sim.observe(includeNetwork: t % 10 == 9)
            let enrolled = (0..<pop.count).filter { pop.enrolled[$0] != 0 }.count
            #expect(row["enrolled_frac"].number == Double(enrolled) / Double(pop.count), "step \(t)")
            alive = (pop.sybilSlots).filter { pop.enrolled[$0] != 0 }.count
            #expect(row["sybils_alive"] == .integer(alive))
            sold += sim.sybilTally.sold
            caught += sim.sybilTally.caught
        }
        #expect(sold > 0 && caught > 0 && alive > 0, "sold \(sold), caught \(caught), alive \(alive)")
        #expect(sim.sybilTotals.sold == sold && sim.sybilTotals.caught == caught)
        #expect(sim.graph.invariantViolations().isEmpty)
        // Every sybil tie ends at a citizen, and a sybil has at most maxBuyers.
        for s in pop.sybilSlots {
            #expect(sim.graph.degree(of: s) <= p.sybilMaxBuyers)
            #expect(sim.graph.neighbors(of: s).allSatisfy { Int($0) < pop.count })
            if pop.enrolled[s] == 0 { #expect(sim.graph.degree(of: s) == 0) }
        }
        let friends = sim.sybilFriendships()
        #expect(friends.ties == pop.sybilSlots.reduce(0) { $0 + sim.graph.degree(of: $1) } && friends.citizens > 0)
    }

    @Test func sybilsOnAreTheSameOnOneAndTwoThreads() throws {
        let p = run()
        #expect(try Fixtures.csv(p, threads: 1) == Fixtures.csv(p, threads: 2))
    }

    @Test func aCheckpointKeepsTheSybils() throws {
        var p = run()
        p.steps = 24
        // The deciles' tie losses and the strategies' caught shares come from this step's
        // per-block buffers, which a checkpoint does not keep: its own row would differ
        // there, with or without sybils.
        p.metricGroups = ["unconfounded"]
        let straight = try Simulation(parameters: p, threads: 2)
        var expected: [[MetricValue]] = []
        for _ in 0..<24 { straight.advance(); expected.append(straight.observe(includeNetwork: true).values) }
        let first = try Simulation(parameters: p, threads: 1)
        for _ in 0..<12 { first.advance() }
        #expect(first.sybilTotals.created > 0 && first.sybilFriendships().ties > 0)
        let (restored, _) = try Checkpoint.decode(try Checkpoint.encode(first, extra: [:]), threads: 2)
        #expect(restored.graph.nodeCount == p.populationSize + p.sybilCapacity)
        #expect(restored.sybilTotals == first.sybilTotals && restored.sybilTally == first.sybilTally)
        #expect(restored.observe(includeNetwork: true).values == expected[11])
        var rows: [[MetricValue]] = []
        for _ in 12..<24 { restored.advance(); rows.append(restored.observe(includeNetwork: true).values) }
        #expect(rows == Array(expected[12...]))
    }

    @Test func sybilFarmsNeedMoney() {
        var p = ModelParameters()
        p.sybilCapacity = 10
        #expect(p.consistencyProblems().map(\.path) == ["sybils.capacity"])
        p.moneyEnabled = true
        #expect(p.consistencyProblems().isEmpty)
        #expect(p.columnGroups == ["credit", "money", "sybils"])
        p.detectionEvery = 13
        #expect(p.consistencyProblems().map(\.path) == ["sybils.capacity"])
        // Off: no slots, no columns.
        let off = ModelParameters()
        #expect(off.slotCount == off.populationSize && !off.columnGroups.contains("sybils"))
    }
}
