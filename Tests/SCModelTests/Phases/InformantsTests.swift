import Foundation
import Testing
import SCNetwork
@testable import SCModel

/// Informants (MODEL.md 7.13), worked by hand.
struct InformantsTests {
    @Test func reportProbabilityByHand() {
        // Two dissent posts, each reported with probability 0.5: 1 - 0.5^2.
        #expect(InformantRule.reportProbability(dissent: 2, sensitivity: 1, rate: 0.5, falseRate: 0) == 0.75)
        // Sensitivity scales the rate, capped at 1.
        #expect(InformantRule.reportProbability(dissent: 1, sensitivity: 3, rate: 0.5, falseRate: 0) == 1)
        // No dissent: a false report at falseRate x s.
        #expect(InformantRule.reportProbability(dissent: 0, sensitivity: 2, rate: 0.9, falseRate: 0.1) == 0.2)
        #expect(InformantRule.reportProbability(dissent: 0, sensitivity: 2, rate: 0.9, falseRate: 0) == 0)
        #expect(abs(InformantRule.updatedCaution(0.5, reported: true, learningRate: 0.2) - 0.6) < 1e-15)
        #expect(abs(InformantRule.updatedCaution(0.5, reported: false, learningRate: 0.2) - 0.4) < 1e-15)
    }

    @Test func cautionHoldsBackDissentByTheLogitShift() {
        // o = 0.5, s = 1, not enrolled, peers at o: z = -deterrence x s x caution = -1,
        // q = 1 / (1 + e).
        let q = ExpressionRule.dissentProbability(opinion: 0.5, sensitivity: 1, enrolled: false, peerShare: 0.5,
                                                  shareIncentive: 1, peerPressure: 1, deterrence: 2, caution: 0.5)
        #expect(abs(q - 1 / (1 + M_E)) < 1e-15)
        // Without caution the rule is the reference one, bit for bit.
        for o in stride(from: 0.0, through: 1, by: 0.05) {
            let plain = ExpressionRule.dissentProbability(opinion: o, sensitivity: 1.3, enrolled: true, peerShare: 0.2,
                                                          shareIncentive: 0.8, peerPressure: 1.5)
            let deterred = ExpressionRule.dissentProbability(opinion: o, sensitivity: 1.3, enrolled: true, peerShare: 0.2,
                                                             shareIncentive: 0.8, peerPressure: 1.5, deterrence: 2, caution: 0)
            #expect(plain.bitPattern == deterred.bitPattern)
        }
    }

    /// A path 0 - 1 - 2 - 3, all enrolled at 600; 1 posted two dissent posts this step.
    func path(_ configure: (inout ModelParameters) -> Void) -> Simulation {
        Fixtures.neutral(4, edges: [(0, 1), (1, 2), (2, 3)], scores: [600, 600, 600, 949]) { p in
            p.informantReportRate = 1
            p.informantReward = 5
            p.informantPenalty = 20
            p.informantLearningRate = 0.2
            configure(&p)
        }
    }

    @Test func certainReportsRewardTheInformantsAndPenaliseTheDissenter() {
        let sim = path { _ in }
        sim.population.postColumn(forStep: 0)[1] = PostCount(dissent: 2, visible: 3)
        sim.runInformants(step: 0)
        let pop = sim.population
        // 0 and 2 report 1; nobody else posted dissent, and false reports are off.
        #expect((0..<4).map { pop.score[$0] } == [605, 560, 605, 949])
        #expect((0..<4).map { pop.caution[$0] } == [0, 0.2, 0, 0])
        let t = sim.informantTally
        #expect(t.reports == 2 && t.falseReports == 0 && t.dissenters == 1 && t.dissentersReported == 1)
        #expect(t.rewardsPaid == 10)
        // Next step, nobody reported: caution decays by (1 - 0.2).
        sim.runInformants(step: 1)
        #expect(pop.caution[1] == Float(0.8 * 0.2))
    }

    @Test func falseReportsRewardsClampedAndResistersSilent() {
        let sim = path { p in
            p.informantReportRate = 0
            p.informantFalseReportRate = 1
            p.informantPenalty = 0
        }
        let pop = sim.population
        pop.strategy[1] = Strategy.resister.rawValue
        sim.runInformants(step: 0)
        // Nobody posted dissent. 0 reports 1; 1 resists and reports nobody; 2 reports 1 and
        // 3; 3 (at 949) reports 2 and gains only 1 point before score.max (950). No penalty here.
        let t = sim.informantTally
        #expect(t.reports == 4 && t.falseReports == 4 && t.dissenters == 0 && t.dissentersReported == 0)
        #expect(t.rewardsPaid == 5 + 5 + 5 + 1)
        #expect((0..<4).map { pop.score[$0] } == [605, 600, 610, 950])
        #expect((0..<4).map { pop.caution[$0] } == [0, 0.2, 0.2, 0.2])
    }

    @Test func offByDefaultHoldsNoCaution() throws {
        var p = ModelParameters()
        p.populationSize = 200
        let sim = try Simulation(parameters: p)
        #expect(sim.population.caution.count == 0 && sim.population.threshold.count == 0)
        #expect(!sim.columnNames.contains("informant_reports"))
        // A timeline event that turns informants on keeps caution from step 0.
        p.timeline = [PolicyEvent(step: 5, assignments: [.init(path: "informants.reportRate", value: .number(0.1))])]
        #expect(p.informantsScheduled && p.columnGroups == ["informants"])
    }

    @Test func informantsSuppressDissent() throws {
        // The same citizens and seed with and without informants: reports, caution and a
        // lower dissent share. 2,000 citizens x 60 steps; the gap is far above the noise of
        // one run (dissent_post_frac moves by about 0.002 between seeds).
        func dissent(_ rate: Double) throws -> (share: Double, reports: Double) {
            var p = ModelParameters()
            p.populationSize = 2000
            p.steps = 60
            p.seed = 11
            p.informantReportRate = rate
            p.informantDeterrence = 3
            let rows = try Fixtures.rows(p)
            let last = rows.suffix(20)
            return (last.map { $0["dissent_post_frac"].number! }.reduce(0, +) / 20,
                    rate > 0 ? last.map { $0["informant_reports"].number! }.reduce(0, +) / 20 : 0)
        }
        let off = try dissent(0), on = try dissent(0.3)
        print("informants: dissent share \(off.share) without, \(on.share) with; reports per step \(on.reports)")
        #expect(on.reports > 10)
        #expect(on.share < off.share - 0.02)
    }
}
