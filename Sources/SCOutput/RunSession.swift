import Foundation
import SCModel
import SCNetwork
import SCScenario

/// One `scsim run` or `scsim resume`: build (or restore) step 0, then step, observe and
/// record, keeping checkpoints when asked.
///
/// Everything that can be wrong with the input (scenario, overrides, edge list, output
/// folder, checkpoint) is found by `prepare` or `prepareResume` before any file is created
/// or changed, so bad input writes nothing.
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
        /// Keep a checkpoint, replaced every this many steps (0: only when interrupted).
        public var checkpointEvery: Int
        /// Also write a snapshot after each of these steps (`--snapshot-at`; not kept by a
        /// checkpoint, so `scsim resume` does not continue it).
        public var snapshotAt: Set<Int> = []

        public init(scenarioPath: String, overrides: [String], outDirectory: String?, threads: Int, force: Bool,
                    snapshotEvery: Int = 0, checkpointEvery: Int = 0, snapshotAt: Set<Int> = []) {
            self.snapshotAt = snapshotAt
            self.scenarioPath = scenarioPath
            self.overrides = overrides
            self.outDirectory = outDirectory
            self.threads = threads
            self.force = force
            self.snapshotEvery = snapshotEvery
            self.checkpointEvery = checkpointEvery
        }
    }

    /// Where a resumed run picks up.
    struct Resumption {
        var fromStep: Int
        var csvOffset: Int
    }

    /// Progress after each step: (steps done, steps in all).
    public typealias Progress = (_ done: Int, _ total: Int) -> Void

    /// The checkpoint's file name inside the run folder.
    public static let checkpointName = "checkpoint.scsim"

    public let options: Options
    public let parameters: ModelParameters
    public let simulation: any SimulationModel
    public let outDirectory: String
    let resumption: Resumption?

    /// Loads the scenario, builds the population and network, and checks the output folder.
    ///
    /// - Throws: `ScenarioError`, `EdgeListError`, `BadRunRequest` or
    ///   `OutputError.folderNotEmpty` (bad input).
    public static func prepare(_ options: Options) throws -> RunSession {
        let scenario = try ScenarioLoader.load(path: options.scenarioPath, overrides: options.overrides)
        let out = options.outDirectory ?? "runs/\(scenario.parameters.name)-\(scenario.parameters.seed)"
        try RunSession.checkFolder(out, force: options.force)
        let simulation = try makeModel(scenario.parameters, threads: options.threads)
        let plugin = ModelRegistry.plugin(named: scenario.parameters.model)
        if options.checkpointEvery > 0, plugin?.checkpointMagic == nil {
            throw BadRunRequest("the \(scenario.parameters.model) model keeps no checkpoints; leave out --checkpoint-every")
        }
        if options.snapshotEvery > 0 || !options.snapshotAt.isEmpty, !(simulation is SnapshotWritable) {
            throw BadRunRequest("the \(scenario.parameters.model) model writes no snapshots; leave out --snapshot-every")
        }
        return RunSession(options: options, parameters: scenario.parameters, simulation: simulation, outDirectory: out, resumption: nil)
    }

    /// Restores the run in `folder` from its checkpoint, to run to `steps` steps in all
    /// (default: the run's own).
    ///
    /// - Throws: `BadRunRequest` for a missing or unreadable checkpoint, or a step count
    ///   below the steps already run (bad input).
    public static func prepareResume(folder: String, steps: Int?, threads: Int) throws -> RunSession {
        let path = folder + "/" + checkpointName
        guard let data = FileManager.default.contents(atPath: path) else {
            throw BadRunRequest("\(folder) has no checkpoint (\(checkpointName)); run with --checkpoint-every K, or interrupt a run with Ctrl-C, to make one")
        }
        guard FileManager.default.fileExists(atPath: folder + "/timeseries.csv") else {
            throw BadRunRequest("\(folder)/timeseries.csv is missing: the checkpoint has no time series to continue")
        }
        guard let plugin = ModelRegistry.plugin(forCheckpoint: data) else {
            throw BadRunRequest("cannot read \(path): not a checkpoint of any registered model")
        }
        let restored: (model: any SimulationModel, extra: [String: Any])
        do {
            restored = try plugin.restore(data, threads: threads) { parameters in
                guard let steps else { return }
                parameters.steps = steps
                let problems = parameters.consistencyProblems()
                if let first = problems.first { throw BadRunRequest("--steps \(steps): \(first)") }
            }
        } catch let error as BadRunRequest {
            throw error
        } catch {
            throw BadRunRequest("cannot read \(path): \(error)")
        }
        let simulation = restored.model
        let extra = restored.extra
        if let steps, steps < simulation.step {
            throw BadRunRequest("--steps \(steps) is below the \(simulation.step) steps already run")
        }
        let info = try CheckpointInfo(extra: extra)
        let options = Options(scenarioPath: info.scenarioFile, overrides: info.overrides, outDirectory: folder, threads: threads, force: true,
                              snapshotEvery: info.snapshotEvery, checkpointEvery: info.checkpointEvery)
        return RunSession(options: options, parameters: simulation.parameters, simulation: simulation, outDirectory: folder,
                          resumption: Resumption(fromStep: simulation.step, csvOffset: info.csvOffset))
    }

    /// The model the scenario's `model` key names, at step 0 (with the optional column
    /// groups its `output.metrics` names: the model adds them itself).
    public static func makeModel(_ parameters: ModelParameters, threads: Int) throws -> any SimulationModel {
        try ModelRegistry.make(parameters, threads: threads)
    }

    /// Refuses a non-empty folder unless `force`.
    static func checkFolder(_ path: String, force: Bool) throws {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { return }
        guard isFolder.boolValue else { throw OutputError.cannotCreateFolder(path: path, reason: "a file of that name exists") }
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        if !entries.isEmpty && !force { throw OutputError.folderNotEmpty(path: path) }
    }

    /// Runs the remaining steps, writing `timeseries.csv`, checkpoints and snapshots as
    /// asked, then `manifest.json`.
    ///
    /// - Throws: `OutputError` when a file cannot be written (a failure while running), or
    ///   `RunInterrupted` after SIGINT or SIGTERM, once the current step is finished and a
    ///   checkpoint is written.
    public func execute(progress: Progress? = nil) throws -> RunManifest {
        let started = Date()
        let startClock = ProcessStats.now()
        let total = parameters.steps
        let writer: TimeSeriesWriter
        if let resumption {
            writer = try TimeSeriesWriter(resuming: outDirectory + "/timeseries.csv", byteCount: resumption.csvOffset)
        } else {
            do {
                try FileManager.default.createDirectory(atPath: outDirectory, withIntermediateDirectories: true)
            } catch {
                throw OutputError.cannotCreateFolder(path: outDirectory, reason: error.localizedDescription)
            }
            writer = try TimeSeriesWriter(path: outDirectory + "/timeseries.csv", columns: simulation.columnNames,
                                          mode: options.checkpointEvery > 0 ? .inPlace : .atomic)
        }
        InterruptFlag.install()
        defer { InterruptFlag.uninstall() }
        let loop = SimulationLoop(model: simulation, totalSteps: total)
        let recording = try makeRecorder()
        if let recording { loop.recorders.append(recording.recorder) }
        var interrupted = false
        do {
            if resumption != nil, simulation.step > 0, let row = loop.observeIfDue() {
                // The checkpoint's own step: its row is made again under the new horizon
                // (it may have been the last step before, with a last-step-only row).
                try writer.write(values: row)
            }
            var offsetBeforeStep = writer.byteCount
            try loop.run(shouldStop: { interrupted }) { report in
                if let row = report.row { try writer.write(values: row) }
                try writeSnapshotIfDue(lastStep: total - 1)
                progress?(simulation.step, total)
                interrupted = InterruptFlag.raised
                let due = options.checkpointEvery > 0 && (simulation.step % options.checkpointEvery == 0 || loop.isDone)
                if due || interrupted { try writeCheckpoint(writer, csvOffset: offsetBeforeStep) }
                offsetBeforeStep = writer.byteCount
            }
            try writer.finish()
            try recording?.recorder.finish()
        } catch {
            writer.abandon()
            recording?.database.abandon()
            throw error
        }
        let modelSeconds = loop.modelSeconds, metricsSeconds = loop.observeSeconds
        var manifest = RunManifest(scenarioFile: options.scenarioPath, overrides: options.overrides,
                                   parameters: parameters, threads: options.threads, workerThreads: simulation.workerThreads,
                                   startedAt: ProcessStats.timestamp(started), finishedAt: ProcessStats.timestamp(),
                                   wallSeconds: ProcessStats.now() - startClock, modelSeconds: modelSeconds,
                                   metricsSeconds: metricsSeconds, rows: writer.rowsWritten,
                                   peakResidentBytes: ProcessStats.peakResidentBytes())
        manifest.stepsCompleted = simulation.step
        manifest.columns = simulation.metricDefinitions
        manifest.status = interrupted ? "interrupted" : "finished"
        manifest.resumedFromStep = resumption?.fromStep
        if recording != nil { manifest.extraFiles["run"] = RunDatabase.fileName }
        try AtomicFile.write(try manifest.jsonData(), to: outDirectory + "/manifest.json")
        if interrupted { throw RunInterrupted(step: simulation.step, folder: outDirectory) }
        return manifest
    }

    /// Syncs the time series and replaces the checkpoint (temporary file, then rename).
    /// `csvOffset` is where the time series stood before the checkpoint's last step's row.
    private func writeCheckpoint(_ writer: TimeSeriesWriter, csvOffset: Int) throws {
        guard let plugin = ModelRegistry.plugin(named: parameters.model) else { return }
        try writer.sync()
        let extra = try CheckpointInfo(csvOffset: csvOffset, scenarioFile: options.scenarioPath, overrides: options.overrides,
                                       checkpointEvery: options.checkpointEvery, snapshotEvery: options.snapshotEvery,
                                       scsimVersion: BuildInfo.version).extra
        guard let data = try plugin.checkpoint(simulation, extra: extra) else { return }
        try AtomicFile.write(data, to: outDirectory + "/" + RunSession.checkpointName)
    }

    /// Writes a snapshot after steps that are multiples of `snapshotEvery` and after the
    /// last step (reference model only).
    func writeSnapshotIfDue(lastStep: Int) throws {
        guard options.snapshotEvery > 0 || !options.snapshotAt.isEmpty, let writable = simulation as? SnapshotWritable else { return }
        let t = simulation.step - 1
        let every = options.snapshotEvery > 0 && (t % options.snapshotEvery == 0 || t == lastStep || simulation.isFinished)
        guard every || options.snapshotAt.contains(t) else { return }
        try writable.writeSnapshot(runFolder: outDirectory, identity: [
            "scsim_version": BuildInfo.version, "git_commit": BuildInfo.gitCommit ?? NSNull(),
            "scenario_file": options.scenarioPath, "name": parameters.name, "seed": parameters.seed, "overrides": options.overrides,
        ])
    }
}

/// A request that cannot be carried out as asked (exit code 2), such as resuming a folder
/// without a checkpoint.
public struct BadRunRequest: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// The run stopped on SIGINT or SIGTERM after finishing a step and writing a checkpoint
/// (exit code 130).
public struct RunInterrupted: Error, CustomStringConvertible {
    public let step: Int
    public let folder: String
    public var description: String {
        "interrupted after \(step) steps; the checkpoint is in \(folder). Continue with: scsim resume \(folder)"
    }
}
