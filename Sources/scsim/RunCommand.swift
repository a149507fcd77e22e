import ArgumentParser
import Foundation
import SCOutput
import SCScenario

/// `scsim run`: one run of a scenario to a time series and a manifest.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a scenario and write DIR/timeseries.csv and DIR/manifest.json.",
        discussion: "Exit codes: 0 success, 2 bad input (nothing is written), 1 failure while running."
    )

    @Argument(help: "Scenario file (YAML), e.g. scenarios/baseline.yaml.")
    var scenario: String

    // Numeric options parse their next word unconditionally, so that `--seed -1` is read as
    // the value -1 (and refused as out of range) instead of as a flag named `-1`.
    @Option(parsing: .unconditional, help: "Seed (overrides the scenario's `seed`).")
    var seed: Int?

    @Option(parsing: .unconditional, help: "Number of steps (overrides the scenario's `steps`); timeline events after a shorter run's end are dropped with a warning.")
    var steps: Int?

    @Option(name: .customLong("set"), help: ArgumentHelp("Set a scenario key, e.g. --set score.eta=0.6 (repeatable).", valueName: "key.path=value"))
    var assignments: [String] = []

    @Option(help: ArgumentHelp("Optional column groups to add to the time series (overrides the scenario's `output.metrics`): all, or names separated by commas (docs/COLUMNS.md).",
                               valueName: "all|GROUP,..."))
    var metrics: String?

    @Option(help: "Output folder (default runs/NAME-SEED).")
    var out: String?

    @Option(parsing: .unconditional, help: "Worker threads (default: all cores). Output does not depend on it.")
    var threads: Int?

    @Option(parsing: .unconditional, help: "Write a network snapshot (edges, citizens, GraphML) every K steps and at the last step.")
    var snapshotEvery: Int = 0

    @Option(help: ArgumentHelp("Write a network snapshot after each listed step, e.g. --snapshot-at 259,260 (steps from 0); the word `events` adds the steps either side of each timeline event (after s - 1 and after s for an event at s).", valueName: "STEP,...|events"))
    var snapshotAt: String?

    @Option(parsing: .unconditional, help: "Keep a checkpoint in the output folder, replaced every K steps (and at the end), for `scsim resume`.")
    var checkpointEvery: Int = 0

    @Flag(help: "No progress bar or summary.")
    var quiet = false

    @Flag(help: "Replace the files of a non-empty output folder.")
    var force = false

    func validate() throws {
        if let seed { try OptionRange.check("--seed", seed, scenarioKey: "seed") }
        if let steps { try OptionRange.check("--steps", steps, scenarioKey: "steps") }
        if let threads { try OptionRange.check("--threads", threads, atLeast: 1) }
        try OptionRange.check("--checkpoint-every", checkpointEvery, atLeast: 0, meaning: "0 (never) or more")
        try OptionRange.check("--snapshot-every", snapshotEvery, atLeast: 0, meaning: "0 (never) or more")
        if let snapshotAt, snapshotSteps(snapshotAt) == nil {
            throw ValidationError("--snapshot-at: expected step numbers (0 or more) or the word events, separated by commas, got '\(snapshotAt)'")
        }
    }

    func run() throws {
        InterruptFlag.beginSetUp(message: "interrupted while setting up the run (reading the scenario, building the population and network); nothing was written")
        var overrides = assignments
        if let seed { overrides.append("seed=\(seed)") }
        if let steps { overrides.append("steps=\(steps)") }
        if let metrics { overrides.append("output.metrics=\(metrics)") }
        let threadCount = threads ?? ProcessInfo.processInfo.activeProcessorCount
        // Read once more for its warnings (RunSession keeps only the parameters); a scenario
        // that does not load is reported by `prepare` below.
        let warnings = (try? ScenarioLoader.load(path: scenario, overrides: overrides))?.warnings ?? []
        let session = try RunSession.prepare(.init(scenarioPath: scenario, overrides: overrides, outDirectory: out,
                                                   threads: threadCount, force: force, snapshotEvery: snapshotEvery,
                                                   checkpointEvery: checkpointEvery, snapshotAt: snapshotAt.flatMap(snapshotSteps)?.steps ?? [],
                                                   snapshotAtTimelineEvents: snapshotAt.flatMap(snapshotSteps)?.events ?? false))
        RunCommand.printWarnings(warnings)
        try RunCommand.execute(session, quiet: quiet)
    }

    /// The steps of a `--snapshot-at` value and whether it names `events`, or nil when a
    /// word is neither a step number nor `events`.
    func snapshotSteps(_ text: String) -> (steps: Set<Int>, events: Bool)? {
        var steps = Set<Int>()
        var events = false
        for word in text.split(separator: ",") {
            let trimmed = word.trimmingCharacters(in: .whitespaces)
            if trimmed == "events" {
                events = true
                continue
            }
            guard let step = Int(trimmed), step >= 0 else { return nil }
            steps.insert(step)
        }
        return steps.isEmpty && !events ? nil : (steps, events)
    }

    /// Writes each warning to stderr as `warning: FILE:LINE: KEY: message` (also with
    /// --quiet, which silences only the progress bar and the summary).
    static func printWarnings(_ warnings: [ScenarioProblem]) {
        for warning in warnings { FileHandle.standardError.write(Data("warning: \(warning)\n".utf8)) }
    }

    /// Runs a prepared session with the progress bar on a terminal and the summary line.
    ///
    /// The step count and rate count only the steps run by this invocation: a resumed run
    /// that continues from step 520 to 1040 reports 520 steps, not 1040.
    static func execute(_ session: RunSession, quiet: Bool) throws {
        let population = session.simulation.agentCount
        let firstStep = session.simulation.step
        let bar = (!quiet && isatty(STDERR_FILENO) != 0) ? ProgressBar(population: population, firstStep: firstStep) : nil
        let manifest = try session.execute(progress: bar.map { b in { done, total in b.update(done: done, total: total) } })
        bar?.finish()
        if !quiet {
            FileHandle.standardError.write(Data((summaryLine(manifest, population: population, outDirectory: session.outDirectory) + "\n").utf8))
        }
    }

    /// `NAME: 520 steps x 10000 citizens in 2.23 s (2.33e+06 agent-steps/s, 2 threads) -> DIR/timeseries.csv`,
    /// with `(resumed at step 520, 1040 in all)` after the step count of a resumed run.
    static func summaryLine(_ manifest: RunManifest, population: Int, outDirectory: String) -> String {
        let resumedAt = manifest.resumedFromStep ?? 0
        let stepsRun = manifest.stepsCompleted - resumedAt
        let resumed = manifest.resumedFromStep.map { " (resumed at step \($0), \(manifest.stepsCompleted) in all)" } ?? ""
        return String(format: "%@: %d steps%@ x %d citizens in %.2f s (%.3g agent-steps/s, %d threads) -> %@/timeseries.csv",
                      manifest.parameters.name, stepsRun, resumed, population, manifest.wallSeconds,
                      manifest.agentStepsPerSecond, manifest.threads, outDirectory)
    }
}
