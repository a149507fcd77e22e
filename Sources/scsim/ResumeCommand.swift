import ArgumentParser
import Foundation
import SCOutput

/// `scsim resume`: continues a run from the checkpoint in its folder.
struct ResumeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "Continue a run from its checkpoint; the time series ends byte-identical to an uninterrupted run.",
        discussion: "The time series is cut back to the checkpoint first, dropping rows written after it."
    )

    @Argument(help: "The run folder (holding checkpoint.scsim and timeseries.csv).")
    var folder: String

    @Option(parsing: .unconditional, help: "Steps in all (default: the run's own); more than the run had extends it.")
    var steps: Int?

    @Option(parsing: .unconditional, help: "Worker threads (default: all cores). Output does not depend on it.")
    var threads: Int?

    @Flag(help: "No progress bar or summary.")
    var quiet = false

    func validate() throws {
        if let threads { try OptionRange.check("--threads", threads, atLeast: 1) }
        if let steps { try OptionRange.check("--steps", steps, scenarioKey: "steps") }
    }

    func run() throws {
        InterruptFlag.beginSetUp(message: "interrupted while restoring the checkpoint; nothing was changed")
        let session = try RunSession.prepareResume(folder: folder, steps: steps,
                                                   threads: threads ?? ProcessInfo.processInfo.activeProcessorCount)
        try RunCommand.execute(session, quiet: quiet)
    }
}
