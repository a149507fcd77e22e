import SCModel
import SCNetwork

/// The time series of the adaptive voter model, and its place in the run machinery.
///
/// A community is the set of vertices holding one opinion. At consensus no tie joins two
/// communities, so each is a union of connected components (in practice one component,
/// plus any vertex left without ties); this is the sense in which Holme and Newman's
/// communities have the sizes of the initial opinion groups when phi -> 1.
extension AdaptiveVoter: SimulationModel {
    /// The columns, in order.
    public enum Column: String, CaseIterable, Sendable {
        case step
        /// Vertex updates so far (Holme and Newman's time).
        case updates
        /// 1 once no tie joins two opinions.
        case consensus
        /// Ties joining two different opinions, and their share of all ties.
        case discordantTies = "discordant_ties"
        case discordantFrac = "discordant_frac"
        /// Opinions still held (non-empty communities).
        case communities
        /// S: holders of the most common opinion, and S / N.
        case largestCommunity = "largest_community"
        case largestCommunityFrac = "largest_community_frac"
        /// The second largest community over N.
        case secondCommunityFrac = "second_community_frac"
        /// N / communities, and the size of the community of a uniformly chosen vertex
        /// (sum of squared sizes over N).
        case meanCommunitySize = "mean_community_size"
        case vertexCommunitySize = "vertex_community_size"
        case edges
        case isolatedFrac = "isolated_frac"
        /// This step's opinion changes, tie moves, and rejected tie moves.
        case adoptions
        case tieMoves = "tie_moves"
        case rejectedMoves = "rejected_moves"
        /// `exact` when the network columns below were computed this row, `skipped` when not.
        case networkMetrics = "network_metrics"
        case clusteringAvg = "clustering_avg"
        case transitivity
        case components
        case giantFrac = "giant_frac"
    }

    public var agentCount: Int { graph.nodeCount }
    /// The model is sequential: each update sees the one before.
    public var workerThreads: Int { 1 }
    public var columnNames: [String] { Column.allCases.map(\.rawValue) }
    /// Consensus is absorbing: opinions can no longer change.
    public var isFinished: Bool { atConsensus }

    /// Every `output.metricsEvery` steps and at the last step, with the network columns
    /// every `output.networkMetricsEvery` steps (the same rule as the reference model).
    public func observationPlan(lastStep: Int) -> (row: Bool, network: Bool) {
        let t = step - 1
        let last = t == lastStep || atConsensus
        let row = last || t % parameters.metricsEvery == 0
        let network = last || t % parameters.networkMetricsEvery == 0
        return (row, row && network)
    }

    public func observeRow(includeNetwork: Bool) -> [MetricValue] {
        let n = graph.nodeCount
        let census = CommunityCensus(sizes: groups.communitySizes(), vertexCount: n)
        var isolated = 0
        for d in graph.degree where d == 0 { isolated += 1 }
        var clustering: MetricValue = .missing, transitivity: MetricValue = .missing
        var components: MetricValue = .missing, giant: MetricValue = .missing
        if includeNetwork {
            let triangles = TriangleCensus.compute(graph)
            clustering = .real(triangles.averageClustering)
            transitivity = .real(triangles.transitivity)
            let summary = ComponentCensus.compute(graph)
            components = .integer(summary.count)
            giant = .real(Double(summary.largest) / Double(n))
        }
        let edges = graph.edgeCount
        return Column.allCases.map { column -> MetricValue in
            switch column {
            case .step: return .integer(step - 1)
            case .updates: return .integer(updates)
            case .consensus: return .integer(atConsensus ? 1 : 0)
            case .discordantTies: return .integer(discordantTies)
            case .discordantFrac: return edges > 0 ? .real(Double(discordantTies) / Double(edges)) : .missing
            case .communities: return .integer(census.sizes.count)
            case .largestCommunity: return .integer(census.largest)
            case .largestCommunityFrac: return .real(census.largestFraction)
            case .secondCommunityFrac: return .real(census.secondFraction)
            case .meanCommunitySize: return .real(census.meanSize)
            case .vertexCommunitySize: return .real(census.vertexMeanSize)
            case .edges: return .integer(edges)
            case .isolatedFrac: return .real(Double(isolated) / Double(n))
            case .adoptions: return .integer(adoptions)
            case .tieMoves: return .integer(tieMoves)
            case .rejectedMoves: return .integer(rejectedMoves)
            case .networkMetrics: return .text(includeNetwork ? "exact" : "skipped")
            case .clusteringAvg: return clustering
            case .transitivity: return transitivity
            case .components: return components
            case .giantFrac: return giant
            }
        }
    }

    /// The communities now (final once `isFinished`).
    public var communityCensus: CommunityCensus {
        CommunityCensus(sizes: groups.communitySizes(), vertexCount: graph.nodeCount)
    }
}
