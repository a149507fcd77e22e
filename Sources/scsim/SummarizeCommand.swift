import ArgumentParser
import Foundation
import SCExperiments

/// `scsim summarize`: per point and metric, the replicate mean of each run's late average.
struct SummarizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summarize",
        abstract: "Summarise a sweep database: per point and metric, mean, sd and 95% t-interval over replicates.",
        discussion: """
            Each run's value is its average over its last STEPS steps (missing cells left out); \
            a point's estimate is the mean of those over its replicates, with the sample sd and \
            mean -/+ t(0.975, n-1) sd/sqrt(n). gamer_frac is padder_frac + evader_frac + colluder_frac. \
            With --baseline, each point's difference from that point, paired by seed (common \
            random numbers), beside the unpaired (two-sample) interval of the same difference.
            """
    )

    @Argument(help: "Sweep database (SQLite).")
    var database: String

    @Option(parsing: .unconditional, help: "Average each run over its last STEPS steps.")
    var last = 52

    @Option(help: ArgumentHelp("Metrics to show, comma-separated (default: all).", valueName: "a,b"))
    var metrics: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("Show differences from this point id.", valueName: "POINT"))
    var baseline: Int?

    @Flag(help: "Print CSV instead of tables.")
    var csv = false

    func validate() throws {
        try OptionRange.check("--last", last, atLeast: 1)
        if let baseline { try OptionRange.check("--baseline", baseline, atLeast: 0, meaning: "a point id, 0 or more") }
    }

    func run() throws {
        let list = metrics.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
        let summary = try SweepSummary.load(path: database, lastSteps: last, metrics: list)
        if let warning = summary.warning { FileHandle.standardError.write(Data((warning + "\n").utf8)) }
        print(csv ? try summary.csv(baseline: baseline) : try summary.table(baseline: baseline), terminator: "")
    }
}
