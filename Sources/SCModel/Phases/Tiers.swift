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
    ///
    /// `TierRule.tier` by arithmetic on sign bits (s >= threshold exactly when s - threshold
    /// has none), since whether an enrolled citizen's score clears a threshold is a coin
    /// flip to the branch predictor. Tested equal to `TierRule.tier`, thresholds included.
    public func assignTiers() {
        let pop = population
        let p = parameters
        let score = pop.score
        let benefitThreshold = p.benefitThreshold, penaltyThreshold = p.penaltyThreshold
        let penalties = p.penalties ? 1 : 0
        runner.forEachBlock(step: UInt64(step), phase: .tiers) { ctx in
            for i in ctx.citizens {
                let s = score[i], enrolled = Int(pop.enrolled[i])
                let benefit = enrolled & (1 &- Int(truncatingIfNeeded: (s - benefitThreshold).bitPattern >> 63))
                let penalty = enrolled & penalties & (1 &- benefit) & Int(truncatingIfNeeded: (s - penaltyThreshold).bitPattern >> 63)
                pop.tier[i] = UInt8(truncatingIfNeeded: benefit | penalty << 1)   // none 0, benefit 1, penalty 2
            }
        }
    }
}

/// Benefit and penalty tiers from the new scores (MODEL.md 7.7). An entry of `ReferencePhases.standard`.
public struct TiersPhase: StepPhase {
    public init() {}
    public var name: String { "tiers" }
    public var stream: StreamID { Phase.tiers.streamID }
    public func run(_ simulation: Simulation, step: Int) { simulation.assignTiers() }
}
