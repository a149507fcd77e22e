/// How much a metric costs to compute, which decides how often a run computes it.
public enum MetricCost: String, Sendable, Codable, CaseIterable {
    /// A sum or count over the citizens or this step's tallies: every row.
    case everyStep = "every_step"
    /// A pass over the whole graph (components, triangles): every
    /// `output.networkMetricsEvery` steps and the last, empty otherwise.
    case network
    /// Estimated from a random sample on large graphs, with a standard error beside it;
    /// computed on the same rows as the network metrics.
    case sampled
}

/// The kind of value a column holds, for readers that parse the CSV.
public enum MetricType: String, Sendable, Codable, CaseIterable {
    case integer, real, text
}

/// What a time-series column is: declared once, and from this one declaration come the CSV
/// header, the manifest's column list, the sweep database's columns, `docs/COLUMNS.md`
/// and the Python package's labels.
public struct MetricDefinition: Sendable, Equatable, Codable {
    /// The column name (snake_case), stable across versions.
    public var name: String
    /// What a newcomer reads in a legend.
    public var label: String
    /// The unit or range, for an axis.
    public var unit: String
    /// One line saying exactly what is computed, with its denominator.
    public var definition: String
    public var cost: MetricCost
    public var type: MetricType

    public init(name: String, label: String, unit: String, definition: String, cost: MetricCost = .everyStep, type: MetricType = .real) {
        self.name = name
        self.label = label
        self.unit = unit
        self.definition = definition
        self.cost = cost
        self.type = type
    }
}

/// A registered time-series column: its definition and the code that computes it from a
/// model's row context (the sums one pass over the citizens gathered for this row).
///
/// `Context` is the model's own row context (`ReferenceRow` for the reference model), so
/// a metric reads named, typed quantities rather than a dictionary. A metric is called
/// once per row, never per citizen.
public struct Metric<Context>: Sendable {
    public let definition: MetricDefinition
    public let value: @Sendable (Context) -> MetricValue

    public init(_ definition: MetricDefinition, value: @escaping @Sendable (Context) -> MetricValue) {
        self.definition = definition
        self.value = value
    }

    /// A metric declared inline: name, label, unit, definition, cost, type and code.
    public init(_ name: String, label: String, unit: String, _ definition: String, cost: MetricCost = .everyStep,
                type: MetricType = .real, value: @escaping @Sendable (Context) -> MetricValue) {
        self.init(MetricDefinition(name: name, label: label, unit: unit, definition: definition, cost: cost, type: type), value: value)
    }
}

extension Array {
    /// The column names of a metric list, in order.
    public func columnNames<C>() -> [String] where Element == Metric<C> { map(\.definition.name) }
}

/// Which rows get which columns: a row every `metricsEvery` steps and at the last step,
/// the network and sampled columns every `networkMetricsEvery` steps and at the last step
/// (and at an early stop). One rule for every model and every driver.
public struct ObservationSchedule: Sendable, Equatable {
    public var metricsEvery: Int
    public var networkMetricsEvery: Int

    public init(metricsEvery: Int, networkMetricsEvery: Int) {
        self.metricsEvery = metricsEvery
        self.networkMetricsEvery = networkMetricsEvery
    }

    /// Whether step `t` (just run) gets a row, and whether that row gets the network columns.
    public func plan(step t: Int, lastStep: Int, finished: Bool = false) -> (row: Bool, network: Bool) {
        let last = t == lastStep || finished
        let row = last || t % metricsEvery == 0
        let network = last || t % networkMetricsEvery == 0
        return (row, row && network)
    }
}

extension ModelParameters {
    /// The rows and network columns `output.metricsEvery` and `output.networkMetricsEvery`
    /// ask for; every model observes on this schedule.
    public var observationSchedule: ObservationSchedule {
        ObservationSchedule(metricsEvery: metricsEvery, networkMetricsEvery: networkMetricsEvery)
    }
}
