import Foundation
import Testing
@testable import SCModel

/// Each phase on a hand-built population, with the expected state worked out by hand.
struct ScoringPhaseTests {
    @Test func friendTermAgainstTheAverage() {
        // Path 0 - 1 - 2, scores 600, 700, 500, neutral behaviour (b = 0), S_bar = 600.
        // 0: F = 700, T = 600 + 0.3 * 100 = 630, S' = 540 + 63 = 603.
        // 1: F = 550, T = 600 - 15 = 585, S' = 630 + 58.5 = 688.5.
        // 2: F = 700, T = 630, S' = 450 + 63 = 513.
        let sim = Fixtures.neutral(3, edges: [(0, 1), (1, 2)], scores: [600, 700, 500])
        sim.runScoring(step: 0)
        let s = sim.population.score
        #expect(abs(s[0] - 603) < 1e-9)
        #expect(abs(s[1] - 688.5) < 1e-9)
        #expect(abs(s[2] - 513) < 1e-9)
    }

    @Test func referralBonusAndAuditPenalty() {
        // Same path; 1 enrolled voluntarily this step: 0 and 2 gain 5 each. 2 was caught: -100.
        let sim = Fixtures.neutral(3, edges: [(0, 1), (1, 2)], scores: [600, 700, 500])
        sim.population.joinedThisStep[1] = 1
        sim.population.caught[2] = 1
        sim.runScoring(step: 0)
        let s = sim.population.score
        #expect(abs(s[0] - 608) < 1e-9)
        #expect(abs(s[1] - 688.5) < 1e-9)
        #expect(abs(s[2] - 418) < 1e-9)
    }

    @Test func friendlessRules() {
        // Citizen 2 has no friends; S_bar = (600 + 700 + 650) / 3 = 650.
        // mean: T = 600, S' = 0.9 * 650 + 60 = 645.  own: T = 600 + 0.3 * 0 = 600: 645.
        // mid: T = 600 + 0.3 (600 - 650) = 585, S' = 585 + 58.5 = 643.5.
        // fixed 350: T = 600 + 0.3 (350 - 650) = 510, S' = 585 + 51 = 636.
        let cases: [(FriendlessRule, Double)] = [(.mean, 645), (.own, 645), (.mid, 643.5), (.fixed(350), 636)]
        for (rule, expected) in cases {
            let sim = Fixtures.neutral(3, edges: [(0, 1)], scores: [600, 700, 650]) { $0.friendless = rule }
            sim.runScoring(step: 0)
            #expect(abs(sim.population.score[2] - expected) < 1e-9, "\(rule)")
        }
    }

    @Test func citizensOutsideTheSystemAreNotScored() {
        // 1 is not enrolled: it keeps its score and does not count in S_bar or F.
        // S_bar = 600 (0 and 2 at 600); 0 and 2 have no enrolled friends: F = S_bar, T = 600.
        let sim = Fixtures.neutral(3, edges: [(0, 1), (1, 2)], scores: [600, 900, 600])
        sim.population.enrolled[1] = 0
        sim.runScoring(step: 0)
        #expect(sim.population.score[1] == 900)
        #expect(abs(sim.population.score[0] - 600) < 1e-9)
    }
}

struct AdoptionPhaseTests {
    @Test func peersDecide() {
        // base 0 and peer 1: a citizen whose friends are all enrolled enrols for sure, one
        // with no enrolled friend never does.
        let sim = Fixtures.neutral(4, edges: [(0, 1), (2, 3)], scores: [600, 620, 600, 600]) {
            $0.adoptionBaseRate = 0
            $0.adoptionPeerRate = 1
            $0.startScore = 610
        }
        sim.population.enrolled[0] = 0
        sim.population.enrolled[2] = 0
        sim.population.enrolled[3] = 0
        sim.runAdoption(step: 0)
        #expect(sim.population.enrolled[0] == 1 && sim.population.joinedThisStep[0] == 1)
        #expect(sim.population.score[0] == 610)
        #expect(sim.population.enrolled[2] == 0 && sim.population.enrolled[3] == 0)
        #expect(sim.stepTally.adopted == 1)
    }

    @Test func rateMatchesProbability() {
        // 20,000 isolated citizens outside the system, base rate 0.1: enrolments ~
        // Binomial(20000, 0.1), mean 2000, sd 42.4; tolerance 5 sd = 212.
        var p = Fixtures.quietParameters(20_000)
        p.adoptionBaseRate = 0.1
        let sim = Simulation(parameters: p, graph: Fixtures.graph(20_000, []))
        sim.runAdoption(step: 0)
        var enrolled = 0
        for i in 0..<20_000 { enrolled += Int(sim.population.enrolled[i]) }
        #expect(abs(enrolled - 2000) < 212)
    }

    @Test func mandatoryEnrolsEveryoneWithoutReferral() {
        var p = Fixtures.quietParameters(50)
        p.timeline = [PolicyEvent(step: 0, assignments: [ParameterAssignment(path: "mandatory", value: .boolean(true))])]
        let sim = Simulation(parameters: p, graph: Fixtures.graph(50, [(0, 1)]))
        sim.applyPolicy(step: 0)
        sim.runAdoption(step: 0)
        for i in 0..<50 {
            #expect(sim.population.enrolled[i] == 1)
            #expect(sim.population.joinedThisStep[i] == 0)
            #expect(sim.population.score[i] == 600)
        }
        #expect(sim.parameters.mandatory)
    }
}

struct ConsumptionPhaseTests {
    /// N citizens outside the system, buy rate 3, uniform taste, no network.
    func population(_ n: Int, enrolled: Bool, strategy: Strategy = .honest) -> Simulation {
        let sim = Fixtures.neutral(n, edges: [], scores: [Double](repeating: 600, count: n))
        for i in 0..<n {
            sim.population.enrolled[i] = enrolled ? 1 : 0
            sim.population.strategy[i] = strategy.rawValue
        }
        return sim
    }

    @Test func unenrolledBuyByTaste() {
        // Visible purchases ~ Poisson(3N): mean 60,000, sd 245, tolerance 5 sd.
        // Approved share (farm, shoes, nappies) = 3/6; sd sqrt(0.25 / 60000) = 0.002, tolerance 0.01.
        let sim = population(20_000, enrolled: false)
        sim.runConsumption(step: 0)
        let t = sim.stepTally
        #expect(abs(Double(t.visiblePurchases) - 60_000) < 5 * 245)
        #expect(abs(Double(t.approvedPurchases) / Double(t.visiblePurchases) - 0.5) < 0.01)
        #expect(abs(Double(t.disapprovedPurchases) / Double(t.visiblePurchases) - 2.0 / 6.0) < 0.01)
        #expect(t.hiddenPurchases == 0 && t.fakePurchases == 0)
    }

    @Test func enrolledBendTowardApprovedGoods() {
        // s = 1, v = 1.5: weights e^1.5 (x2), e^0.9, 1, e^-1.5 (x2). Approved share =
        // (2 e^1.5 + e^0.9) / (2 e^1.5 + e^0.9 + 1 + 2 e^-1.5) = 0.8876; tolerance 0.01 (> 5 sd).
        let sim = population(20_000, enrolled: true)
        sim.runConsumption(step: 0)
        let t = sim.stepTally
        let approved = 2 * exp(1.5) + exp(0.9)
        let expected = approved / (approved + 1 + 2 * exp(-1.5))
        #expect(abs(Double(t.approvedPurchases) / Double(t.visiblePurchases) - expected) < 0.01)
    }

    @Test func evadersHideEightyPercentOfDisapprovedGoods() {
        // Evaders choose disapproved goods by taste (weight 1 each) and approved by the
        // incentive: disapproved share before hiding = 2 / (2 e^1.5 + e^0.9 + 1 + 2).
        // Hidden / (hidden + visible disapproved) = h = 0.8, tolerance 0.02 (~ 5 sd at ~15,000 draws).
        let sim = population(20_000, enrolled: true, strategy: .evader)
        sim.runConsumption(step: 0)
        let t = sim.stepTally
        let hiddenShare = Double(t.hiddenPurchases) / Double(t.hiddenPurchases + t.disapprovedPurchases)
        #expect(abs(hiddenShare - 0.8) < 0.02)
        let disapprovedBefore = 2 / (2 * exp(1.5) + exp(0.9) + 1 + 2)
        let expectedDisapproved = disapprovedBefore * 60_000
        #expect(abs(Double(t.hiddenPurchases + t.disapprovedPurchases) - expectedDisapproved) < 0.05 * expectedDisapproved)
    }

    @Test func paddersAddFakesToTheMostApprovedCategory() {
        // Fakes ~ Poisson(2) each: mean 2N = 40,000, sd 200, tolerance 5 sd.
        let sim = population(20_000, enrolled: true, strategy: .padder)
        sim.runConsumption(step: 0)
        #expect(abs(Double(sim.stepTally.fakePurchases) - 40_000) < 1000)
        #expect(sim.mostApprovedCategory == 0)
    }
}

struct ExpressionPhaseTests {
    @Test func dissentShareEqualsOpinionWithoutPressure() {
        // Not enrolled, o = 0.3, no friends: q = 0.3, posts ~ Poisson(2N). Dissent share
        // 0.3 with sd sqrt(0.21 / 40000) = 0.0023; tolerance 0.0115 (5 sd).
        let n = 20_000
        let sim = Fixtures.neutral(n, edges: [], scores: [Double](repeating: 600, count: n))
        for i in 0..<n { sim.population.enrolled[i] = 0 }
        sim.runExpression(step: 0)
        let t = sim.stepTally
        #expect(abs(Double(t.genuinePosts) - 40_000) < 5 * 200)
        #expect(abs(Double(t.dissentPosts) / Double(t.genuinePosts) - 0.3) < 0.0115)
        #expect(t.fakePosts == 0)
    }

    @Test func enrolledCitizensSelfCensor() {
        // Enrolled, s = 1, o = 0.3: q = sigmoid(logit(0.3) - 2) = 0.05479; tolerance 0.006.
        let n = 20_000
        let sim = Fixtures.neutral(n, edges: [], scores: [Double](repeating: 600, count: n))
        sim.runExpression(step: 0)
        let t = sim.stepTally
        let q = 1 / (1 + exp(-(log(0.3 / 0.7) - 2)))
        #expect(abs(Double(t.dissentPosts) / Double(t.genuinePosts) - q) < 0.006)
    }
}

struct TiesPhaseTests {
    @Test func driftSparesRingTies() {
        // Drift 1 removes every tie except those inside a ring (0-1-2 is a ring).
        let sim = Fixtures.neutral(5, edges: [(0, 1), (0, 2), (1, 2), (2, 3), (3, 4)], scores: [600, 600, 600, 600, 600]) {
            $0.driftRate = 1
            $0.proposeRate = 0
            $0.lookProbability = 0
        }
        for i in 0..<3 { sim.population.ring[i] = 0; sim.population.strategy[i] = Strategy.colluder.rawValue }
        sim.runTies(step: 0)
        #expect(sim.graph.edgeCount == 3)
        #expect(sim.graph.contains(0, 1) && sim.graph.contains(0, 2) && sim.graph.contains(1, 2))
        #expect(sim.tiesRemoved == 2)
    }

    @Test func highScorersDropLowScorers() {
        // look 1, eta 1: 0 (900) drops 1 (350) with probability min(1, 2 * 1 * 1 * 550 / 250) = 1.
        // 1 never drops 0 (0 scores higher). Colluder 2 never drops ring mate 3 (350).
        let sim = Fixtures.neutral(4, edges: [(0, 1), (2, 3)], scores: [900, 350, 900, 350]) {
            $0.driftRate = 0
            $0.proposeRate = 0
            $0.lookProbability = 1
            $0.eta = 1
        }
        for i in 2...3 { sim.population.ring[i] = 0; sim.population.strategy[i] = Strategy.colluder.rawValue }
        sim.runTies(step: 0)
        #expect(!sim.graph.contains(0, 1))
        #expect(sim.graph.contains(2, 3))
        #expect(sim.tiesRemoved == 1)
    }

    @Test func proposalsAddTies() {
        // Everyone proposes (rate 1) to a random other citizen (triadic share 0) and, with
        // eta = 0, is always accepted. With 2 citizens and no tie, each proposes to the other:
        // one tie is added (the duplicate is ignored).
        let sim = Fixtures.neutral(2, edges: [], scores: [600, 600]) {
            $0.proposeRate = 1
            $0.triadicShare = 0
            $0.eta = 0
        }
        sim.runTies(step: 0)
        #expect(sim.graph.contains(0, 1) && sim.tiesAdded == 1)
    }

    @Test func triadicClosure() {
        // 2,000 disjoint stars c - a, c - b. Every citizen proposes (rate 1) to a friend of a
        // friend (triadic share 1). Leaf a reaches b through c with probability 1/2 (c's
        // friends are a and b); otherwise it falls back to a uniformly random other citizen,
        // which is b with probability 1/5999. So a -> b with P = 1/2 + 1/2 * 1/5999, and the
        // pair closes unless neither leaf proposes to the other: 1 - (1 - P)^2 = 0.75008.
        // sd over 2,000 stars = sqrt(0.75 * 0.25 / 2000) = 0.0097; tolerance 5 sd.
        let stars = 2000
        var edges: [(Int, Int)] = []
        for s in 0..<stars { edges += [(3 * s, 3 * s + 1), (3 * s, 3 * s + 2)] }
        let sim = Fixtures.neutral(3 * stars, edges: edges, scores: [Double](repeating: 600, count: 3 * stars)) {
            $0.proposeRate = 1
            $0.triadicShare = 1
            $0.driftRate = 0
            $0.lookProbability = 0
            $0.eta = 0
        }
        sim.runTies(step: 0)
        var closed = 0
        for s in 0..<stars where sim.graph.contains(3 * s + 1, 3 * s + 2) { closed += 1 }
        let p = 0.5 + 0.5 / 5999
        #expect(abs(Double(closed) / Double(stars) - (1 - (1 - p) * (1 - p))) < 5 * 0.0097)
        // The centres' proposals find no friend of a friend who is not already a friend, and
        // fall back to random citizens; the stars' own ties are never dropped.
        for s in 0..<stars { #expect(sim.graph.contains(3 * s, 3 * s + 1) && sim.graph.contains(3 * s, 3 * s + 2)) }
        #expect(sim.tiesRemoved == 0)
    }
}

struct AuditPhaseTests {
    @Test func certainAuditCatchesAndReformsGamers() {
        // rate, detection and reform all 1. 0 honest (not audited), 1 padder who gamed,
        // 2 evader who did not game (not caught), 3 colluder in a ring (caught: ring counts).
        let sim = Fixtures.neutral(4, edges: [], scores: [600, 600, 600, 600]) {
            $0.auditRate = 1
            $0.auditDetection = 1
            $0.reformProbability = 1
        }
        let pop = sim.population
        pop.strategy[1] = Strategy.padder.rawValue; pop.gamingActions[1] = 3
        pop.strategy[2] = Strategy.evader.rawValue
        pop.strategy[3] = Strategy.colluder.rawValue
        sim.rings = RingRegistry()
        pop.ring[3] = sim.rings.makeRing([3])
        sim.runAudit(step: 0)
        #expect(sim.stepTally.audits == 3 && sim.stepTally.caught == 2)
        #expect(pop.caught.array == [0, 1, 0, 1])
        #expect(pop.strategy[1] == Strategy.honest.rawValue && pop.strategy[3] == Strategy.honest.rawValue)
        #expect(pop.strategy[2] == Strategy.evader.rawValue)
        #expect(pop.ring[3] == -1 && sim.rings.members[0].isEmpty)
    }
}

struct ImitationPhaseTests {
    @Test func copyingAColluderJoinsItsRing() {
        // Imitation rate 1, temperature tiny: copy whenever the friend's payoff is higher.
        // 0 honest at 500 is friends only with colluder 1 at 900 (ring with 2): 0 becomes a
        // colluder, joins ring 0 and befriends 2. 1 and 2 (the other way round) do not copy.
        let sim = Fixtures.neutral(3, edges: [(0, 1), (1, 2)], scores: [500, 900, 900]) {
            $0.imitationRate = 1
            $0.imitationTemperature = 1e-9
        }
        let pop = sim.population
        for i in 1...2 { pop.strategy[i] = Strategy.colluder.rawValue }
        let ring = sim.rings.makeRing([1, 2])
        pop.ring[1] = ring; pop.ring[2] = ring
        sim.runImitation(step: 0)
        #expect(pop.strategy[0] == Strategy.colluder.rawValue)
        #expect(pop.ring[0] == ring && sim.rings.members[0] == [1, 2, 0])
        #expect(sim.graph.contains(0, 2) && sim.tiesAdded == 1)
    }

    @Test func leavingCollusionLeavesTheRing() {
        // Colluder 0 at 400 copies honest 1 at 900 and leaves its ring.
        let sim = Fixtures.neutral(2, edges: [(0, 1)], scores: [400, 900]) {
            $0.imitationRate = 1
            $0.imitationTemperature = 1e-9
        }
        sim.population.strategy[0] = Strategy.colluder.rawValue
        sim.population.ring[0] = sim.rings.makeRing([0])
        sim.runImitation(step: 0)
        #expect(sim.population.strategy[0] == Strategy.honest.rawValue)
        #expect(sim.population.ring[0] == -1 && sim.rings.members[0].isEmpty)
    }
}

struct TiersPhaseTests {
    /// The phase's arithmetic equals `TierRule.tier` for every citizen: scores across the
    /// range and exactly at both thresholds, enrolled or not, penalties on and off.
    @Test(arguments: [false, true])
    func tiersMatchTheRule(penalties: Bool) {
        let n = 2_000
        let sim = Fixtures.neutral(n, edges: [], scores: [Double](repeating: 600, count: n)) { $0.penalties = penalties }
        let p = sim.parameters
        let pop = sim.population
        for i in 0..<n {
            let special = [p.benefitThreshold, p.penaltyThreshold, p.benefitThreshold.nextDown, p.penaltyThreshold.nextDown]
            pop.score[i] = i < 4 * 4 ? special[i % 4] : 350 + 600 * Double(i) / Double(n)
            pop.enrolled[i] = i % 3 == 0 ? 0 : 1
        }
        sim.assignTiers()
        var seen = Set<UInt8>()
        for i in 0..<n {
            let expected = TierRule.tier(score: pop.score[i], enrolled: pop.enrolled[i] != 0, penaltiesActive: penalties, parameters: p)
            #expect(pop.tier[i] == expected.rawValue, "citizen \(i), score \(pop.score[i])")
            seen.insert(pop.tier[i])
        }
        #expect(seen == (penalties ? [0, 1, 2] : [0, 1]))
    }
}
