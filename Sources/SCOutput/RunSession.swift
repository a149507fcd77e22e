import Foundation
import SCModel
import SCNetwork
import SCScenario
import SCVoter

/// One `scsim run`: load and validate, build step 0, then step, observe and record.
///
/// Everything that can be wrong with the input (scenario, overrides, edge list, output
/// folder) is found by `prepare` before any file is created, so bad input writes nothing.
public struct RunSession {
    /// What the command line asked for.
    public struct Options {
        public var scenarioPath: String
        public var overrides: [String]
        public var outDirectory: String?
        public var threads: Int
        public var force: Bool
        /// Write a network snapshot every this many steps (0: never), and at the last step.
        public var snapshotEvery: Int

        public init(scenarioPath: String, overrides: [String], outDirectory: String?, threads: Int, force: Bool, snapshotEvery: Int = 0) {
            self.scenarioPath = scenarioPath
            self.overrides = overrides
            self.outDirectory = outDirectory
            self.threads = threads
            self.force = force
            self.snapshotEvery = snapshotEvery
        }
    }

    /// Progress after each step: (steps done, steps in all).
    public typealias Progress = (_ done: Int, _ total: Int) -> Void

    public let options: Options
    public let scenario: LoadedScenario
    public let simulation: any SimulationModel
    public let outDirectory: String

    /// Loads the scenario, builds the population and network, and checks the output folder.
    ///
    /// - Throws: `ScenarioError`, `EdgeListError` or `OutputError.folderNotEmpty` (bad input).
    public static func prepare(_ options: Options) throws -> RunSession {
        let scenario = try ScenarioLoader.load(path: options.scenarioPath, overrides: options.overrides)
        let out = options.outDirectory ?? "runs/\(scenario.parameters.name)-\(scenario.parameters.seed)"
        try RunSession.checkFolder(out, force: options.force)
        let simulation = try RunSession.makeModel(scenario.parameters, threads: options.threads)
        return RunSession(options: options, scenario: scenario, simulation: simulation, outDirectory: out)
    }

    /// The model the scenario's `model` key names, at step 0.
    public static func makeModel(_ parameters: ModelParameters, threads: Int) throws -> any SimulationModel {
        switch parameters.model {
        case "adaptive_voter": return try AdaptiveVoter(parameters: parameters)
        default: return try Simulation(parameters: parameters, threads: threads)
        }
    }

    /// Writes a snapshot after steps that are multiples of `snapshotEvery` and after the
    /// last step (reference model only).
    func writeSnapshotIfDue(lastStep: Int) throws {
        guard options.snapshotEvery > 0, let reference = simulation as? Simulation else { return }
        let t = simulation.step - 1
        guard t % options.snapshotEvery == 0 || t == lastStep || simulation.isFinished else { return }
        let p = scenario.parameters
        try SnapshotWriter.write(reference, runFolder: outDirectory, identity: [
            "scsim_version": BuildInfo.version, "git_commit": BuildInfo.gitCommit ?? NSNull(),
            "scenario_file": options.scenarioPath, "name": p.name, "seed": p.seed, "overrides": options.overrides,
        ])
    }

    /// Refuses a non-empty folder unless `force`.
    static func checkFolder(_ path: String, force: Bool) throws {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { return }
        guard isFolder.boolValue else { throw OutputError.cannotCreateFolder(path: path, reason: "a file of that name exists") }
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        if !entries.isEmpty && !force { throw OutputError.folderNotEmpty(path: path) }
    }

    /// Runs every step, writing `timeseries.csv` and then `manifest.json`.
    ///
    /// - Throws: `OutputError` when a file cannot be written (a failure while running).
    public func execute(progress: Progress? = nil) throws -> RunManifest {
        let started = Date()
        let startClock = ProcessStats.now()
        do {
            try FileManager.default.createDirectory(atPath: outDirectory, withIntermediateDirectories: true)
        } catch {
            throw OutputError.cannotCreateFolder(path: outDirectory, reason: error.localizedDescription)
        }
        let writer = try TimeSeriesWriter(path: outDirectory + "/timeseries.csv", columns: simulation.columnNames)
        let total = scenario.parameters.steps
        var modelSeconds = 0.0, metricsSeconds = 0.0
        do {
            for _ in 0..<total {
                let t0 = ProcessStats.now()
                simulation.advance()
                let t1 = ProcessStats.now()
                let plan = simulation.observationPlan(lastStep: total - 1)
                if plan.row || simulation.isFinished { try writer.write(values: simulation.observeRow(includeNetwork: plan.network)) }
                try writeSnapshotIfDue(lastStep: total - 1)
                modelSeconds += t1 - t0
                metricsSeconds += ProcessStats.now() - t1
                progress?(simulation.step, total)
                if simulation.isFinished { break }
            }
            try writer.finish()
        } catch {
            writer.abandon()
            throw error
        }
        let manifest = RunManifest(scenarioFile: options.scenarioPath, overrides: options.overrides,
                                   parameters: scenario.parameters, threads: options.threads, workerThreads: simulation.workerThreads,
                                   startedAt: ProcessStats.timestamp(started), finishedAt: ProcessStats.timestamp(),
                                   wallSeconds: ProcessStats.now() - startClock, modelSeconds: modelSeconds,
                                   metricsSeconds: metricsSeconds, rows: writer.rowsWritten,
                                   peakResidentBytes: ProcessStats.peakResidentBytes())
        try AtomicFile.write(try manifest.jsonData(), to: outDirectory + "/manifest.json")
        return manifest
    }
}
