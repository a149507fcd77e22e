/// The one loop that steps a model, observes it on schedule and hands each row to whoever
/// records it: `scsim run`, `scsim resume`, every sweep run, `scsim bench` and a long-lived
/// driver (a server) all step models through this type, so when rows and network columns
/// are computed is decided in one place.
///
/// The loop owns no files: recording (CSV, database, checkpoints, snapshots) is the
/// caller's, in the `StepObserver` it passes. A driver that pauses simply stops calling
/// `step()`; policy changes go through `schedule(_:)` and apply at the next step's phase 0.
public final class SimulationLoop {
    /// What a caller does after each step.
    public struct StepReport {
        /// The row for the step just run, when one was due (nil otherwise).
        public var row: [MetricValue]?
        /// Seconds in the model's phases and in observation for this step.
        public var modelSeconds: Double
        public var observeSeconds: Double
    }

    public let model: any SimulationModel
    /// Steps in the whole run; the last step always gets a row with every column.
    public private(set) var totalSteps: Int
    /// Seconds spent so far in the model's phases and in observation.
    public private(set) var modelSeconds = 0.0
    public private(set) var observeSeconds = 0.0
    /// Rows produced so far by this loop.
    public private(set) var rows = 0

    /// Called after each step, after its row (if any): event logs, panels, anything that
    /// records the state rather than a time-series row. Empty by default.
    public var recorders: [any StepRecorder] = []
    /// Seconds spent so far in the recorders.
    public private(set) var recordSeconds = 0.0

    private let clock = ContinuousClock()

    public init(model: any SimulationModel, totalSteps: Int) {
        self.model = model
        self.totalSteps = totalSteps
    }

    /// Whether the run is over: the horizon is reached or the model cannot change any more.
    public var isDone: Bool { model.step >= totalSteps || model.isFinished }

    /// Runs one step and, when due, observes it.
    public func step() -> StepReport {
        let start = clock.now
        model.advance()
        let advanced = clock.now
        let row = observeIfDue()
        let end = clock.now
        if !recorders.isEmpty {
            for recorder in recorders { recorder.afterStep(self) }
            recordSeconds += Self.seconds(clock.now - end)
        }
        let report = StepReport(row: row, modelSeconds: Self.seconds(advanced - start), observeSeconds: Self.seconds(end - advanced))
        modelSeconds += report.modelSeconds
        observeSeconds += report.observeSeconds
        return report
    }

    /// The row of the step just run if the schedule (or an early stop) asks for one.
    ///
    /// A resumed run calls this once before stepping, for the checkpoint's own step: its
    /// row is made again under the (possibly longer) horizon.
    public func observeIfDue() -> [MetricValue]? {
        let plan = model.observationSchedule.plan(step: model.step - 1, lastStep: totalSteps - 1, finished: model.isFinished)
        guard plan.row else { return nil }
        rows += 1
        return model.observeRow(includeNetwork: plan.network)
    }

    /// Steps until the run is over or `shouldStop` says so after a step; `each` sees every
    /// step's report (to record its row, write checkpoints, show progress).
    public func run(shouldStop: () -> Bool = { false }, each: (StepReport) throws -> Void) rethrows {
        while !isDone {
            try each(step())
            if shouldStop() { break }
        }
    }

    /// Changes the policy at the start of the next step (or of `event.step` if later).
    ///
    /// - Throws: `PhaseListError` when the model does not take changes during a run.
    public func schedule(_ event: PolicyEvent) throws {
        try model.schedule(policy: PolicyEvent(step: max(event.step, model.step), assignments: event.assignments))
    }

    static func seconds(_ d: Duration) -> Double {
        let (s, attoseconds) = d.components
        return Double(s) + Double(attoseconds) * 1e-18
    }
}

/// Something that records the model's state after each step of a `SimulationLoop` (an event
/// log, a citizen panel): the loop calls it; it writes wherever it likes. A recorder that
/// fails keeps the error for `finish()`, so the loop's step stays non-throwing.
public protocol StepRecorder: AnyObject {
    /// Called after each step (and after that step's row, if any).
    func afterStep(_ loop: SimulationLoop)
    /// After the last step: writes what is left and reports the first failure.
    func finish() throws
}
