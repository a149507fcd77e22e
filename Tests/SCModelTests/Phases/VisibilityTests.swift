import Testing
import SCNetwork
@testable import SCModel

/// Score visibility (MODEL.md 7.15), worked by hand.
struct VisibilityTests {
    @Test func judgedScoreByHand() {
        let p = ModelParameters() // score 350-950, thresholds 600 and 700, R 250, w_share 0.3, H_ref 0.4, noise sd 50
        #expect(VisibilityRule.judgedScore(tier: Tier.benefit.rawValue, postSignal: 0.4, z: 0, parameters: p) == 825)
        #expect(VisibilityRule.judgedScore(tier: Tier.penalty.rawValue, postSignal: 0.4, z: 0, parameters: p) == 475)
        #expect(VisibilityRule.judgedScore(tier: Tier.none.rawValue, postSignal: 0.4, z: 0, parameters: p) == 650)
        // Posts all dissent (H = -1): 650 + 250 x 0.3 x (-1.4) = 545; one sd of noise up: 595.
        #expect(abs(VisibilityRule.judgedScore(tier: Tier.none.rawValue, postSignal: -1, z: 1, parameters: p) - 595) < 1e-9)
        // Clamped to the bounds.
        #expect(VisibilityRule.judgedScore(tier: Tier.benefit.rawValue, postSignal: 1, z: 10, parameters: p) == 950)
    }

    /// 0 (score 640) looks at its friend 1 (score 400, tier none, H = H_ref), certain to
    /// drop any lower scorer it sees: it drops 1 when scores are public, and never when
    /// they are private and 1 is judged at 650 (no noise) - above 640.
    @Test(arguments: [ScoreVisibility.publicScores, .friends, .privateScores])
    func ostracismNeedsToSeeTheScore(visibility: ScoreVisibility) {
        let sim = Fixtures.neutral(2, edges: [(0, 1)], scores: [640, 400]) { p in
            p.scoreVisibility = visibility
            p.judgementNoise = 0
            p.lookProbability = 1
            p.unfriendStrength = 1000
            p.driftRate = 0
            p.proposeRate = 0
        }
        sim.runTies(step: 0)
        let dropped = sim.graph.degree(of: 0) == 0
        // Friends see each other's scores unless they are private.
        #expect(dropped == (visibility != .privateScores))
    }
}
