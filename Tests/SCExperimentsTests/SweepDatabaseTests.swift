import Foundation
import GRDB
import SCModel
import Testing
@testable import SCExperiments

/// Running sweeps into databases: resuming, jobs, shards, merging, refusing other sweeps.
struct SweepDatabaseTests {
    static let text = Fixtures.sweepText(parameters: """
          score.eta: [0, 0.6]
          audit.rate: [0.02, 0.2]
        """)

    /// One uninterrupted, single-job run of `text`, made once and compared against.
    static let reference: (definition: SweepDefinition, path: String) = {
        let definition = try! Fixtures.definition(text)
        let path = Fixtures.folder() + "/reference.sqlite"
        try! Fixtures.run(definition, into: path)
        return (definition, path)
    }()

    @Test func everyRunIsRecordedOnceAndARerunSkipsThem() throws {
        let (definition, shared) = Self.reference
        // Other tests read the shared reference at the same time: write only to a copy.
        let path = Fixtures.folder() + "/reference-copy.sqlite"
        try FileManager.default.copyItem(atPath: shared, toPath: path)
        let (runs, series) = try Fixtures.contents(path)
        #expect(runs.count == 8)
        #expect(series.count == 8 * 24)
        let database = try SweepDatabase.open(for: definition, at: path, columns: [])
        #expect(database.metadata["identity"] == definition.identity)
        #expect(database.metadata["runs"] == "8")
        #expect(try database.finishedRunIDs() == Set(0..<8))
        // Recording a finished run again changes nothing.
        let again = try SweepRunner.execute(definition.run(3), of: definition)
        #expect(try database.record(again, point: definition.points[1]) == false)
        database.close()
        #expect(try Fixtures.contents(path).runs == runs)

        let copy = Fixtures.folder() + "/copy.sqlite"
        try FileManager.default.copyItem(atPath: path, toPath: copy)
        let report = try Fixtures.run(definition, into: copy)
        #expect(report.skipped == 8 && report.completed == 0)
        #expect(try Fixtures.contents(copy) == (runs, series))
    }

    @Test func theRunsTableKeepsTheContract() throws {
        let (definition, path) = Self.reference
        let queue = try DatabaseQueue(path: path, configuration: Fixtures.readOnly)
        try queue.read { db in
            #expect(try db.columns(in: "runs").map(\.name) == ["run_id", "point_id", "score.eta", "audit.rate", "seed", "replicate",
                                                               "status", "wall_seconds", "scsim_version", "scenario_json"])
            let row = try #require(try Row.fetchOne(db, sql: "SELECT * FROM runs WHERE run_id = 5"))
            #expect(row["point_id"] as Int == 2 && row["replicate"] as Int == 1 && row["seed"] as Int == 101)
            #expect(row["score.eta"] as Double == 0.6 && row["audit.rate"] as Double == 0.02)
            #expect(row["status"] as String == "ok")
            let scenario = try JSONSerialization.jsonObject(with: Data((row["scenario_json"] as String).utf8)) as? [String: Any]
            #expect(scenario?["seed"] as? Int == 101)
            #expect((scenario?["audit"] as? [String: Any])?["rate"] as? Double == 0.02)
            let columns = try db.columns(in: "timeseries").map(\.name)
            #expect(columns == ["run_id"] + ReferenceMetrics.standard.columnNames())
        }
        try queue.close()
        #expect(definition.points.count == 4)
    }

    /// A finished sweep leaves one self-contained file (journal mode back to DELETE). Checked
    /// on a database of its own: the shared reference is reopened by other tests running
    /// at the same time, some of which write to it (WAL) while this one reads.
    @Test func aFinishedSweepIsOneSelfContainedFile() throws {
        let (definition, _) = Self.reference
        let path = Fixtures.folder() + "/alone.sqlite"
        try Fixtures.run(definition, into: path, jobs: 1)
        let queue = try DatabaseQueue(path: path, configuration: Fixtures.readOnly)
        let mode = try queue.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(mode == "delete")
        try queue.close()
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
    }

    @Test func resultsDoNotDependOnTheNumberOfJobs() throws {
        let (definition, path) = Self.reference
        let parallel = Fixtures.folder() + "/parallel.sqlite"
        try Fixtures.run(definition, into: parallel, jobs: 3)
        #expect(try Fixtures.contents(parallel) == Fixtures.contents(path))
    }

    @Test func shardsMergedEqualTheWholeSweep() throws {
        let (definition, path) = Self.reference
        let folder = Fixtures.folder()
        let shards = (1...3).map { "\(folder)/shard\($0).sqlite" }
        for (index, shard) in shards.enumerated() {
            let report = try Fixtures.run(definition, into: shard, shard: Shard(index: index + 1, count: 3))
            #expect(report.runsInShard == (index < 2 ? 3 : 2))
        }
        let merged = folder + "/all.sqlite"
        let report = try SweepMerger.merge(shards, into: merged)
        #expect(report.added == 8 && report.duplicates == 0 && report.finished == 8 && report.total == 8)
        #expect(try Fixtures.contents(merged) == Fixtures.contents(path))
        // Merging again adds nothing and duplicates nothing.
        let again = try SweepMerger.merge(shards + [path], into: merged)
        #expect(again.added == 0 && again.duplicates == 16)
        #expect(try Fixtures.contents(merged) == Fixtures.contents(path))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty)
    }

    @Test func anotherSweepsDatabaseIsRefused() throws {
        let (_, path) = Self.reference
        let other = try Fixtures.definition(Self.text.replacingOccurrences(of: "[0, 0.6]", with: "[0, 0.5]"))
        #expect {
            _ = try SweepDatabase.open(for: other, at: path, columns: [])
        } throws: { error in
            guard let error = error as? SweepError, case .otherSweep = error else { return false }
            return error.isBadInput
        }
        let otherPath = Fixtures.folder() + "/other.sqlite"
        try Fixtures.run(other, into: otherPath, shard: Shard(index: 1, count: 8))
        let target = Fixtures.folder() + "/merged.sqlite"
        #expect(throws: SweepError.self) { try SweepMerger.merge([path, otherPath], into: target) }
        #expect(!FileManager.default.fileExists(atPath: target))
        // Not a sweep database at all.
        let junk = Fixtures.folder() + "/junk.sqlite"
        try Data("not sqlite at all, just text".utf8).write(to: URL(fileURLWithPath: junk))
        #expect {
            _ = try SweepDatabase.openExisting(path: junk, readOnly: true)
        } throws: { error in
            guard let error = error as? SweepError, case .notASweepDatabase = error else { return false }
            return true
        }
    }

    @Test func summaryAveragesEachRunsLastStepsThenTheReplicates() throws {
        let (_, path) = Self.reference
        let summary = try SweepSummary.load(path: path, lastSteps: 5, metrics: ["score_mean", "gamer_frac"])
        #expect(summary.parameterNames == ["score.eta", "audit.rate"])
        #expect(summary.pointIDs == [0, 1, 2, 3] && summary.finishedRuns == 8 && summary.totalRuns == 8)
        // By hand: point 3's runs (6 and 7), steps 19 ... 23.
        let queue = try DatabaseQueue(path: path, configuration: Fixtures.readOnly)
        let perRun = try queue.read { db in
            try Double.fetchAll(db, sql: "SELECT AVG(score_mean) FROM timeseries WHERE run_id IN (6, 7) AND step >= 19 GROUP BY run_id ORDER BY run_id")
        }
        let gamers = try queue.read { db in
            try Double.fetchAll(db, sql: "SELECT AVG(padder_frac + evader_frac + colluder_frac) FROM timeseries WHERE run_id IN (6, 7) AND step >= 19 GROUP BY run_id")
        }
        try queue.close()
        let estimates = summary.estimates()
        let score = try #require(estimates.first { $0.pointID == 3 && $0.metric == "score_mean" })
        #expect(score.estimate == IntervalEstimate(perRun))
        let gamer = try #require(estimates.first { $0.pointID == 3 && $0.metric == "gamer_frac" })
        #expect(abs(gamer.estimate.mean - gamers.reduce(0, +) / 2) < 1e-12)
        let csv = try summary.csv(baseline: 0)
        #expect(csv.hasPrefix("point_id,score.eta,audit.rate,metric,n,mean,sd,ci_low,ci_high,baseline_point,n_pairs,diff_mean"))
        #expect(csv.split(separator: "\n").count == 1 + 4 * 2)
        #expect(throws: SweepError.self) { try summary.differences(baseline: 9) }
        #expect(throws: SweepError.self) { try SweepSummary.load(path: path, lastSteps: 5, metrics: ["score_man"]) }
    }

    /// Common random numbers: replicate r sees the same network and traits at both points,
    /// so the paired difference varies far less than two independent samples would.
    @Test func commonRandomNumbersNarrowThePairedInterval() throws {
        let definition = try Fixtures.definition(Fixtures.sweepText(parameters: "  score.eta: [0.3, 0.4]", replicates: 8, seed: 500))
        let path = Fixtures.folder() + "/crn.sqlite"
        try Fixtures.run(definition, into: path, jobs: 2)
        let summary = try SweepSummary.load(path: path, lastSteps: 10, metrics: ["score_mean", "score_p50"])
        for difference in try summary.differences(baseline: 0) where difference.pointID == 1 {
            #expect(difference.paired.n == 8)
            let paired = difference.paired.upper - difference.paired.lower
            let unpaired = difference.unpairedUpper - difference.unpairedLower
            #expect(paired < unpaired / 2, "\(difference.metric): paired width \(paired), unpaired \(unpaired)")
        }
    }
}
