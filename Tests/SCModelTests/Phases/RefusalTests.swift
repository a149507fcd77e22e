import Testing
import SCNetwork
@testable import SCModel

/// Collective refusal (MODEL.md 7.14), worked by hand.
struct RefusalTests {
    @Test func thresholdRuleByHand() {
        #expect(RefusalRule.resists(resistingFriends: 1, friends: 99, threshold: 1.0 / 99))
        #expect(!RefusalRule.resists(resistingFriends: 1, friends: 99, threshold: 2.0 / 99))
        // A threshold of 0 is an instigator; nobody without friends resists by the rule.
        #expect(RefusalRule.resists(resistingFriends: 0, friends: 3, threshold: 0))
        #expect(!RefusalRule.resists(resistingFriends: 0, friends: 0, threshold: 0))
        #expect(RefusalRule.threshold(mean: 0.3, sd: 0.1, z: 2) == 0.5)
        #expect(RefusalRule.threshold(mean: 0.3, sd: 0.1, z: -5) == 0)
        #expect(RefusalRule.threshold(mean: 0.9, sd: 0.1, z: 5) == 1)
    }

    /// Granovetter (1978): thresholds 0, 1, ..., 99 (as counts of the other 99) on a complete
    /// graph: everyone resists, one at a time; change the threshold 1 to 2 and only the
    /// instigator does.
    @Test func granovettersRiot() {
        var complete = FriendshipGraph(nodeCount: 100, reservedDegree: 99)
        for a in 0..<100 { for b in (a + 1)..<100 { complete.addEdge(a, b) } }
        var thresholds = (0..<100).map { Double($0) / 99 }
        let riot = RefusalRule.cascade(complete, thresholds: thresholds, seeds: [])
        #expect(riot.resisting.filter { $0 }.count == 100 && riot.rounds == 100)
        thresholds[1] = 2.0 / 99
        let calm = RefusalRule.cascade(complete, thresholds: thresholds, seeds: [])
        #expect(calm.resisting.filter { $0 }.count == 1 && calm.resisting[0])
    }

    /// A path 0 - 1 - 2 - 3, thresholds 1/2, 0 resisting: 1 joins in the first round (one of
    /// two friends), 2 in the next, then 3 (its one friend).
    @Test func thePhaseAppliesOneRoundPerStep() {
        let sim = Fixtures.neutral(4, edges: [(0, 1), (1, 2), (2, 3)], scores: [600, 600, 600, 600]) { p in
            p.refusalEnabled = true
        }
        let pop = sim.population
        for i in 0..<4 { pop.threshold[i] = 0.5 }
        pop.strategy[0] = Strategy.resister.rawValue
        var joined: [Int] = []
        for t in 0..<4 {
            sim.runRefusal(step: t)
            joined.append(sim.resistersJoined)
        }
        #expect(joined == [1, 1, 1, 0])
        #expect((0..<4).allSatisfy { pop.strategy[$0] == Strategy.resister.rawValue })
    }

    @Test func seedsStartAtTheirStepAndAColluderLeavesItsRing() throws {
        var p = ModelParameters()
        p.populationSize = 500
        p.refusalEnabled = true
        p.refusalStart = 3
        p.refusalSeeds = 40
        p.refusalThresholdMean = 1 // nobody follows: only the seeds resist
        p.shareHonest = 0.7
        p.shareColluder = 0.3
        let sim = try Simulation(parameters: p)
        var counts: [Int] = []
        for _ in 0..<5 {
            sim.advance()
            counts.append((0..<p.populationSize).filter { sim.population.strategy[$0] == Strategy.resister.rawValue }.count)
        }
        #expect(counts == [0, 0, 0, 40, 40])
        for i in 0..<p.populationSize where sim.population.strategy[i] == Strategy.resister.rawValue {
            #expect(sim.population.ring[i] == -1)
        }
        #expect(sim.rings.members.allSatisfy { ring in ring.allSatisfy { sim.population.ring[Int($0)] >= 0 } })
    }

    @Test func thresholdsFollowTheirNormalByMoments() throws {
        var p = ModelParameters()
        p.populationSize = 20_000
        p.refusalEnabled = true
        p.refusalThresholdMean = 0.3
        p.refusalThresholdSD = 0.1
        let sim = try Simulation(parameters: p)
        let x = (0..<p.populationSize).map { sim.population.threshold[$0] }
        let mean = x.reduce(0, +) / Double(x.count)
        let sd = (x.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(x.count - 1)).squareRoot()
        // Standard errors: 0.1 / sqrt(20,000) = 0.0007 for the mean, about 0.0005 for the
        // sd; 5 of them allowed (clamping at 0 and 1 is 3 sd away and moves neither visibly).
        #expect(abs(mean - 0.3) < 0.0035, "mean \(mean)")
        #expect(abs(sd - 0.1) < 0.0025, "sd \(sd)")
    }

    @Test func resistersDissentOpenlyBuyNothingApprovedAndAreNeverAudited() throws {
        var p = ModelParameters()
        p.populationSize = 1000
        p.enrolledShare = 1
        p.auditRate = 1
        p.refusalEnabled = true
        p.refusalSeeds = 1000
        let sim = try Simulation(parameters: p)
        // Step 0 behaves as usual; everyone resists from the refusal phase at its end.
        sim.advance()
        #expect(sim.stepTally.approvedPurchases > 0 && sim.stepTally.audits > 0)
        for _ in 0..<2 {
            sim.advance()
            let t = sim.stepTally
            #expect(t.genuinePosts > 0 && t.dissentPosts == t.genuinePosts)
            #expect(t.visiblePurchases > 0 && t.approvedPurchases == 0)
            #expect(t.audits == 0)
        }
    }

    @Test func everyMechanicOnIsTheSameOnOneAndTwoThreads() throws {
        var p = ModelParameters()
        p.populationSize = 1500
        p.steps = 30
        p.blockSize = 100
        p.shareHonest = 0.9
        p.sharePadder = 0.04
        p.shareColluder = 0.06
        p.informantReportRate = 0.2
        p.informantFalseReportRate = 0.01
        p.refusalEnabled = true
        p.refusalSeeds = 30
        p.refusalThresholdMean = 0.25
        p.refusalThresholdSD = 0.1
        p.scoreVisibility = .privateScores
        p.detectionEvery = 10
        let one = try Fixtures.csv(p, threads: 1), two = try Fixtures.csv(p, threads: 2)
        #expect(one == two)
        let sim = try Simulation(parameters: p)
        #expect(sim.columnNames.suffix(4) == ["resister_frac", "resisters_joined", "score_reliability_corr", "score_wealth_corr"])
    }
}
