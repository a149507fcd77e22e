import SCModel

/// What one observation of the adaptive voter model gathers for a row.
public struct VoterRow {
    public struct NetworkCensus: Sendable, Equatable {
        public var clustering: Double
        public var transitivity: Double
        public var components: Int
        public var largestComponent: Int
    }

    public let model: AdaptiveVoter
    /// The step (sweep of N updates) just run.
    public let step: Int
    public let vertices: Int
    public let census: CommunityCensus
    public let isolated: Int
    public let edges: Int
    /// nil on rows that skip the network columns.
    public let network: NetworkCensus?
}

/// The adaptive voter model's time-series columns, declared once each.
///
/// A community is the set of vertices holding one opinion. At consensus no tie joins two
/// communities, so each is a union of connected components (in practice one component,
/// plus any vertex left without ties); this is the sense in which Holme and Newman's
/// communities have the sizes of the initial opinion groups when phi -> 1.
public enum VoterMetrics {
    public typealias M = Metric<VoterRow>

    /// Every column, in CSV order.
    public static let standard: [M] = [
        M("step", label: "step", unit: "sweeps of N updates", "Step number, from 0; one step is a sweep of N vertex updates.", type: .integer) { .integer($0.step) },
        M("updates", label: "vertex updates", unit: "count", "Vertex updates so far (Holme and Newman's time).", type: .integer) { .integer($0.model.updates) },
        M("consensus", label: "consensus reached", unit: "0 or 1", "1 once no tie joins two different opinions.", type: .integer) {
            .integer($0.model.atConsensus ? 1 : 0)
        },
        M("discordant_ties", label: "discordant ties", unit: "count", "Ties joining two different opinions.", type: .integer) {
            .integer($0.model.discordantTies)
        },
        M("discordant_frac", label: "discordant ties", unit: "share of ties", "discordant_ties / edges; empty when there are no ties.") { row in
            row.edges > 0 ? .real(Double(row.model.discordantTies) / Double(row.edges)) : .missing
        },
        M("communities", label: "opinions held", unit: "count", "Opinions still held (non-empty communities).", type: .integer) {
            .integer($0.census.sizes.count)
        },
        M("largest_community", label: "largest community", unit: "vertices", "S: holders of the most common opinion.", type: .integer) {
            .integer($0.census.largest)
        },
        M("largest_community_frac", label: "largest community", unit: "share of vertices", "S / N: the largest community over all vertices.") { .real($0.census.largestFraction) },
        M("second_community_frac", label: "second community", unit: "share of vertices", "The second largest community / N.") {
            .real($0.census.secondFraction)
        },
        M("mean_community_size", label: "mean community size", unit: "vertices", "N / communities.") { .real($0.census.meanSize) },
        M("vertex_community_size", label: "community size seen by a vertex", unit: "vertices",
          "Size of the community of a uniformly chosen vertex: sum of squared sizes / N.") { .real($0.census.vertexMeanSize) },
        M("edges", label: "ties", unit: "count", "Ties in the graph (moves keep their number).", type: .integer) { .integer($0.edges) },
        M("isolated_frac", label: "isolated vertices", unit: "share of vertices", "Vertices with no tie / N.") {
            .real(Double($0.isolated) / Double($0.vertices))
        },
        M("adoptions", label: "opinion changes", unit: "count per step", "Opinion changes this step.", type: .integer) { .integer($0.model.adoptions) },
        M("tie_moves", label: "tie moves", unit: "count per step", "Ties moved to a holder of the same opinion this step.", type: .integer) {
            .integer($0.model.tieMoves)
        },
        M("rejected_moves", label: "rejected tie moves", unit: "count per step",
          "Tie moves rejected this step (the mover is tied to every other holder of its opinion).", type: .integer) { .integer($0.model.rejectedMoves) },
        M("network_metrics", label: "network columns", unit: "exact or skipped",
          "exact when this row's network columns were computed, skipped (empty cells) when not.", type: .text) { row in
            .text(row.network == nil ? "skipped" : "exact")
        },
        M("clustering_avg", label: "clustering", unit: "mean local coefficient",
          "Mean local clustering coefficient; a vertex with fewer than 2 ties counts as 0.", cost: .network) { row in
            row.network.map { .real($0.clustering) } ?? .missing
        },
        M("transitivity", label: "transitivity", unit: "coefficient", "3 x triangles / connected triples.", cost: .network) { row in
            row.network.map { .real($0.transitivity) } ?? .missing
        },
        M("components", label: "connected components", unit: "count", "Connected components, isolated vertices included.",
          cost: .network, type: .integer) { row in row.network.map { .integer($0.components) } ?? .missing },
        M("giant_frac", label: "giant component", unit: "share of vertices", "Vertices in the largest component / N.", cost: .network) { row in
            row.network.map { .real(Double($0.largestComponent) / Double(row.vertices)) } ?? .missing
        },
    ]
}
