import Foundation
import SCModel
import SCOutput
import SCScenario

/// Runs a sweep's unfinished runs on `jobs` threads, each run on one thread, and records
/// each run in the database as it finishes.
///
/// A run's rows depend only on its point and seed, never on the number of jobs, the
/// shard or the order runs finish in, so a resumed, sharded or parallel sweep writes the
/// same rows as a plain one.
public enum SweepRunner {
    /// What the command line asked for.
    public struct Options: Sendable {
        /// Runs at the same time (each single-threaded).
        public var jobs: Int
        /// Only this share of the runs; nil for all.
        public var shard: Shard?

        public init(jobs: Int, shard: Shard? = nil) {
            self.jobs = jobs
            self.shard = shard
        }
    }

    /// Progress after each run: runs done in this shard (including ones skipped because
    /// an earlier invocation finished them) and runs in this shard.
    public typealias Progress = @Sendable (_ done: Int, _ total: Int) -> Void

    /// What a sweep invocation did.
    public struct Report: Sendable {
        /// Runs in this shard (all runs without `--shard`).
        public var runsInShard: Int
        /// Already finished before this invocation (skipped).
        public var skipped: Int
        /// Finished by this invocation.
        public var completed: Int
        public var wallSeconds: Double
    }

    /// The time-series columns the sweep's model writes, as its plug-in registers them.
    public static func columns(of definition: SweepDefinition) throws -> [MetricDefinition] {
        guard !definition.points.isEmpty else { return [] }
        let parameters = definition.parameters(for: definition.run(0))
        guard let columns = MetricGroups.definitions(parameters) else {
            throw PhaseListError("no model named '\(parameters.model)' is registered")
        }
        return columns
    }

    /// Runs every unfinished run of the shard and records it.
    ///
    /// - Throws: the first failure (a database write or a run); runs already recorded stay.
    public static func run(_ definition: SweepDefinition, database: SweepDatabase, options: Options,
                           progress: Progress? = nil) throws -> Report {
        let start = ProcessStats.now()
        let shardRuns = definition.runs.filter { options.shard?.contains(runID: $0.id) ?? true }
        let finished = try database.finishedRunIDs()
        let pending = shardRuns.filter { !finished.contains($0.id) }
        let skipped = shardRuns.count - pending.count
        progress?(skipped, shardRuns.count)

        let state = SharedState()
        let group = DispatchGroup()
        let workers = max(1, min(options.jobs, pending.count))
        for _ in 0..<(pending.isEmpty ? 0 : workers) {
            group.enter()
            let thread = Thread {
                defer { group.leave() }
                while let index = state.claim(limit: pending.count) {
                    let run = pending[index]
                    do {
                        let result = try execute(run, of: definition)
                        try database.record(result, point: definition.points[run.pointID])
                        state.finishOne { done in progress?(skipped + done, shardRuns.count) }
                    } catch {
                        state.fail(error)
                        return
                    }
                }
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        group.wait()
        if let error = state.error { throw error }
        return Report(runsInShard: shardRuns.count, skipped: skipped, completed: state.done,
                      wallSeconds: ProcessStats.now() - start)
    }

    /// One run, start to end, on the calling thread.
    public static func execute(_ run: SweepRun, of definition: SweepDefinition) throws -> RunResult {
        let start = ProcessStats.now()
        let parameters = definition.parameters(for: run)
        let model = try makeModel(parameters, runID: run.id)
        var rows: [[MetricValue]] = []
        let loop = SimulationLoop(model: model, totalSteps: parameters.steps)
        // The event log and panel, when the run's scenario asks for them, on the same loop.
        let sink = SweepRecordSink()
        let recorder = (model as? Simulation).flatMap { ReferenceRecorder.make(for: $0, sink: { sink }) }
        if let recorder { loop.recorders.append(recorder) }
        loop.run { report in
            if let row = report.row { rows.append(row) }
        }
        try recorder?.finish()
        let scenario = ScenarioSerializer.jsonObject(parameters)
        let json = (try? JSONSerialization.data(withJSONObject: scenario, options: [.sortedKeys])).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return RunResult(run: run, columns: model.columnNames, rows: rows, wallSeconds: ProcessStats.now() - start, scenarioJSON: json,
                         events: sink.events, panel: sink.panel)
    }

    /// The run's model, single-threaded: parallelism is across runs, not within one.
    /// Errors (an unreadable edge list) pass through unchanged so the CLI classifies them.
    static func makeModel(_ parameters: ModelParameters, runID: Int) throws -> any SimulationModel {
        try ModelRegistry.make(parameters, threads: 1)
    }
}

/// The work list and outcome shared by the worker threads.
// @unchecked: every property is read and written under `lock`.
private final class SharedState: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private(set) var done = 0
    private(set) var error: Error?

    /// The next index to run, or nil when the list is exhausted or a run failed.
    func claim(limit: Int) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard error == nil, next < limit else { return nil }
        next += 1
        return next - 1
    }

    /// Counts a finished run and reports it, one report at a time.
    func finishOne(_ report: (Int) -> Void) {
        lock.lock()
        defer { lock.unlock() }
        done += 1
        report(done)
    }

    func fail(_ error: Error) {
        lock.lock()
        defer { lock.unlock() }
        if self.error == nil { self.error = error }
    }
}
