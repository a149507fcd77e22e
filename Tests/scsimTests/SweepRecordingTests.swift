import Foundation
import GRDB
import Testing

/// Sweeps that store each run's event log and panel (issue 14, opt-in through the sweep's
/// `set:` block): the rows equal those `scsim run` writes to run.sqlite for the same
/// settings and seed, and survive sharding and merging.
struct SweepRecordingTests {
    static func sweepFile(in folder: String) -> String {
        let path = folder + "/recorded.yaml"
        let text = """
            name: recorded
            scenario: \(CLI.packageRoot.appendingPathComponent("scenarios/tiny.yaml").path)
            set:
              population.size: 150
              steps: 30
              output.events: all
              output.panel.every: 10
              output.panel.sample: 40
            parameters:
              score.eta: [0, 0.6]
            replicates: 2
            seed: 3
            """
        try? text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// A table's rows as text, without run_id, in stored order (rowid).
    static func rows(_ path: String, _ table: String, runID: Int? = nil) throws -> [String] {
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        defer { try? queue.close() }
        return try queue.read { db in
            let columns = try db.columns(in: table).map(\.name).filter { $0 != "run_id" }.joined(separator: ", ")
            let filter = runID.map { " WHERE run_id = \($0)" } ?? ""
            return try Row.fetchAll(db, sql: "SELECT \(columns) FROM \(table)\(filter) ORDER BY rowid").map(\.description)
        }
    }

    @Test func eachRunsRowsEqualThoseOfTheSameRunAlone() throws {
        let folder = CLI.temporaryFolder()
        let file = Self.sweepFile(in: folder)
        let database = folder + "/recorded.sqlite"
        let sweep = try CLI.run(["sweep", file, "--db", database, "--jobs", "2"])
        #expect(sweep.status == 0, "\(sweep.stderr)")
        let queue = try DatabaseQueue(path: database)
        let runs = try queue.read { db in try Row.fetchAll(db, sql: "SELECT run_id, seed, \"score.eta\" AS eta FROM runs ORDER BY run_id") }
        let counts = try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT run_id, COUNT(*) AS n FROM panel GROUP BY run_id ORDER BY run_id").map { $0["n"] as Int }
        }
        try queue.close()
        #expect(runs.count == 4)
        // 40 sampled citizens at steps 0, 10, 20 and the last, 29.
        #expect(counts == [160, 160, 160, 160])
        for run in [runs[0], runs[3]] {
            let id: Int = run["run_id"], seed: Int = run["seed"], eta: Double = run["eta"]
            let out = CLI.temporaryFolder() + "/run-\(id)"
            let alone = try CLI.run(["run", "scenarios/tiny.yaml", "--out", out, "--quiet", "--threads", "1", "--seed", "\(seed)",
                                     "--set", "population.size=150", "--steps", "30", "--set", "output.events=all",
                                     "--set", "output.panel.every=10", "--set", "output.panel.sample=40", "--set", "score.eta=\(eta)"])
            #expect(alone.status == 0, "\(alone.stderr)")
            let events = try Self.rows(database, "events", runID: id)
            #expect(events.count > 100)
            #expect(events == (try Self.rows(out + "/run.sqlite", "events")))
            #expect(try Self.rows(database, "panel", runID: id) == (try Self.rows(out + "/run.sqlite", "panel")))
        }

        // Shards merged hold the same rows as the whole sweep.
        for k in 1...2 {
            let shard = try CLI.run(["sweep", file, "--shard", "\(k)/2", "--db", "\(folder)/shard\(k).sqlite", "--jobs", "1"])
            #expect(shard.status == 0, "\(shard.stderr)")
        }
        let merge = try CLI.run(["merge", "\(folder)/shard1.sqlite", "\(folder)/shard2.sqlite", "--into", "\(folder)/merged.sqlite"])
        #expect(merge.status == 0, "\(merge.stderr)")
        for table in ["events", "panel"] {
            var whole: [String] = [], merged: [String] = []
            for id in 0..<4 {
                whole += try Self.rows(database, table, runID: id)
                merged += try Self.rows("\(folder)/merged.sqlite", table, runID: id)
            }
            #expect(!whole.isEmpty && merged == whole)
        }
    }

    @Test func aSweepWithoutThemHasNoSuchTables() throws {
        let folder = CLI.temporaryFolder()
        let file = folder + "/plain.yaml"
        try """
            name: plain
            scenario: \(CLI.packageRoot.appendingPathComponent("scenarios/tiny.yaml").path)
            set: {population.size: 100, steps: 25}
            parameters: {score.eta: [0, 0.3]}
            replicates: 1
            seed: 1
            """.write(toFile: file, atomically: true, encoding: .utf8)
        let database = folder + "/plain.sqlite"
        #expect(try CLI.run(["sweep", file, "--db", database, "--jobs", "1"]).status == 0)
        let queue = try DatabaseQueue(path: database)
        defer { try? queue.close() }
        #expect(try queue.read { db in try db.tableExists("events") || db.tableExists("panel") } == false)
    }
}
