import SCModel
import SCNetwork

/// The time series of the adaptive voter model, and its place in the run machinery.
///
/// A community is the set of vertices holding one opinion. At consensus no tie joins two
/// communities, so each is a union of connected components (in practice one component,
/// plus any vertex left without ties); this is the sense in which Holme and Newman's
/// communities have the sizes of the initial opinion groups when phi -> 1.
extension AdaptiveVoter: SimulationModel {
    public var agentCount: Int { graph.nodeCount }
    /// The model is sequential: each update sees the one before.
    public var workerThreads: Int { 1 }
    public var metricDefinitions: [MetricDefinition] { VoterMetrics.standard.map(\.definition) }
    /// Consensus is absorbing: opinions can no longer change.
    public var isFinished: Bool { atConsensus }

    /// Every `output.metricsEvery` steps and at the last step, with the network columns
    /// every `output.networkMetricsEvery` steps (the same rule as the reference model).
    public var observationSchedule: ObservationSchedule { parameters.observationSchedule }

    public func observeRow(includeNetwork: Bool) -> [MetricValue] {
        let n = graph.nodeCount
        var isolated = 0
        for d in graph.degree where d == 0 { isolated += 1 }
        var network: VoterRow.NetworkCensus?
        if includeNetwork {
            let triangles = TriangleCensus.compute(graph)
            let summary = ComponentCensus.compute(graph)
            network = VoterRow.NetworkCensus(clustering: triangles.averageClustering, transitivity: triangles.transitivity,
                                             components: summary.count, largestComponent: summary.largest)
        }
        let row = VoterRow(model: self, step: step - 1, vertices: n, census: communityCensus, isolated: isolated,
                           edges: graph.edgeCount, network: network)
        return VoterMetrics.standard.map { $0.value(row) }
    }

    /// The model's keys are all fixed at step 0 (its scenario cannot have a timeline).
    public func schedule(policy event: PolicyEvent) throws {
        throw PhaseListError("the adaptive_voter model takes no parameter changes during a run")
    }

    /// The communities now (final once `isFinished`).
    public var communityCensus: CommunityCensus {
        CommunityCensus(sizes: groups.communitySizes(), vertexCount: graph.nodeCount)
    }
}
