import Foundation
import SCModel
import SCScenario

/// What made a run's output: `manifest.json` beside `timeseries.csv`.
///
/// Records the scenario as resolved (after `--set`, `--seed` and `--steps`), so the run can
/// be repeated from the manifest alone, plus the seed, the scsim version and commit, the
/// thread count, and timings.
public struct RunManifest {
    public var scenarioFile: String
    public var overrides: [String]
    public var parameters: ModelParameters
    public var threads: Int
    /// Threads that did work: at most one per block of citizens.
    public var workerThreads: Int
    public var startedAt: String
    public var finishedAt: String
    public var wallSeconds: Double
    public var modelSeconds: Double
    public var metricsSeconds: Double
    public var rows: Int
    public var peakResidentBytes: Int?
    /// Steps run so far (less than `parameters.steps` when interrupted or stopped early).
    public var stepsCompleted: Int = 0
    /// `finished`, or `interrupted` (a checkpoint is kept; `scsim resume` continues it).
    public var status = "finished"
    /// The step a resumed run continued from, if it was resumed.
    public var resumedFromStep: Int?
    /// The time series' columns, as the model registered them.
    public var columns: [MetricDefinition] = []

    public init(scenarioFile: String, overrides: [String], parameters: ModelParameters, threads: Int, workerThreads: Int, startedAt: String,
                finishedAt: String, wallSeconds: Double, modelSeconds: Double, metricsSeconds: Double, rows: Int, peakResidentBytes: Int?) {
        self.scenarioFile = scenarioFile
        self.overrides = overrides
        self.parameters = parameters
        self.threads = threads
        self.workerThreads = workerThreads
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.wallSeconds = wallSeconds
        self.modelSeconds = modelSeconds
        self.metricsSeconds = metricsSeconds
        self.rows = rows
        self.peakResidentBytes = peakResidentBytes
    }

    /// Agent-steps per second over this invocation (citizens x steps it ran / wall seconds).
    public var agentStepsPerSecond: Double {
        let stepsRun = stepsCompleted - (resumedFromStep ?? 0)
        return wallSeconds > 0 ? Double(parameters.populationSize) * Double(stepsRun) / wallSeconds : 0
    }

    /// The manifest as a JSON object.
    public var jsonObject: [String: Any] {
        var object: [String: Any] = [
            "scsim_version": BuildInfo.version,
            "git_commit": BuildInfo.gitCommit ?? NSNull(),
            "scenario_file": scenarioFile,
            "overrides": overrides,
            "scenario": ScenarioSerializer.jsonObject(parameters),
            "name": parameters.name,
            "seed": parameters.seed,
            "steps": parameters.steps,
            "population_size": parameters.populationSize,
            "threads": threads,
            "worker_threads": workerThreads,
            "random_generator": parameters.generator.rawValue,
            "block_size": parameters.blockSize,
            "started_at": startedAt,
            "finished_at": finishedAt,
            "wall_seconds": wallSeconds,
            "model_seconds": modelSeconds,
            "metrics_seconds": metricsSeconds,
            "agent_steps_per_second": agentStepsPerSecond,
            "rows": rows,
            "model": parameters.model,
            "columns": columns.map(\.name),
            "column_definitions": columns.map(\.jsonObject),
            "network_metrics": "exact, on steps that are multiples of \(parameters.networkMetricsEvery) and the last step; empty cells elsewhere",
            "files": ["timeseries": "timeseries.csv"],
        ]
        object["peak_rss_bytes"] = peakResidentBytes ?? NSNull()
        object["steps_completed"] = stepsCompleted
        object["status"] = status
        object["resumed_from_step"] = resumedFromStep ?? NSNull()
        return object
    }

    /// Pretty-printed JSON with sorted keys.
    public func jsonData() throws -> Data {
        try JSONSerialization.data(withJSONObject: jsonObject, options: [.prettyPrinted, .sortedKeys])
    }
}

extension MetricDefinition {
    /// The definition as the manifest and the Python package read it.
    public var jsonObject: [String: Any] {
        ["name": name, "label": label, "unit": unit, "definition": definition, "cost": cost.rawValue, "type": type.rawValue]
    }
}
