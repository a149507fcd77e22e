import Foundation
import GRDB
import Testing

/// `scsim sweep`, `merge` and `summarize` end to end: resuming after kill -9, shards,
/// bad input and write failures.
struct SweepCommandTests {
    static let steps = 25

    /// A sweep of 3 x 1 points and 4 replicates (12 runs) on the tiny scenario, cut short.
    /// 2,000 citizens: runs long enough (tens of milliseconds) that the kill test catches
    /// the sweep midway; at 150 the whole sweep could finish between two polls.
    static func sweepFile(in folder: String, etas: String = "[0, 0.3, 0.6]") -> String {
        let path = folder + "/sweep.yaml"
        let text = """
            name: cli-test
            scenario: \(CLI.packageRoot.appendingPathComponent("scenarios/tiny.yaml").path)
            set:
              population.size: 2000
              steps: \(steps)
            parameters:
              score.eta: \(etas)
              audit.rate: [0.05]
            replicates: 4
            seed: 9
            """
        try? text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The uninterrupted sweep, run once with two jobs.
    static let reference: (file: String, database: String) = {
        let folder = CLI.temporaryFolder()
        let file = sweepFile(in: folder)
        let database = folder + "/reference.sqlite"
        let result = try! CLI.run(["sweep", file, "--db", database, "--jobs", "2"])
        precondition(result.status == 0, result.stderr)
        return (file, database)
    }()

    /// Rows of `runs` (without wall_seconds) and `timeseries`, as text, in key order.
    static func contents(_ path: String) throws -> (runs: [String], timeseries: [String]) {
        let queue = try DatabaseQueue(path: path, configuration: readOnly)
        defer { try? queue.close() }
        return try queue.read { db in
            let columns = try db.columns(in: "runs").map(\.name).filter { $0 != "wall_seconds" }
            let runs = try Row.fetchAll(db, sql: "SELECT \(columns.map { "\"\($0)\"" }.joined(separator: ", ")) FROM runs ORDER BY run_id")
            let series = try Row.fetchAll(db, sql: "SELECT * FROM timeseries ORDER BY run_id, step")
            return (runs.map(\.description), series.map(\.description))
        }
    }

    static var readOnly: Configuration {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(10)
        return configuration
    }

    /// Finished runs, and whether every visible run is whole: each finished run has all its
    /// time-series rows and no rows belong to an unfinished run.
    static func state(_ path: String) throws -> (finished: Int, whole: Bool) {
        let queue = try DatabaseQueue(path: path, configuration: readOnly)
        defer { try? queue.close() }
        return try queue.read { db in
            let finished = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM runs WHERE status = 'ok'") ?? 0
            let short = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM runs r WHERE (SELECT COUNT(*) FROM timeseries t WHERE t.run_id = r.run_id) != \(steps)
                """) ?? 1
            let orphans = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM timeseries WHERE run_id NOT IN (SELECT run_id FROM runs)") ?? 1
            let integrity = try String.fetchOne(db, sql: "PRAGMA integrity_check")
            return (finished, short == 0 && orphans == 0 && integrity == "ok")
        }
    }

    @Test func theSmokeSweepRunsAndSummarizes() throws {
        let database = CLI.temporaryFolder() + "/smoke.sqlite"
        let result = try CLI.run(["sweep", "scenarios/sweeps/01-smoke.yaml", "--db", database, "--jobs", "2"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("sweep smoke: 12 runs (0 done before, 12 now)"))
        let csv = try CLI.run(["summarize", database, "--last", "10", "--csv", "--metrics", "gamer_frac,giant_frac"])
        #expect(csv.status == 0, "\(csv.stderr)")
        let lines = csv.stdout.split(separator: "\n")
        #expect(lines.first == "point_id,score.eta,audit.rate,metric,n,mean,sd,ci_low,ci_high")
        #expect(lines.count == 1 + 4 * 2)
        #expect(lines[1].hasPrefix("0,0,0.02,gamer_frac,3,"))
        let table = try CLI.run(["summarize", database, "--metrics", "score_mean", "--baseline", "0"])
        #expect(table.status == 0 && table.stdout.contains("paired 95% CI") && table.stdout.contains("metric: score_mean"))
        let unknown = try CLI.run(["summarize", database, "--baseline", "7"])
        #expect(unknown.status == 2 && unknown.stderr.contains("no point 7"))
    }

    @Test func aSweepKilledMidwayResumesToTheRowsOfAnUninterruptedOne() throws {
        let reference = Self.reference
        let database = CLI.temporaryFolder() + "/killed.sqlite"
        let process = Process()
        process.executableURL = CLI.executable
        process.arguments = ["sweep", reference.file, "--db", database, "--jobs", "1", "--quiet"]
        process.standardError = FileHandle.nullDevice
        try process.run()
        var finishedAtKill = 0
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning, Date() < deadline {
            if FileManager.default.fileExists(atPath: database), let state = try? Self.state(database), state.finished >= 2 {
                finishedAtKill = state.finished
                break
            }
            usleep(10_000)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal, "the sweep finished before it could be killed")
        #expect(finishedAtKill >= 2)

        // What a reader sees after the kill: only whole runs, fewer than all.
        let killed = try Self.state(database)
        #expect(killed.whole)
        #expect(killed.finished >= finishedAtKill && killed.finished < 12)

        let rerun = try CLI.run(["sweep", reference.file, "--db", database, "--jobs", "2"])
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(rerun.stderr.contains("12 runs (\(killed.finished) done before, \(12 - killed.finished) now)"))
        #expect(try Self.contents(database) == Self.contents(reference.database))
    }

    @Test func shardsMergedEqualTheUnshardedSweep() throws {
        let reference = Self.reference
        let folder = CLI.temporaryFolder()
        for k in 1...2 {
            let result = try CLI.run(["sweep", reference.file, "--shard", "\(k)/2", "--db", "\(folder)/shard\(k).sqlite", "--jobs", "1"])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stderr.contains("shard \(k)/2: 6 runs"))
        }
        let merge = try CLI.run(["merge", "\(folder)/shard1.sqlite", "\(folder)/shard2.sqlite", "--into", "\(folder)/all.sqlite"])
        #expect(merge.status == 0, "\(merge.stderr)")
        #expect(merge.stderr.contains("12 of 12 runs finished (complete)"))
        #expect(try Self.contents("\(folder)/all.sqlite") == Self.contents(reference.database))

        // A database of another sweep file is refused, and nothing is written.
        let otherFolder = CLI.temporaryFolder()
        let other = Self.sweepFile(in: otherFolder, etas: "[0, 0.3, 0.5]")
        let otherRun = try CLI.run(["sweep", other, "--shard", "1/6", "--db", "\(otherFolder)/other.sqlite", "--jobs", "1"])
        #expect(otherRun.status == 0, "\(otherRun.stderr)")
        let refused = try CLI.run(["merge", "\(folder)/shard1.sqlite", "\(otherFolder)/other.sqlite", "--into", "\(folder)/mixed.sqlite"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("holds another sweep"))
        #expect(!FileManager.default.fileExists(atPath: "\(folder)/mixed.sqlite"))
        // So is resuming into another sweep's database.
        let resumed = try CLI.run(["sweep", other, "--db", reference.database])
        #expect(resumed.status == 2 && resumed.stderr.contains("holds another sweep"))
    }

    @Test(arguments: [
        ("score.eat: [0, 0.3]", "sweep.yaml:7: parameters.score.eat: unknown key; did you mean 'score.eta'?"),
        ("score.eta: {from: 0.5, to: 0.1, step: 0.1}", "sweep.yaml:7: parameters.score.eta: empty range: from (0.5) is above to (0.1)"),
        ("score.eta: {from: 0, to: 1}\ndesign: {method: sobol, samples: many}", "sweep.yaml:8: design.samples: must be a whole number"),
    ])
    func badSweepFilesExitTwoAndWriteNothing(parameter: String, message: String) throws {
        let folder = CLI.temporaryFolder()
        let text = """
            scenario: \(CLI.packageRoot.appendingPathComponent("scenarios/tiny.yaml").path)
            set:
              population.size: 150
              steps: 25
            replicates: 2
            parameters:
              \(parameter)
            """
        try text.write(toFile: folder + "/sweep.yaml", atomically: true, encoding: .utf8)
        let result = try CLI.run(["sweep", folder + "/sweep.yaml", "--db", folder + "/out.sqlite"])
        #expect(result.status == 2)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["sweep.yaml"])
    }

    @Test func anUnwritableFolderExitsOneAndLeavesNoFile() throws {
        // Root ignores permissions, so a root test writes into /proc/sys, which nobody can.
        let folder: String
        if getuid() == 0 {
            folder = "/proc/sys"
        } else {
            folder = CLI.temporaryFolder() + "/read-only"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            chmod(folder, 0o555)
        }
        let result = try CLI.run(["sweep", Self.reference.file, "--db", folder + "/sweep.sqlite"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("error: \(folder)/sweep.sqlite: cannot create"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/sweep.sqlite"))
    }

    /// A full disk, made with a file size limit: the sweep stops with exit 1, the runs it
    /// finished are whole, and running it again completes it.
    @Test func aFullDiskExitsOneAndLeavesOnlyWholeRuns() throws {
        let reference = Self.reference
        let database = CLI.temporaryFolder() + "/full.sqlite"
        let command = "trap '' XFSZ; ulimit -f 120; exec \"$0\" sweep \"$1\" --db \"$2\" --jobs 1"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", command, CLI.executable.path, reference.file, database]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 1, "\(stderr)")
        #expect(stderr.contains("error: \(database): cannot write: "), "\(stderr)")
        let state = try Self.state(database)
        #expect(state.whole)
        #expect(state.finished < 12)

        let rerun = try CLI.run(["sweep", reference.file, "--db", database])
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(try Self.contents(database) == Self.contents(reference.database))
    }

    @Test func summarizeRefusesWhatIsNotASweepDatabase() throws {
        let path = CLI.temporaryFolder() + "/notes.sqlite"
        try "just text".write(toFile: path, atomically: true, encoding: .utf8)
        let result = try CLI.run(["summarize", path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("is not a sweep database"))
        let missing = try CLI.run(["merge", path + ".missing", "--into", path + ".out"])
        #expect(missing.status == 2 && missing.stderr.contains("no such file"))
    }
}
