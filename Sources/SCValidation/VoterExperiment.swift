import SCModel
import SCVoter

/// One run of the adaptive voter model to consensus, through the same `AdaptiveVoter` that
/// `scsim run` uses for `model: adaptive_voter`.
public struct VoterExperiment: Sendable {
    /// N.
    public var vertices: Int
    /// phi.
    public var phi: Double
    /// gamma = N / G.
    public var gamma: Double = 10
    /// Mean degree of the initial Erdos-Renyi graph.
    public var meanDegree: Double = 4
    /// A cap on sweeps, far above the consensus times met in the suite (a few thousand at
    /// N = 3200); it only matters for a frozen state, possible at phi = 1 exactly.
    public var maximumSweeps: Int = 100_000

    public init(vertices: Int, phi: Double, gamma: Double = 10, meanDegree: Double = 4) {
        self.vertices = vertices
        self.phi = phi
        self.gamma = gamma
        self.meanDegree = meanDegree
    }

    /// The scenario parameters of this experiment with the given seed.
    public func parameters(seed: UInt64) -> ModelParameters {
        var p = ModelParameters()
        p.name = "adaptive-voter-validation"
        p.model = "adaptive_voter"
        p.seed = Int(seed)
        p.populationSize = vertices
        p.steps = maximumSweeps
        p.networkGenerator = .erdosRenyi
        p.networkMeanDegree = meanDegree
        p.voterPhi = phi
        p.voterGamma = gamma
        return p
    }

    /// What one run ends with.
    public struct Outcome: Sendable {
        public var communities: CommunityCensus
        /// Vertex updates to consensus.
        public var updates: Int
        /// Whether consensus was reached within `maximumSweeps`.
        public var reachedConsensus: Bool
    }

    /// Runs to consensus (or the sweep cap).
    public func run(seed: UInt64) -> Outcome {
        // erdos_renyi never reads a file, so building cannot throw.
        let model = try! AdaptiveVoter(parameters: parameters(seed: seed))
        var sweeps = 0
        while !model.isFinished && sweeps < maximumSweeps {
            model.advance()
            sweeps += 1
        }
        return Outcome(communities: model.communityCensus, updates: model.updates, reachedConsensus: model.isFinished)
    }
}
