extension Simulation {
    /// Phase 0: the timeline's events for this step, then the mandatory rule.
    func applyPolicy(step t: Int) {
        if let events = eventsByStep[t] {
            for event in events {
                for assignment in event.assignments {
                    guard let spec = ParameterCatalog.spec(for: assignment.path) else { continue }
                    _ = spec.assign(assignment.value, to: &parameters)
                }
            }
        }
        guard parameters.mandatory, !everyoneEnrolled else { return }
        // Section 8: mandatory enrols everyone at once, at the start score, with no referral bonus.
        let enrolled = population.enrolled, score = population.score
        let start = parameters.startScore
        for i in 0..<population.count where enrolled[i] == 0 {
            enrolled[i] = 1
            score[i] = start
        }
        everyoneEnrolled = true
    }
}

/// Timeline events and the mandatory rule (MODEL.md section 8). An entry of
/// `ReferencePhases.standard`.
public struct PolicyPhase: StepPhase {
    public init() {}
    public var name: String { "policy" }
    public var stream: StreamID { Phase.policy.streamID }
    public func run(_ simulation: Simulation, step: Int) { simulation.applyPolicy(step: step) }
}
