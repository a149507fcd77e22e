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
    /// Files beside the time series, by role (`run`: run.sqlite when the run keeps an
    /// event log or a panel).
    public var extraFiles: [String: String] = [:]

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

    /// The manifest as the document written to `manifest.json`.
    public var document: Document {
        Document(scsimVersion: BuildInfo.version, gitCommit: BuildInfo.gitCommit, scenarioFile: scenarioFile, overrides: overrides,
                 scenario: JSONValue(ScenarioSerializer.jsonObject(parameters)), model: parameters.model, name: parameters.name,
                 seed: parameters.seed, steps: parameters.steps, populationSize: parameters.populationSize, threads: threads,
                 workerThreads: workerThreads, randomGenerator: parameters.generator.rawValue, blockSize: parameters.blockSize,
                 startedAt: startedAt, finishedAt: finishedAt, wallSeconds: wallSeconds, modelSeconds: modelSeconds,
                 metricsSeconds: metricsSeconds, agentStepsPerSecond: agentStepsPerSecond, rows: rows, columns: columns.map(\.name),
                 columnDefinitions: columns,
                 networkMetrics: "exact, on steps that are multiples of \(parameters.networkMetricsEvery) and the last step; empty cells elsewhere",
                 files: ["timeseries": "timeseries.csv"].merging(extraFiles) { a, _ in a }, peakRSSBytes: peakResidentBytes, stepsCompleted: stepsCompleted,
                 status: status, resumedFromStep: resumedFromStep)
    }

    /// Pretty-printed JSON with sorted keys.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(document)
    }

    /// `manifest.json` as written: every field present (absent values are `null`), so a
    /// reader can decode it strictly.
    public struct Document: Codable, Equatable, Sendable {
        public var scsimVersion: String
        public var gitCommit: String?
        public var scenarioFile: String
        public var overrides: [String]
        public var scenario: JSONValue
        public var model: String
        public var name: String
        public var seed: Int
        public var steps: Int
        public var populationSize: Int
        public var threads: Int
        public var workerThreads: Int
        public var randomGenerator: String
        public var blockSize: Int
        public var startedAt: String
        public var finishedAt: String
        public var wallSeconds: Double
        public var modelSeconds: Double
        public var metricsSeconds: Double
        public var agentStepsPerSecond: Double
        public var rows: Int
        public var columns: [String]
        public var columnDefinitions: [MetricDefinition]
        public var networkMetrics: String
        public var files: [String: String]
        public var peakRSSBytes: Int?
        public var stepsCompleted: Int
        public var status: String
        public var resumedFromStep: Int?

        enum CodingKeys: String, CodingKey {
            case scsimVersion = "scsim_version", gitCommit = "git_commit", scenarioFile = "scenario_file", overrides, scenario, model, name
            case seed, steps, populationSize = "population_size", threads, workerThreads = "worker_threads"
            case randomGenerator = "random_generator", blockSize = "block_size", startedAt = "started_at", finishedAt = "finished_at"
            case wallSeconds = "wall_seconds", modelSeconds = "model_seconds", metricsSeconds = "metrics_seconds"
            case agentStepsPerSecond = "agent_steps_per_second", rows, columns, columnDefinitions = "column_definitions"
            case networkMetrics = "network_metrics", files, peakRSSBytes = "peak_rss_bytes", stepsCompleted = "steps_completed"
            case status, resumedFromStep = "resumed_from_step"
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(scsimVersion, forKey: .scsimVersion)
            try c.encode(gitCommit, forKey: .gitCommit)
            try c.encode(scenarioFile, forKey: .scenarioFile)
            try c.encode(overrides, forKey: .overrides)
            try c.encode(scenario, forKey: .scenario)
            try c.encode(model, forKey: .model)
            try c.encode(name, forKey: .name)
            try c.encode(seed, forKey: .seed)
            try c.encode(steps, forKey: .steps)
            try c.encode(populationSize, forKey: .populationSize)
            try c.encode(threads, forKey: .threads)
            try c.encode(workerThreads, forKey: .workerThreads)
            try c.encode(randomGenerator, forKey: .randomGenerator)
            try c.encode(blockSize, forKey: .blockSize)
            try c.encode(startedAt, forKey: .startedAt)
            try c.encode(finishedAt, forKey: .finishedAt)
            try c.encode(wallSeconds, forKey: .wallSeconds)
            try c.encode(modelSeconds, forKey: .modelSeconds)
            try c.encode(metricsSeconds, forKey: .metricsSeconds)
            try c.encode(agentStepsPerSecond, forKey: .agentStepsPerSecond)
            try c.encode(rows, forKey: .rows)
            try c.encode(columns, forKey: .columns)
            try c.encode(columnDefinitions, forKey: .columnDefinitions)
            try c.encode(networkMetrics, forKey: .networkMetrics)
            try c.encode(files, forKey: .files)
            try c.encode(peakRSSBytes, forKey: .peakRSSBytes)
            try c.encode(stepsCompleted, forKey: .stepsCompleted)
            try c.encode(status, forKey: .status)
            try c.encode(resumedFromStep, forKey: .resumedFromStep)
        }
    }
}

