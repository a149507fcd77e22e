import Foundation
import SCModel
import SCScenario

/// The scenario an exploration starts from: the YAML text, where it came from, and the
/// keys set on top of it before the first step (as `--set` would).
public struct ExplorerScenario: Sendable {
    /// The scenario text as read.
    public var text: String
    /// How to name it in messages: its path, a loaded file's name, or `(defaults)`.
    public var source: String
    /// What a relative `network.path` is relative to.
    public var baseDirectory: String
    /// `key=value` settings applied after the text, in order (the page's changes before
    /// the first step).
    public var overrides: [String]

    public init(text: String, source: String, baseDirectory: String, overrides: [String] = []) {
        self.text = text
        self.source = source
        self.baseDirectory = baseDirectory
        self.overrides = overrides
    }

    /// The scenario file at `path` (read as `scsim run` reads it), or every key at its
    /// default when `path` is nil.
    ///
    /// - Throws: `ScenarioError` for a missing, unreadable or invalid file (the CLI's message).
    public static func load(path: String?, overrides: [String] = []) throws -> ExplorerScenario {
        guard let path else {
            let scenario = ExplorerScenario(text: "{}\n", source: "(defaults)", baseDirectory: FileManager.default.currentDirectoryPath,
                                            overrides: overrides)
            _ = try scenario.parameters()
            return scenario
        }
        let loaded = try ScenarioLoader.load(path: path, overrides: overrides)
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        return ExplorerScenario(text: loaded.text, source: path, baseDirectory: directory, overrides: overrides)
    }

    /// From this many citizens on, the explorer computes the network columns every
    /// `exploringNetworkMetricsEvery` steps unless the scenario or a `--set` names
    /// `output.networkMetricsEvery`: at 100,000 citizens they cost more than all the model's
    /// phases together (components, assortativity, sampled clustering), and a page that
    /// receives fewer than 10 steps a second is no longer live.
    public static let largePopulation = 50_000
    public static let exploringNetworkMetricsEvery = 5

    /// The scenario as the explorer runs it: with `output.networkMetricsEvery=5` added as an
    /// override for a large population (see `largePopulation`). An override like any other:
    /// the page shows it, and the manifest and the exported scenario carry it, so `scsim run`
    /// of the export still reproduces the exploration.
    ///
    /// - Throws: `ScenarioError`.
    public func forExploring() throws -> ExplorerScenario {
        let parameters = try parameters()
        guard parameters.populationSize >= Self.largePopulation, parameters.networkMetricsEvery == 1,
              !text.contains("networkMetricsEvery"),
              !overrides.contains(where: { $0.hasPrefix("output.networkMetricsEvery=") }) else { return self }
        var thinned = self
        thinned.overrides.append("output.networkMetricsEvery=\(Self.exploringNetworkMetricsEvery)")
        _ = try thinned.parameters()
        return thinned
    }

    /// The checked parameters (the text, then the overrides).
    ///
    /// - Throws: `ScenarioError`.
    public func parameters() throws -> ModelParameters {
        try ScenarioLoader.parse(yaml: text, source: source, baseDirectory: baseDirectory, overrides: overrides).parameters
    }
}
