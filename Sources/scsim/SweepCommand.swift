import ArgumentParser
import Foundation
import SCExperiments
import SCModel
import SCOutput

/// `scsim sweep`: runs a sweep file's points x replicates into one SQLite database.
struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Run a parameter sweep (grid, Latin hypercube, Sobol or Halton) into a SQLite database.",
        discussion: """
            Replicate r runs with seed + r at every point (common random numbers). Each run is \
            written in one transaction; running the same command again resumes, skipping \
            finished runs. --shard K/N runs every N-th run (run ids K-1, K-1+N, ...); combine \
            the shards' databases with `scsim merge`. The sweep file format is in README.md (Sweeps). \
            Exit codes: 0 success, 2 bad input (nothing is written), 1 failure while running.
            """
    )

    @Argument(help: "Sweep file (YAML), e.g. scenarios/sweeps/01-smoke.yaml.")
    var sweep: String

    @Option(parsing: .unconditional, help: "Runs at the same time, each on one thread (default: all cores). Results do not depend on it.")
    var jobs: Int?

    @Option(help: "Database file (default runs/sweeps/NAME.sqlite, or NAME.shard-K-of-N.sqlite with --shard).")
    var db: String?

    @Option(help: ArgumentHelp("Run only shard K of N (1 <= K <= N).", valueName: "K/N"))
    var shard: String?

    @Flag(help: "List the points and runs, then stop without running or writing anything.")
    var dryRun = false

    @Flag(help: "No progress line or summary.")
    var quiet = false

    func validate() throws {
        if let jobs { try OptionRange.check("--jobs", jobs, atLeast: 1) }
    }

    func run() throws {
        let shard = try shard.map(Shard.init(parsing:))
        let definition = try SweepLoader.load(path: sweep)
        if dryRun { return printPlan(definition, shard: shard) }
        // Runs run one per job at once: each must fit, with the others beside it.
        let parallelJobs = max(1, jobs ?? ProcessInfo.processInfo.activeProcessorCount)
        if let largest = definition.points.max(by: { MemoryEstimate.bytes(for: $0.parameters) < MemoryEstimate.bytes(for: $1.parameters) }),
           let problem = MemoryEstimate.problem(for: largest.parameters, available: MemoryEstimate.availableBytes().map { $0 / Double(parallelJobs) }) {
            throw BadInput(description: "sweep point \(largest.id): \(problem)" + (parallelJobs > 1 ? " (shared by \(parallelJobs) jobs; fewer --jobs leave each more)" : ""))
        }
        if db == nil, let problem = SafeFileName.problem(definition.name) {
            // A name: key is checked by the reader; this is the file's stem, the default name.
            throw BadInput(description: "the sweep's name \(problem.replacingOccurrences(of: "the output folder", with: "the database")) (the name comes from the file name \(sweep)); give the sweep a name: or choose the database with --db")
        }
        let path = db ?? defaultPath(definition, shard: shard)
        // No step loop here: a signal ends the sweep at once. The database commits run by
        // run, so the runs that finished are kept and the same command runs the rest.
        InterruptFlag.beginSetUp(message: "interrupted; the runs that finished are kept in \(path). Run the same command again to run the rest")
        let database = try SweepDatabase.open(for: definition, at: path,
                                              describedColumns: ColumnInfo.described(try SweepRunner.columns(of: definition)))
        defer { database.finish() }
        let jobCount = jobs ?? ProcessInfo.processInfo.activeProcessorCount
        let start = ContinuousClock.now
        let live = !quiet && isatty(STDERR_FILENO) != 0
        let report = try SweepRunner.run(definition, database: database, options: .init(jobs: jobCount, shard: shard)) { done, total in
            guard live else { return }
            let elapsed = ProcessStats.seconds(since: start)
            let text = String(format: "\rsweep %@: %d/%d runs, %@ elapsed ", definition.name, done, total, ProgressBar.clock(elapsed))
            FileHandle.standardError.write(Data(text.utf8))
        }
        if live { FileHandle.standardError.write(Data("\n".utf8)) }
        if !quiet {
            let shardText = shard.map { ", shard \($0)" } ?? ""
            let line = String(format: "sweep %@%@: %d runs (%d done before, %d now) in %.1f s with %d job%@ -> %@",
                              definition.name, shardText, report.runsInShard, report.skipped, report.completed,
                              report.wallSeconds, jobCount, jobCount == 1 ? "" : "s", path)
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
    }

    func defaultPath(_ definition: SweepDefinition, shard: Shard?) -> String {
        let stem = "runs/sweeps/\(definition.name)"
        guard let shard else { return stem + ".sqlite" }
        return stem + ".shard-\(shard.index)-of-\(shard.count).sqlite"
    }

    func printPlan(_ definition: SweepDefinition, shard: Shard?) {
        let runs = definition.runs.filter { shard?.contains(runID: $0.id) ?? true }
        print("sweep '\(definition.name)': \(definition.points.count) points x \(definition.replicates) replicates = \(definition.runCount) runs"
              + (shard.map { ", \(runs.count) in shard \($0)" } ?? ""))
        print("design \(definition.design); seeds \(definition.baseSeed) ... \(definition.baseSeed + definition.replicates - 1) at every point")
        print("base scenario \(definition.scenarioFile)" + (definition.fixedOverrides.isEmpty ? "" : " with " + definition.fixedOverrides.joined(separator: " ")))
        print("identity \(definition.identity)")
        var rows = [["point"] + definition.parameters.map(\.path)]
        for point in definition.points { rows.append(["\(point.id)"] + point.values.map(\.description)) }
        let widths = (0..<rows[0].count).map { column in rows.map { $0[column].count }.max() ?? 0 }
        for row in rows {
            print(row.enumerated().map { column, cell in
                String(repeating: " ", count: widths[column] - cell.count) + cell
            }.joined(separator: "  "))
        }
    }
}
