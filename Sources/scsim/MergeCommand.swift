import ArgumentParser
import Foundation
import SCExperiments

/// `scsim merge`: combines the databases of one sweep's shards.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Combine sweep databases (shards of one sweep) into one.",
        discussion: """
            Every database must come from the same sweep definition (its identity is checked); \
            otherwise nothing is written and the exit code is 2. A run present in several inputs \
            is taken once. A new --into file appears only when complete; an existing one gains \
            the runs it lacks.
            """
    )

    @Argument(help: "Sweep databases to read.")
    var inputs: [String]

    @Option(help: "The database to write (created when missing).")
    var into: String

    @Flag(help: "No summary line.")
    var quiet = false

    func validate() throws {
        if inputs.isEmpty { throw ValidationError("give at least one database to merge") }
    }

    func run() throws {
        let report = try SweepMerger.merge(inputs, into: into)
        if !quiet {
            let missing = report.total - report.finished
            let status = missing == 0 ? "complete" : "\(missing) runs still missing"
            let line = "merged \(inputs.count) databases into \(into): \(report.added) runs added, \(report.duplicates) already there; "
                + "\(report.finished) of \(report.total) runs finished (\(status))"
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
    }
}
