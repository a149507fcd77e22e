import ArgumentParser
import Foundation
import SCOutput

/// `scsim run`: one run of a scenario to a time series and a manifest.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a scenario and write DIR/timeseries.csv and DIR/manifest.json.",
        discussion: "Exit codes: 0 success, 2 bad input (nothing is written), 1 failure while running."
    )

    @Argument(help: "Scenario file (YAML), e.g. scenarios/baseline.yaml.")
    var scenario: String

    @Option(help: "Seed (overrides the scenario's `seed`).")
    var seed: Int?

    @Option(help: "Number of steps (overrides the scenario's `steps`).")
    var steps: Int?

    @Option(name: .customLong("set"), help: ArgumentHelp("Set a scenario key, e.g. --set score.eta=0.6 (repeatable).", valueName: "key.path=value"))
    var assignments: [String] = []

    @Option(help: "Output folder (default runs/NAME-SEED).")
    var out: String?

    @Option(help: "Worker threads (default: all cores). Output does not depend on it.")
    var threads: Int?

    @Option(help: "Write a network snapshot (edges, citizens, GraphML) every K steps and at the last step.")
    var snapshotEvery: Int = 0

    @Option(help: "Keep a checkpoint in the output folder, replaced every K steps (and at the end), for `scsim resume`.")
    var checkpointEvery: Int = 0

    @Flag(help: "No progress bar or summary.")
    var quiet = false

    @Flag(help: "Replace the files of a non-empty output folder.")
    var force = false

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1, got \(threads)") }
        if checkpointEvery < 0 { throw ValidationError("--checkpoint-every must be 0 (never) or more, got \(checkpointEvery)") }
        if snapshotEvery < 0 { throw ValidationError("--snapshot-every must be 0 (never) or more, got \(snapshotEvery)") }
    }

    func run() throws {
        var overrides = assignments
        if let seed { overrides.append("seed=\(seed)") }
        if let steps { overrides.append("steps=\(steps)") }
        let threadCount = threads ?? ProcessInfo.processInfo.activeProcessorCount
        let session = try RunSession.prepare(.init(scenarioPath: scenario, overrides: overrides, outDirectory: out,
                                                   threads: threadCount, force: force, snapshotEvery: snapshotEvery,
                                                   checkpointEvery: checkpointEvery))
        try RunCommand.execute(session, quiet: quiet)
    }

    /// Runs a prepared session with the progress bar on a terminal and the summary line.
    static func execute(_ session: RunSession, quiet: Bool) throws {
        let population = session.simulation.agentCount
        let bar = (!quiet && isatty(STDERR_FILENO) != 0) ? ProgressBar(population: population) : nil
        let manifest = try session.execute(progress: bar.map { b in { done, total in b.update(done: done, total: total) } })
        bar?.finish()
        if !quiet {
            let line = String(format: "%@: %d steps x %d citizens in %.2f s (%.3g agent-steps/s, %d threads) -> %@/timeseries.csv",
                              manifest.parameters.name, manifest.stepsCompleted, population, manifest.wallSeconds,
                              manifest.agentStepsPerSecond, manifest.threads, session.outDirectory)
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
    }
}
