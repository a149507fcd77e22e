/// MODEL.md 7.7: benefit and penalty tiers, and the multipliers they carry.
public enum TierRule {
    /// The tier of a citizen: none outside the system; benefit at or above the benefit
    /// threshold; penalty below the penalty threshold when penalties are on.
    @inlinable
    public static func tier(score: Double, enrolled: Bool, penaltiesActive: Bool, parameters p: ModelParameters) -> Tier {
        guard enrolled else { return .none }
        if score >= p.benefitThreshold { return .benefit }
        if penaltiesActive && score < p.penaltyThreshold { return .penalty }
        return .none
    }
}

extension Simulation {
    /// Phase 7 (no randomness), also run once at initialisation.
    public func assignTiers() {
        let pop = population
        let p = parameters
        let score = pop.score
        runner.forEachBlock(step: UInt64(step), phase: .tiers) { ctx in
            for i in ctx.citizens {
                pop.tier[i] = TierRule.tier(score: score[i], enrolled: pop.enrolled[i] != 0,
                                            penaltiesActive: p.penalties, parameters: p).rawValue
            }
        }
    }
}
