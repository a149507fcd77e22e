import SCModel

/// The adaptive voter model as a plug-in: its keys (`voter.*`), their rules, and its
/// factory. Register it once per process with `ModelRegistry.register(VoterModel.self)`.
public enum VoterModel: ModelPlugin {
    public static var name: String { "adaptive_voter" }
    public static var summary: String { "Holme and Newman 2006, docs/VALIDATION.md" }
    public static var metricDefinitions: [MetricDefinition] { VoterMetrics.standard.map(\.definition) }

    /// Keys of the adaptive voter model (`model: adaptive_voter`); its initial graph comes
    /// from the `network` keys (Holme and Newman: erdos_renyi with mean degree 4).
    public static let parameterSpecs: [ParameterSpec] = [
        ParameterCatalog.number("voter.phi", \.voterPhi, .probability,
                                "adaptive_voter phi: probability that an update moves a tie to a vertex of the same opinion (else the vertex adopts a neighbour's opinion).",
                                fixed: true),
        ParameterCatalog.number("voter.gamma", \.voterGamma, .atLeast(1),
                                "adaptive_voter gamma = N / G: vertices per opinion at the start (G = N / gamma, rounded, opinions).", fixed: true),
    ]

    public static func consistencyProblems(_ p: ModelParameters) -> [ConsistencyProblem] {
        var problems: [ConsistencyProblem] = []
        if p.voterGamma > Double(p.populationSize) {
            problems.append(ConsistencyProblem(path: "voter.gamma",
                                               message: "must be at most population.size (\(p.populationSize)) so that there is at least one opinion, got \(formatNumber(p.voterGamma))"))
        }
        if !p.timeline.isEmpty {
            problems.append(ConsistencyProblem(path: "timeline", message: "is not used by the adaptive_voter model, whose keys are all fixed at step 0"))
        }
        return problems
    }

    public static func make(_ parameters: ModelParameters, threads: Int) throws -> any SimulationModel {
        try AdaptiveVoter(parameters: parameters)
    }
}

/// A value equal to the default is stored as absent, so parameters that differ only in
/// whether a default was written out compare equal.
extension ModelParameters {
    /// phi: probability that an update moves one of the vertex's ties to a vertex of its own
    /// opinion rather than adopting a neighbour's opinion (key `voter.phi`, default 0.458).
    public var voterPhi: Double {
        get { modelKeys["voter.phi"]?.numberValue ?? 0.458 }
        set { modelKeys["voter.phi"] = newValue == 0.458 ? nil : .number(newValue) }
    }

    /// gamma = N / G: vertices per opinion at the start, so G = N / gamma opinions (key
    /// `voter.gamma`, default 10).
    public var voterGamma: Double {
        get { modelKeys["voter.gamma"]?.numberValue ?? 10 }
        set { modelKeys["voter.gamma"] = newValue == 10 ? nil : .number(newValue) }
    }
}

extension ParameterValue {
    /// The value as a Double, when it is a number.
    var numberValue: Double? {
        switch self {
        case .number(let x): return x
        case .integer(let x): return Double(x)
        default: return nil
        }
    }
}
