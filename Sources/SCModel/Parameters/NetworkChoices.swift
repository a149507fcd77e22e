/// Which generator builds the friendship network at step 0 (`network.generator`, MODEL.md
/// section 5). The raw values are the scenario file's words.
public enum NetworkGenerator: String, CaseIterable, Sendable {
    case wattsStrogatz = "watts_strogatz"
    case erdosRenyi = "erdos_renyi"
    case barabasiAlbert = "barabasi_albert"
    case stochasticBlock = "stochastic_block"
    case edgeList = "edge_list"
}

/// How clustering and transitivity are computed (`output.networkMetrics`).
public enum NetworkMetricsMode: String, CaseIterable, Sendable {
    /// Exact up to `output.exactNetworkLimit` citizens, sampled above.
    case auto
    /// The exact triangle census whatever the size.
    case exact
    /// Estimated from `output.clusteringSamples` random wedges, with standard errors.
    case sampled
}

/// The authority's graph detector (`detection.method`, MODEL.md 7.12).
public enum DetectionMethod: String, CaseIterable, Sendable {
    /// Dense blocks by greedy peeling (Charikar; FRAUDAR's weights optional).
    case peeling
    /// Trust propagation from verified honest seeds (SybilRank).
    case sybilrank
}

/// How the peeling detector weights ties (`detection.weighting`).
public enum DetectionWeighting: String, CaseIterable, Sendable {
    /// Every tie weighs 1 (Charikar's densest subgraph).
    case none
    /// FRAUDAR's column weighting, 1 / log(degree + c).
    case logdegree
}

/// Who sees a citizen's score when others decide on ties with it (`score.visibility`,
/// MODEL.md 7.15).
public enum ScoreVisibility: String, CaseIterable, Sendable {
    /// Everyone sees every score (the reference model; the seeds' public friend-score map).
    case publicScores = "public"
    /// A citizen sees its friends' scores; a stranger proposing a tie is judged.
    case friends
    /// Nobody sees another's score: friends and strangers are judged from their posts and
    /// tier, with noise.
    case privateScores = "private"
}
