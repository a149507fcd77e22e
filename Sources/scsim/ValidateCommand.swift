import ArgumentParser
import Foundation
import SCValidation

/// `scsim validate`: reproduces published results with the engine's own parts.
///
/// The work is in the SCValidation library (so the tests run the same checks); this
/// command only chooses the configuration and prints the report.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check the network generators and the adaptive voter model against published results.",
        discussion: """
            Prints, per check, the published value, the measured value with its standard error, \
            the tolerance (derived from the number of runs) and pass or fail. The full suite takes \
            minutes in a release build; --quick takes seconds. Exit code 1 when a check fails.
            """
    )

    @Flag(help: "The reduced suite run by the tests (smaller graphs, fewer runs).")
    var quick = false

    @Option(parsing: .unconditional, help: "Worker threads for independent runs (default: all cores). Results do not depend on it.")
    var threads: Int?

    @Option(parsing: .unconditional, help: "Seed from which every run's seed is derived.")
    var seed: UInt64 = 2006

    @Option(name: .customLong("only"), help: ArgumentHelp("Run only the checks whose id starts with this (repeatable), e.g. er., ws., voter.phic.", valueName: "prefix"))
    var only: [String] = []

    @Flag(help: "Print the full report as Markdown (the form of docs/VALIDATION.md).")
    var markdown = false

    func validate() throws {
        if let threads { try OptionRange.check("--threads", threads, atLeast: 1) }
        var probe = ValidationConfiguration.quick(threads: 1)
        probe.only = only
        let unknown = probe.unknownOnlyPrefixes
        if !unknown.isEmpty {
            throw ValidationError("--only \(unknown.map { "'\($0)'" }.joined(separator: ", ")) selects no check; check ids begin with "
                                  + ValidationConfiguration.checkIDStems.joined(separator: ", "))
        }
    }

    func run() throws {
        let threadCount = threads ?? ProcessInfo.processInfo.activeProcessorCount
        var configuration = quick ? ValidationConfiguration.quick(threads: threadCount) : .full(threads: threadCount)
        configuration.seed = seed
        configuration.only = only
        let report = ValidationSuite.run(configuration) { section in
            FileHandle.standardError.write(Data("validate: \(section)...\n".utf8))
        }
        // A prefix that looked like a check id but made none (er.giant.c99) is an error too.
        if report.checks.isEmpty {
            throw ValidationError("--only \(only.joined(separator: ", ")) selected no check; check ids begin with "
                                  + ValidationConfiguration.checkIDStems.joined(separator: ", "))
        }
        print(markdown ? report.markdown() : report.text(), terminator: "")
        if !report.passed { throw ExitCode(1) }
    }
}
