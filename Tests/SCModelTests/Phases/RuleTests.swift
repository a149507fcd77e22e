import Foundation
import Testing
@testable import SCModel
import SCRandom

/// Each submodel's formula on cases worked out by hand (the arithmetic is in the comments).
struct RuleTests {
    let p = ModelParameters()

    @Test func adoptionProbability() {
        // 0.002 + 0.002 * 3/4 = 0.0035; with no friends only the base term.
        #expect(abs(AdoptionRule.probability(baseRate: 0.002, peerRate: 0.002, enrolledFriends: 3, friends: 4) - 0.0035) < 1e-15)
        #expect(AdoptionRule.probability(baseRate: 0.002, peerRate: 0.002, enrolledFriends: 0, friends: 0) == 0.002)
    }

    @Test func consumptionWeightsAndSignal() {
        // taste (0.5, 0.5), approvals (+1, -1), v = ln 2: weights 0.5 * 2 = 1 and 0.5 / 2 = 0.25.
        let taste = [0.5, 0.5], approvals = [1.0, -1.0]
        var weights = [0.0, 0.0]
        ConsumptionRule.categoryWeights(taste: taste, approvals: approvals, count: 2, incentive: log(2), evading: false, into: &weights)
        #expect(abs(weights[0] - 1) < 1e-12 && abs(weights[1] - 0.25) < 1e-12)
        // An evader chooses disapproved goods by taste alone: 0.5.
        ConsumptionRule.categoryWeights(taste: taste, approvals: approvals, count: 2, incentive: log(2), evading: true, into: &weights)
        #expect(abs(weights[0] - 1) < 1e-12 && abs(weights[1] - 0.5) < 1e-12)
        // P = (1*3 + (-1)*1) / 4 = 0.5; nothing visible gives 0.
        #expect(ConsumptionRule.purchaseSignal(weightedApproval: 2, visible: 4) == 0.5)
        #expect(ConsumptionRule.purchaseSignal(weightedApproval: 0, visible: 0) == 0)
    }

    @Test func dissentProbability() {
        // o = 0.5, enrolled, s = 1, X' = o: logit 0 - 2 = -2, sigmoid(-2) = 0.11920292202211755.
        let enrolled = ExpressionRule.dissentProbability(opinion: 0.5, sensitivity: 1, enrolled: true, peerShare: 0.5, shareIncentive: 2, peerPressure: 2)
        #expect(abs(enrolled - 0.11920292202211755) < 1e-12)
        // Not enrolled: sigmoid(0) = 0.5.
        #expect(ExpressionRule.dissentProbability(opinion: 0.5, sensitivity: 1, enrolled: false, peerShare: 0.5, shareIncentive: 2, peerPressure: 2) == 0.5)
        // o = 0.2, friends dissent 0.7: logit(0.2) = ln(1/4), + 2 (0.5) = 1, so
        // sigmoid = 1 / (1 + 4 e^-1) = 0.40460967519...
        let emboldened = ExpressionRule.dissentProbability(opinion: 0.2, sensitivity: 1, enrolled: false, peerShare: 0.7, shareIncentive: 2, peerPressure: 2)
        #expect(abs(emboldened - 1 / (1 + 4 * exp(-1.0))) < 1e-12)
        // logit clips at 1e-6: o = 0 behaves as 1e-6.
        #expect(abs(logit(0) - log(1e-6 / (1 - 1e-6))) < 1e-9)
    }

    @Test func postSignal() {
        // 4 genuine posts, 1 dissent, 2 spam: approved = 3 + 2 = 5, all = 6, H = (5 - 1) / 6.
        #expect(abs(ExpressionRule.postSignal(genuine: 4, dissent: 1, spam: 2) - 4.0 / 6.0) < 1e-15)
        #expect(ExpressionRule.postSignal(genuine: 0, dissent: 0, spam: 0) == 0)
        // All dissent: (0 - 3) / 3 = -1.
        #expect(ExpressionRule.postSignal(genuine: 3, dissent: 3, spam: 0) == -1)
    }

    @Test func opinionUpdate() {
        // 0.5 + 0.01 (1 - 0.5) + 0.01 (0 - 0.5) + 0.02 (0.3 - 0.5) = 0.5 + 0.005 - 0.005 - 0.004 = 0.496.
        let o = OpinionRule.updated(opinion: 0.5, ownShare: 1, friendShare: 0, core: 0.3, selfWeight: 0.01, peerWeight: 0.01, coreWeight: 0.02)
        #expect(abs(o - 0.496) < 1e-15)
        // Clamped to [0, 1].
        #expect(OpinionRule.updated(opinion: 0.99, ownShare: 1, friendShare: 1, core: 1, selfWeight: 1, peerWeight: 1, coreWeight: 0) == 1)
    }

    @Test func creditRecord() {
        #expect(abs(BillsRule.updatedCredit(0.8, paidOnTime: true, memory: 0.9) - 0.82) < 1e-15)
        #expect(abs(BillsRule.updatedCredit(0.8, paidOnTime: false, memory: 0.9) - 0.72) < 1e-15)
    }

    @Test func scoring() {
        // c = 0.9: clamp(0.1 / 0.2) = 0.5, times 0.4 = 0.2; P = 0.6: 0.3 * 0.5 = 0.15; H = 0.4: 0. b = 0.35.
        let b = ScoringRule.behaviour(credit: 0.9, purchaseSignal: 0.6, postSignal: 0.4, parameters: p)
        #expect(abs(b - 0.35) < 1e-12)
        // c = 0.2: (0.2 - 0.8) / 0.2 = -3, clamped to -1: 0.4 * -1 + 0.3 (0 - 0.1) + 0.3 (0 - 0.4) = -0.55.
        #expect(abs(ScoringRule.behaviour(credit: 0.2, purchaseSignal: 0, postSignal: 0, parameters: p) + 0.55) < 1e-12)
        // T = 600 + 250 * 0.35 + 0.3 (650 - 620) = 600 + 87.5 + 9 = 696.5.
        let t = ScoringRule.target(behaviour: 0.35, friendMean: 650, populationMean: 620, parameters: p)
        #expect(abs(t - 696.5) < 1e-12)
        // S' = 0.9 * 640 + 0.1 * 696.5 + 5 * 2 = 576 + 69.65 + 10 = 655.65; caught: 555.65.
        #expect(abs(ScoringRule.nextScore(score: 640, target: t, newcomerFriends: 2, caught: false, parameters: p) - 655.65) < 1e-9)
        #expect(abs(ScoringRule.nextScore(score: 640, target: t, newcomerFriends: 2, caught: true, parameters: p) - 555.65) < 1e-9)
        // Clamped to [350, 950].
        #expect(ScoringRule.nextScore(score: 950, target: 2000, newcomerFriends: 0, caught: false, parameters: p) == 950)
        #expect(ScoringRule.nextScore(score: 360, target: 350, newcomerFriends: 0, caught: true, parameters: p) == 350)
        // Friendless rules.
        #expect(ScoringRule.friendlessMean(rule: .mean, own: 700, populationMean: 610, mid: 600) == 610)
        #expect(ScoringRule.friendlessMean(rule: .own, own: 700, populationMean: 610, mid: 600) == 700)
        #expect(ScoringRule.friendlessMean(rule: .mid, own: 700, populationMean: 610, mid: 600) == 600)
        #expect(ScoringRule.friendlessMean(rule: .fixed(350), own: 700, populationMean: 610, mid: 600) == 350)
    }

    @Test func tiers() {
        var q = p
        #expect(TierRule.tier(score: 700, enrolled: true, penaltiesActive: false, parameters: q) == .benefit)
        #expect(TierRule.tier(score: 699.9, enrolled: true, penaltiesActive: false, parameters: q) == .none)
        #expect(TierRule.tier(score: 599, enrolled: true, penaltiesActive: false, parameters: q) == .none)
        #expect(TierRule.tier(score: 599, enrolled: true, penaltiesActive: true, parameters: q) == .penalty)
        #expect(TierRule.tier(score: 600, enrolled: true, penaltiesActive: true, parameters: q) == .none)
        #expect(TierRule.tier(score: 900, enrolled: false, penaltiesActive: true, parameters: q) == .none)
        q.benefitThreshold = 800
        #expect(TierRule.tier(score: 750, enrolled: true, penaltiesActive: true, parameters: q) == .none)
    }

    @Test func tieProbabilities() {
        // 2 * 0.3 * 1 * (700 - 450) / 250 = 0.6.
        #expect(abs(TieRule.unfriendProbability(strength: 2, eta: 0.3, sensitivity: 1, ownScore: 700, friendScore: 450, range: 250) - 0.6) < 1e-12)
        // 2 * 0.6 * 2 * 600 / 250 = 5.76, capped at 1.
        #expect(TieRule.unfriendProbability(strength: 2, eta: 0.6, sensitivity: 2, ownScore: 950, friendScore: 350, range: 250) == 1)
        // A friend scoring higher is never dropped for it.
        #expect(TieRule.unfriendProbability(strength: 2, eta: 0.3, sensitivity: 1, ownScore: 450, friendScore: 700, range: 250) == 0)
        // exp(-2 * 0.3 * 1 * 250 / 250) = exp(-0.6) = 0.5488116360940264.
        #expect(abs(TieRule.acceptProbability(strength: 2, eta: 0.3, targetSensitivity: 1, targetScore: 700, proposerScore: 450, range: 250) - 0.5488116360940264) < 1e-12)
        #expect(TieRule.acceptProbability(strength: 2, eta: 0.3, targetSensitivity: 1, targetScore: 450, proposerScore: 700, range: 250) == 1)
        // eta = 0 switches score-based ostracism off.
        #expect(TieRule.unfriendProbability(strength: 2, eta: 0, sensitivity: 1, ownScore: 950, friendScore: 350, range: 250) == 0)
    }

    @Test func imitation() {
        // Pi = 600 - 2 * 3 = 594; copy sigmoid((614 - 594) / 20) = sigmoid(1) = 0.7310585786300049.
        #expect(ImitationRule.payoff(score: 600, gamingActions: 3, cost: 2) == 594)
        #expect(abs(ImitationRule.copyProbability(ownPayoff: 594, friendPayoff: 614, temperature: 20) - 0.7310585786300049) < 1e-12)
        #expect(ImitationRule.copyProbability(ownPayoff: 600, friendPayoff: 600, temperature: 20) == 0.5)
    }
}

/// The purchase split: categorical draws for few purchases, GSL's multinomial for many.
struct PurchaseSplitTests {
    /// Mean and variance of the first category's count against Binomial(n, p1), for n on
    /// both sides of the 2K switch. 100,000 draws: tolerance 5 standard errors of the mean
    /// (sqrt(n p q / draws)) and of the variance (about n p q sqrt(2 / draws)).
    @Test(arguments: [3, 12, 13, 40])
    func countsFollowTheMultinomial(n: Int) {
        let r = RandomStream(seed: UInt64(n))
        let k = 6
        let given: [Double] = [3, 1, 1, 0.5, 0.5, 0]   // p1 = 3 / 6 = 0.5, the last category never drawn
        var counts = [UInt32](repeating: 0, count: k)
        let draws = 100_000
        var sum = 0.0, sumSquares = 0.0, lastTotal = 0
        for _ in 0..<draws {
            for c in 0..<k { counts[c] = 0 }
            var weights = given   // used as the scratch too, so overwritten
            weights.withUnsafeMutableBufferPointer { w in
                counts.withUnsafeMutableBufferPointer { out in
                    ConsumptionRule.drawCounts(trials: n, weights: w.baseAddress!, scratch: w.baseAddress!, count: k, random: r, into: out.baseAddress!)
                }
            }
            #expect(counts.reduce(0, +) == UInt32(n))
            lastTotal += Int(counts[5])
            let x = Double(counts[0])
            sum += x
            sumSquares += x * x
        }
        let mean = sum / Double(draws), variance = sumSquares / Double(draws) - mean * mean
        let npq = Double(n) * 0.25
        #expect(abs(mean - Double(n) * 0.5) < 5 * (npq / Double(draws)).squareRoot())
        #expect(abs(variance - npq) < 5 * npq * (2 / Double(draws)).squareRoot())
        #expect(lastTotal == 0)
    }
}
