/// What the run loop (and through it the CLI, sweeps, the benchmark and any long-lived
/// driver) needs from a model.
///
/// The reference model (`Simulation`) is one implementation, the adaptive voter model
/// another; both are built from the same services (graph, generators, block runner, GSL
/// streams, metrics, output) and differ in their rules. Called once per step, never per
/// agent, so an existential here costs nothing measurable.
public protocol SimulationModel: AnyObject {
    /// Steps completed so far.
    var step: Int { get }
    /// The parameters in force (the scenario's, changed by timeline events so far).
    var parameters: ModelParameters { get }
    /// Number of agents (citizens or vertices), for agent-steps per second.
    var agentCount: Int { get }
    /// Threads that do work.
    var workerThreads: Int { get }
    /// The registered columns, in order.
    var metricDefinitions: [MetricDefinition] { get }
    /// When rows and network columns are due.
    var observationSchedule: ObservationSchedule { get }
    /// Runs one step.
    func advance()
    /// The row for the step just run, in `metricDefinitions` order; the network and sampled
    /// columns are computed only when `includeNetwork` and left empty otherwise.
    func observeRow(includeNetwork: Bool) -> [MetricValue]
    /// True when the model has reached a state it cannot leave (the run may stop early).
    var isFinished: Bool { get }
    /// Changes parameters at the start of step `event.step` (a policy change from a driver).
    ///
    /// - Throws: `PhaseListError` when the model does not take changes during a run.
    func schedule(policy event: PolicyEvent) throws
}

extension SimulationModel {
    /// Column names of the time series, in order.
    public var columnNames: [String] { metricDefinitions.map(\.name) }
}

extension Simulation: SimulationModel {
    public var agentCount: Int { population.count }
    public var workerThreads: Int { runner.threads }
    public var metricDefinitions: [MetricDefinition] { metrics.map(\.definition) }
    public func observeRow(includeNetwork: Bool) -> [MetricValue] { observe(includeNetwork: includeNetwork).values }
    /// The reference model always runs its full horizon.
    public var isFinished: Bool { false }
    public func schedule(policy event: PolicyEvent) throws { schedule(event) }
}
