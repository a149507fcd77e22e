/// What the run machinery (output, benchmark, CLI) needs from a model.
///
/// The reference model (`Simulation`) is one implementation; a second model built from
/// the same services (graph, generators, block runner, GSL streams, metrics, output)
/// differs only in its rules. Called once per step, never per citizen, so an existential
/// here costs nothing measurable.
public protocol SimulationModel: AnyObject {
    /// Steps completed so far.
    var step: Int { get }
    /// Number of agents (citizens or vertices), for agent-steps per second.
    var agentCount: Int { get }
    /// Threads that do work.
    var workerThreads: Int { get }
    /// Column names of the time series, in order.
    var columnNames: [String] { get }
    /// Runs one step.
    func advance()
    /// Whether the step just run gets a row, and whether it includes the costly network columns.
    func observationPlan(lastStep: Int) -> (row: Bool, network: Bool)
    /// The row for the step just run, in `columnNames` order.
    func observeRow(includeNetwork: Bool) -> [MetricValue]
    /// True when the model has reached a state it cannot leave (the run may stop early).
    var isFinished: Bool { get }
}

extension Simulation: SimulationModel {
    public var agentCount: Int { population.count }
    public var workerThreads: Int { runner.threads }
    public var columnNames: [String] { TimeSeriesColumn.header }
    public func observeRow(includeNetwork: Bool) -> [MetricValue] { observe(includeNetwork: includeNetwork).values }
    /// The reference model always runs its full horizon.
    public var isFinished: Bool { false }
}
