/// A named set of optional time-series columns, off unless the scenario key
/// `output.metrics` (or `scsim run --metrics`) names it. Its columns follow the standard
/// ones, in group order, so switching a group on never moves an existing column.
public struct MetricGroup: Sendable {
    /// The word `output.metrics` takes.
    public let name: String
    /// One line for `scsim keys` and docs/COLUMNS.md.
    public let summary: String
    public let metrics: [Metric<ReferenceRow>]

    public init(name: String, summary: String, metrics: [Metric<ReferenceRow>]) {
        self.name = name
        self.summary = summary
        self.metrics = metrics
    }
}

/// The reference model's optional column groups and how `output.metrics` selects them.
public enum MetricGroups {
    /// Every group, in the order their columns are appended.
    public static let all: [MetricGroup] = [UnconfoundedMetrics.group] + GroupMetrics.all + [DetectionMetrics.group, InformantMetrics.group, RefusalMetrics.group,
                                                                                                  CreditMetrics.group, MoneyMetrics.group, MarketMetrics.group, TheftMetrics.group, SybilMetrics.group]

    /// Group names, in order.
    public static var names: [String] { all.map(\.name) }

    /// The words of an `output.metrics` value: separated by commas or white space.
    public static func words(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" }).map(String.init)
    }

    /// The groups `text` names, in catalogue order without repeats (`all`: every group;
    /// empty text: none), or nil when a word is not a group name nor `all`.
    public static func parse(_ text: String, among known: [String] = names) -> [String]? {
        let requested = words(text)
        guard requested.allSatisfy({ $0 == "all" || known.contains($0) }) else { return nil }
        if requested.contains("all") { return known }
        return known.filter { requested.contains($0) }
    }

    /// The columns of `groups`, in catalogue order.
    public static func metrics(for groups: [String]) -> [Metric<ReferenceRow>] {
        all.filter { groups.contains($0.name) }.flatMap(\.metrics)
    }

    /// The columns a run of `parameters` writes: its model's registered columns, then, for
    /// the reference model, those of the groups `output.metrics` switches on.
    public static func definitions(_ parameters: ModelParameters) -> [MetricDefinition]? {
        guard let plugin = ModelRegistry.plugin(named: parameters.model) else { return nil }
        let optional = parameters.model == ReferenceModel.name ? metrics(for: parameters.columnGroups).map(\.definition) : []
        return plugin.metricDefinitions + optional
    }

    /// Appends to `model` the columns of the groups its `output.metrics` names that it does
    /// not have yet (a model restored from a checkpoint starts with the standard columns).
    /// Call before the first row is written.
    ///
    /// - Throws: `PhaseListError` when groups are named for a model that has none.
    public static func enable(on model: any SimulationModel) throws {
        let groups = model.parameters.columnGroups
        guard !groups.isEmpty else { return }
        guard let simulation = model as? Simulation else {
            throw PhaseListError("output.metrics: the \(model.parameters.model) model has no optional column groups")
        }
        for metric in metrics(for: groups) where !simulation.columnNames.contains(metric.definition.name) {
            try simulation.addMetric(metric)
        }
    }
}
