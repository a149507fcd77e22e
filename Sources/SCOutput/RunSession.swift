import Crypto
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
        /// Also write a snapshot on each side of every timeline event (`--snapshot-at
        /// events`): after the step before it (the last state under the old settings) and
        /// after its own step (the first under the new); see `timelineSnapshotSteps`.
        public var snapshotAtTimelineEvents = false

        public init(scenarioPath: String, overrides: [String], outDirectory: String?, threads: Int, force: Bool,
                    snapshotEvery: Int = 0, checkpointEvery: Int = 0, snapshotAt: Set<Int> = [],
                    snapshotAtTimelineEvents: Bool = false) {
            self.snapshotAt = snapshotAt
            self.snapshotAtTimelineEvents = snapshotAtTimelineEvents
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
        /// The SHA-256 state over the time series' first `csvOffset` bytes (already verified).
        var digest: FileDigest
        /// The folder's lock, taken before the checkpoint was read.
        var lock: FileLock
    }

    /// Progress after each step: (steps done, steps in all).
    public typealias Progress = (_ done: Int, _ total: Int) -> Void

    /// The checkpoint's file name inside the run folder.
    public static let checkpointName = "checkpoint.scsim"

    public let options: Options
    public let parameters: ModelParameters
    public let simulation: any SimulationModel
    public let outDirectory: String
    /// Which run this is (recorded in its checkpoints; see `scenarioIdentity(_:)`).
    public let scenarioIdentity: String
    let resumption: Resumption?

    init(options: Options, parameters: ModelParameters, simulation: any SimulationModel, outDirectory: String,
         scenarioIdentity: String? = nil, resumption: Resumption?) {
        self.options = options
        self.parameters = parameters
        self.simulation = simulation
        self.outDirectory = outDirectory
        self.scenarioIdentity = scenarioIdentity ?? RunSession.scenarioIdentity(parameters)
        self.resumption = resumption
    }

    /// The values that say which run a checkpoint, time series and manifest belong to, and
    /// that neither a timeline event nor `resume --steps` changes.
    public static func scenarioIdentity(_ p: ModelParameters) -> String {
        "model=\(p.model) name=\(p.name) seed=\(p.seed) population.size=\(p.populationSize)"
    }

    /// The steps after which `--snapshot-at events` writes snapshots: for an event at step
    /// s, s - 1 (the state it changes; none for s = 0) and s (the state after one step under
    /// it), within the run's `steps`.
    public static func timelineSnapshotSteps(_ timeline: [PolicyEvent], steps: Int) -> Set<Int> {
        var chosen = Set<Int>()
        for event in timeline where event.step < steps {
            if event.step >= 1 { chosen.insert(event.step - 1) }
            chosen.insert(event.step)
        }
        return chosen
    }

    /// Loads the scenario, builds the population and network, and checks the output folder.
    ///
    /// - Throws: `ScenarioError`, `EdgeListError`, `BadRunRequest` or
    ///   `OutputError.folderNotEmpty` (bad input).
    public static func prepare(_ options: Options) throws -> RunSession {
        var options = options
        let scenario = try ScenarioLoader.load(path: options.scenarioPath, overrides: options.overrides)
        if options.snapshotAtTimelineEvents {
            let steps = timelineSnapshotSteps(scenario.parameters.timeline, steps: scenario.parameters.steps)
            guard !steps.isEmpty else {
                throw BadRunRequest("--snapshot-at events: the scenario has no timeline event within its \(scenario.parameters.steps) steps")
            }
            options.snapshotAt.formUnion(steps)
        }
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
        guard FileManager.default.fileExists(atPath: path) else {
            throw BadRunRequest("\(folder) has no checkpoint (\(checkpointName)); run with --checkpoint-every K, or interrupt a run with Ctrl-C, to make one")
        }
        // Nothing is written until the checkpoint and the time series are known to belong
        // together; the lock keeps another run or resume out of the folder meanwhile.
        let lock = try OutputFolder.lock(folder)
        guard let data = try readRegularFile(path, what: "the checkpoint") else {
            throw BadRunRequest("\(folder) has no checkpoint (\(checkpointName))")
        }
        let csvPath = folder + "/timeseries.csv"
        guard FileManager.default.fileExists(atPath: csvPath) else {
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
            throw BadRunRequest("cannot read \(path): \(error); nothing was changed")
        }
        let simulation = restored.model
        let extra = restored.extra
        if let steps, steps < simulation.step {
            throw BadRunRequest("--steps \(steps) is below the \(simulation.step) steps already run")
        }
        let info = try CheckpointInfo(extra: extra)
        let identity = scenarioIdentity(simulation.parameters)
        guard info.scenarioIdentity == identity else {
            throw BadRunRequest("\(path) is damaged: it records the run '\(info.scenarioIdentity)' but holds '\(identity)'")
        }
        try checkManifest(folder: folder, identity: identity)
        let digest = try verifyTimeSeries(csvPath, info)
        let options = Options(scenarioPath: info.scenarioFile, overrides: info.overrides, outDirectory: folder, threads: threads, force: true,
                              snapshotEvery: info.snapshotEvery, checkpointEvery: info.checkpointEvery)
        return RunSession(options: options, parameters: simulation.parameters, simulation: simulation, outDirectory: folder,
                          scenarioIdentity: identity,
                          resumption: Resumption(fromStep: simulation.step, csvOffset: info.csvOffset, digest: digest, lock: lock))
    }

    /// The bytes of the regular file at `path` (nil when missing); a FIFO, device or folder
    /// is refused rather than read.
    static func readRegularFile(_ path: String, what: String) throws -> Data? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return nil }
        guard attributes[.type] as? FileAttributeType == .typeRegular else {
            throw BadRunRequest("\(path) is not a regular file, so it cannot be \(what)")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw BadRunRequest("cannot read \(path) (\(String(cString: strerror(errno))))")
        }
        return data
    }

    /// Refuses a manifest of another run beside the checkpoint (a missing or unreadable
    /// manifest is no evidence either way: resume writes a new one).
    static func checkManifest(folder: String, identity: String) throws {
        let path = folder + "/manifest.json"
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              attributes[.type] as? FileAttributeType == .typeRegular,
              let data = FileManager.default.contents(atPath: path),
              let manifest = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let scenario = manifest["scenario"] as? [String: Any],
              let model = scenario["model"] as? String, let name = scenario["name"] as? String,
              let seed = scenario["seed"] as? Int, let size = (scenario["population"] as? [String: Any])?["size"] as? Int
        else { return }
        let found = "model=\(model) name=\(name) seed=\(seed) population.size=\(size)"
        guard found == identity else {
            throw BadRunRequest("\(path) belongs to another run ('\(found)') than the checkpoint ('\(identity)'); "
                + "refusing to resume, nothing was changed")
        }
    }

    /// Checks that `timeseries.csv` is the file the checkpoint was written beside: at least
    /// as long as then, and the same bytes up to that length (SHA-256).
    ///
    /// - Returns: the digest state over the first `csvOffset` bytes, to continue from.
    static func verifyTimeSeries(_ csvPath: String, _ info: CheckpointInfo) throws -> FileDigest {
        let attributes = try? FileManager.default.attributesOfItem(atPath: csvPath)
        guard attributes?[.type] as? FileAttributeType == .typeRegular, let size = (attributes?[.size] as? NSNumber)?.intValue else {
            throw BadRunRequest("\(csvPath) is not a regular file; refusing to resume")
        }
        guard info.csvOffset >= 0, info.csvOffset <= info.csvLength else {
            throw BadRunRequest("the checkpoint's time-series offsets are inconsistent (\(info.csvOffset) > \(info.csvLength)); it is damaged")
        }
        guard size >= info.csvLength else {
            throw BadRunRequest("\(csvPath) holds \(size) bytes, fewer than the \(info.csvLength) it held at the checkpoint: "
                + "it was cut short or replaced; refusing to resume, nothing was changed")
        }
        var digest = FileDigest()
        do {
            try digest.advance(csvPath, to: info.csvOffset)
            let atOffset = digest
            try digest.advance(csvPath, to: info.csvLength)
            guard digest.hex == info.csvSHA256 else {
                throw BadRunRequest("\(csvPath) is not the time series this checkpoint was written beside (its first \(info.csvLength) "
                    + "bytes differ): the folder was written again by another run, or the file was edited; refusing to resume, "
                    + "nothing was changed")
            }
            return atOffset
        } catch let error as BadRunRequest {
            throw error
        } catch {
            throw BadRunRequest("cannot read \(csvPath): \(error)")
        }
    }

    /// The model the scenario's `model` key names, at step 0 (with the optional column
    /// groups its `output.metrics` names: the model adds them itself).
    ///
    /// - Throws: `BadRunRequest` when the run cannot fit in this machine's memory
    ///   (`MemoryEstimate`), before anything is allocated.
    public static func makeModel(_ parameters: ModelParameters, threads: Int) throws -> any SimulationModel {
        if let problem = MemoryEstimate.problem(for: parameters) { throw BadRunRequest("\(problem)") }
        return try ModelRegistry.make(parameters, threads: threads)
    }

    /// Refuses an unusable output folder, and a non-empty one unless `force`. The lock file
    /// and the temporary files of killed processes do not count as content.
    ///
    /// - Returns: whether the folder holds results (that a forced run must keep whole
    ///   until it replaces them).
    @discardableResult
    static func checkFolder(_ path: String, force: Bool, lockedHere: Bool = false) throws -> Bool {
        guard !path.isEmpty else { throw OutputError.unusableFolder(path: path, reason: "the name is empty") }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            // The nearest existing ancestor must be a folder this process can create entries in.
            var ancestor = URL(fileURLWithPath: path).deletingLastPathComponent()
            while !FileManager.default.fileExists(atPath: ancestor.path, isDirectory: &isFolder), ancestor.path != "/" {
                ancestor.deleteLastPathComponent()
            }
            guard isFolder.boolValue else {
                throw OutputError.unusableFolder(path: path, reason: "\(ancestor.path) is a file, not a folder")
            }
            guard access(ancestor.path, W_OK | X_OK) == 0 else {
                throw OutputError.unusableFolder(path: path, reason: "cannot create it in \(ancestor.path) (\(String(cString: strerror(errno))))")
            }
            return false
        }
        guard isFolder.boolValue else { throw OutputError.unusableFolder(path: path, reason: "a file of that name exists") }
        if !lockedHere { try OutputFolder.checkNotLocked(path) }
        let entries = OutputFolder.contents(of: path)
        if !entries.isEmpty && !force { throw OutputError.folderNotEmpty(path: path) }
        return !entries.isEmpty
    }

    /// Runs the remaining steps, writing `timeseries.csv`, checkpoints and snapshots as
    /// asked, then `manifest.json`.
    ///
    /// The folder is locked for the whole run (a second run into it is refused). A run
    /// with `force` into a folder that holds results writes into a staging folder inside
    /// it (`.run.partial-PID`) and moves its files over the old ones only once it has
    /// finished: interrupted or failed, it leaves the old results whole.
    ///
    /// - Throws: `OutputError` when a file cannot be written (a failure while running), or
    ///   `RunInterrupted` after SIGINT or SIGTERM, once the current step is finished and a
    ///   checkpoint is written.
    public func execute(progress: Progress? = nil) throws -> RunManifest {
        let started = Date()
        let startClock = ProcessStats.now()
        let total = parameters.steps
        let writer: TimeSeriesWriter
        let lock: FileLock
        var digest: FileDigest
        var staging: String?
        if let resumption {
            lock = resumption.lock
            digest = resumption.digest
            writer = try TimeSeriesWriter(resuming: outDirectory + "/timeseries.csv", byteCount: resumption.csvOffset)
        } else {
            do {
                try FileManager.default.createDirectory(atPath: outDirectory, withIntermediateDirectories: true)
            } catch {
                throw OutputError.unusableFolder(path: outDirectory, reason: error.localizedDescription)
            }
            lock = try OutputFolder.lock(outDirectory)
            OutputFolder.removeStalePartials(in: outDirectory)
            // Again under the lock: another run may have filled the folder since `prepare`.
            if try RunSession.checkFolder(outDirectory, force: options.force, lockedHere: true) {
                let path = AtomicFile.temporaryPath(for: outDirectory + "/run")
                try? FileManager.default.removeItem(atPath: path)
                do {
                    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
                } catch {
                    throw OutputError.cannotWrite(path: path, reason: error.localizedDescription)
                }
                staging = path
            }
            digest = FileDigest()
            do {
                writer = try TimeSeriesWriter(path: (staging ?? outDirectory) + "/timeseries.csv", columns: simulation.columnNames,
                                              mode: options.checkpointEvery > 0 ? .inPlace : .atomic)
            } catch {
                if let staging { try? FileManager.default.removeItem(atPath: staging) }
                throw error
            }
        }
        defer { lock.release() }
        let folder = staging ?? outDirectory
        // What a signal inside a step too long to finish would leave (`InterruptFlag`).
        func longStepOutcome(checkpointed: Bool) -> (message: String, discard: [String]) {
            if let staging {
                return ("the new run was discarded and the earlier results in \(outDirectory) are unchanged", [staging])
            }
            if checkpointed || resumption != nil {
                return ("the last checkpoint in \(outDirectory) is kept. Continue with: scsim resume \(outDirectory)", [])
            }
            if writer.mode == .atomic {
                return ("nothing of this run was kept (no checkpoint had been written; --checkpoint-every K keeps one)",
                        [AtomicFile.temporaryPath(for: outDirectory + "/timeseries.csv")])
            }
            return ("no checkpoint had been written yet, so the run cannot be resumed; the rows so far are in \(outDirectory)/timeseries.csv, without a manifest", [])
        }
        let initial = longStepOutcome(checkpointed: false)
        InterruptFlag.beginStepping(step: simulation.step, longStepMessage: initial.message, discardOnExit: initial.discard)
        defer { InterruptFlag.uninstall() }
        let loop = SimulationLoop(model: simulation, totalSteps: total)
        let recording = try makeRecorder(folder: folder)
        if let recording { loop.recorders.append(recording.recorder) }
        var interrupted = false
        var checkpointWritten = false
        var manifest: RunManifest
        do {
            do {
                if resumption != nil, simulation.step > 0, let row = loop.observeIfDue() {
                    // The checkpoint's own step: its row is made again under the new horizon
                    // (it may have been the last step before, with a last-step-only row).
                    try writer.write(values: row)
                }
                var offsetBeforeStep = writer.byteCount
                try loop.run(shouldStop: { interrupted }) { report in
                    try recording?.recorder.checkFailure()
                    if let row = report.row { try writer.write(values: row) }
                    try writeSnapshotIfDue(lastStep: total - 1, folder: folder)
                    progress?(simulation.step, total)
                    interrupted = InterruptFlag.raised
                    if interrupted || loop.isDone { InterruptFlag.acknowledge() }
                    let due = options.checkpointEvery > 0 && (simulation.step % options.checkpointEvery == 0 || loop.isDone)
                    // A staged run that is interrupted is discarded: no checkpoint for it.
                    if due || (interrupted && staging == nil) {
                        checkpointWritten = try writeCheckpoint(writer, records: recording?.recorder, csvOffset: offsetBeforeStep, digest: &digest, folder: folder)
                    }
                    offsetBeforeStep = writer.byteCount
                    let outcome = checkpointWritten ? longStepOutcome(checkpointed: true) : nil
                    InterruptFlag.betweenSteps(step: simulation.step, longStepMessage: outcome?.message, discardOnExit: outcome?.discard)
                }
                InterruptFlag.acknowledge()
                try writer.finish()
                try recording?.recorder.finish()
            } catch {
                writer.abandon()
                recording?.database.abandon()
                throw error
            }
            if interrupted, let staging {
                try? FileManager.default.removeItem(atPath: staging)
                throw RunInterrupted(step: simulation.step, folder: outDirectory, outcome: .discarded)
            }
            let modelSeconds = loop.modelSeconds, metricsSeconds = loop.observeSeconds
            manifest = RunManifest(scenarioFile: options.scenarioPath, overrides: options.overrides,
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
            try AtomicFile.write(try manifest.jsonData(), to: folder + "/manifest.json")
            if let staging { try RunSession.commit(staging, into: outDirectory) }
        } catch {
            if let staging { try? FileManager.default.removeItem(atPath: staging) }
            throw error
        }
        if interrupted {
            throw RunInterrupted(step: simulation.step, folder: outDirectory, outcome: checkpointWritten ? .checkpointed : .noCheckpoint)
        }
        return manifest
    }

    /// Moves a finished staged run's files over the old ones: the old checkpoint goes
    /// first (it must never sit beside the new time series), `manifest.json` last.
    static func commit(_ staging: String, into folder: String) throws {
        let manager = FileManager.default
        func move(_ name: String) throws {
            let from = staging + "/" + name, to = folder + "/" + name
            var isFolder: ObjCBool = false
            if manager.fileExists(atPath: to, isDirectory: &isFolder), isFolder.boolValue {
                do { try manager.removeItem(atPath: to) } catch { throw OutputError.cannotWrite(path: to, reason: error.localizedDescription) }
            }
            try AtomicFile.commit(from, to: to)
        }
        let entries = (try? manager.contentsOfDirectory(atPath: staging)) ?? []
        if entries.contains(checkpointName) {
            try move(checkpointName)
        } else if manager.fileExists(atPath: folder + "/" + checkpointName) {
            do {
                try manager.removeItem(atPath: folder + "/" + checkpointName)
            } catch {
                throw OutputError.cannotWrite(path: folder + "/" + checkpointName, reason: "cannot remove the old run's checkpoint: \(error.localizedDescription)")
            }
        }
        for name in entries.sorted() where ![checkpointName, "timeseries.csv", "manifest.json"].contains(name) { try move(name) }
        try move("timeseries.csv")
        try move("manifest.json")
        try? manager.removeItem(atPath: staging)
    }

    /// Syncs the time series and the event log and panel (`records`: everything the writer
    /// thread holds is inserted and committed) and replaces the checkpoint (temporary file,
    /// then rename). `csvOffset` is where the time series stood before the checkpoint's
    /// last step's row.
    ///
    /// - Returns: false when the model keeps no checkpoints (nothing written).
    private func writeCheckpoint(_ writer: TimeSeriesWriter, records: ReferenceRecorder?, csvOffset: Int, digest: inout FileDigest,
                                 folder: String) throws -> Bool {
        guard let plugin = ModelRegistry.plugin(named: parameters.model), plugin.checkpointMagic != nil else { return false }
        try writer.sync()
        try records?.flush()
        do {
            try digest.advance(writer.target, to: writer.byteCount)
        } catch {
            throw OutputError.cannotWrite(path: writer.path, reason: "cannot read it back for the checkpoint's checksum: \(error)")
        }
        let extra = try CheckpointInfo(csvOffset: csvOffset, csvLength: writer.byteCount, csvSHA256: digest.hex,
                                       scenarioIdentity: scenarioIdentity, scenarioFile: options.scenarioPath, overrides: options.overrides,
                                       checkpointEvery: options.checkpointEvery, snapshotEvery: options.snapshotEvery,
                                       scsimVersion: BuildInfo.version).extra
        guard let data = try plugin.checkpoint(simulation, extra: extra) else { return false }
        try AtomicFile.write(data, to: folder + "/" + RunSession.checkpointName)
        return true
    }

    /// Writes a snapshot after steps that are multiples of `snapshotEvery` and after the
    /// last step (reference model only).
    func writeSnapshotIfDue(lastStep: Int, folder: String) throws {
        guard options.snapshotEvery > 0 || !options.snapshotAt.isEmpty, let writable = simulation as? SnapshotWritable else { return }
        let t = simulation.step - 1
        let every = options.snapshotEvery > 0 && (t % options.snapshotEvery == 0 || t == lastStep || simulation.isFinished)
        guard every || options.snapshotAt.contains(t) else { return }
        try writable.writeSnapshot(runFolder: folder, identity: [
            "scsim_version": BuildInfo.version, "git_commit": BuildInfo.gitCommit ?? NSNull(),
            "scenario_file": options.scenarioPath, "name": parameters.name, "seed": parameters.seed, "overrides": options.overrides,
        ])
    }
}

/// An incremental SHA-256 of a file's first bytes, read back from disk as the file grows
/// (so it covers exactly the bytes `scsim resume` will find).
struct FileDigest {
    private var hasher = SHA256()
    /// Bytes hashed so far.
    private(set) var length = 0

    /// Hashes the file's bytes from `length` up to `end`.
    mutating func advance(_ path: String, to end: Int) throws {
        guard end > length else { return }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw OutputError.cannotWrite(path: path, reason: String(cString: strerror(errno)))
        }
        defer { try? handle.close() }
        try handle.seek(toOffset: UInt64(length))
        while length < end {
            guard let chunk = try handle.read(upToCount: min(1 << 20, end - length)), !chunk.isEmpty else {
                throw OutputError.cannotWrite(path: path, reason: "the file ends at \(length) bytes, before \(end)")
            }
            hasher.update(data: chunk)
            length += chunk.count
        }
    }

    /// The digest of the bytes hashed so far, in lowercase hex.
    var hex: String { hasher.finalize().map { String(format: "%02x", $0) }.joined() }
}

/// A request that cannot be carried out as asked (exit code 2), such as resuming a folder
/// without a checkpoint.
public struct BadRunRequest: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// The run stopped on SIGINT or SIGTERM after finishing a step (exit code 130).
public struct RunInterrupted: Error, CustomStringConvertible {
    /// What was kept of the interrupted run.
    public enum Outcome: Sendable {
        /// A checkpoint was written: the run can be resumed.
        case checkpointed
        /// The model keeps no checkpoints: the rows so far are kept, nothing to resume.
        case noCheckpoint
        /// A `--force` run over earlier results: discarded, the earlier results kept.
        case discarded
    }

    public let step: Int
    public let folder: String
    public let outcome: Outcome

    public init(step: Int, folder: String, outcome: Outcome = .checkpointed) {
        self.step = step
        self.folder = folder
        self.outcome = outcome
    }

    public var description: String {
        switch outcome {
        case .checkpointed:
            return "interrupted after \(step) steps; the checkpoint is in \(folder). Continue with: scsim resume \(folder)"
        case .noCheckpoint:
            return "interrupted after \(step) steps; the rows so far are in \(folder)/timeseries.csv. "
                + "This model keeps no checkpoints, so the run cannot be resumed"
        case .discarded:
            return "interrupted after \(step) steps; the new run was discarded and the earlier results in \(folder) "
                + "are unchanged (a --force run replaces them only when it finishes)"
        }
    }
}
