import Foundation
import ScsimKit
import GRDB
@testable import SCExperiments

/// Small sweeps on the tiny scenario, and ways to read what they wrote.
enum Fixtures {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let tinyScenario = packageRoot.appendingPathComponent("scenarios/tiny.yaml").path

    /// A sweep file's text on the tiny scenario, cut to `size` citizens and `steps` steps.
    static func sweepText(parameters: String, design: String = "grid", replicates: Int = 2, seed: Int = 100,
                          size: Int = 120, steps: Int = 24) -> String {
        """
        name: test
        scenario: \(tinyScenario)
        set:
          population.size: \(size)
          steps: \(steps)
        parameters:
        \(parameters)
        design: \(design)
        replicates: \(replicates)
        seed: \(seed)
        """
    }

    /// The resolved scenario, and so a sweep's identity, lists every registered model's
    /// keys; the CLI registers the built-in models first thing, so the tests do too.
    static func definition(_ text: String) throws -> SweepDefinition {
        ScsimKit.registerBuiltInModels()
        return try SweepLoader.parse(yaml: text, source: "test.yaml", baseDirectory: "")
    }

    /// A fresh, empty temporary folder.
    static func folder() -> String {
        let path = NSTemporaryDirectory() + "scsim-sweep-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Runs `definition` (or one shard of it) into `path`.
    @discardableResult
    static func run(_ definition: SweepDefinition, into path: String, jobs: Int = 1, shard: Shard? = nil) throws -> SweepRunner.Report {
        let database = try SweepDatabase.open(for: definition, at: path, columns: try SweepRunner.columns(of: definition).map(\.name))
        defer { database.finish() }
        return try SweepRunner.run(definition, database: database, options: .init(jobs: jobs, shard: shard))
    }

    /// A read-only connection that waits for a writer in another test instead of failing
    /// with "database is locked" (tests share one reference database and run in parallel).
    static var readOnly: Configuration {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(30)
        return configuration
    }

    /// Every row of `runs` (without wall_seconds) and of `timeseries`, as text, in key order.
    static func contents(_ path: String) throws -> (runs: [String], timeseries: [String]) {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(30)
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        defer { try? queue.close() }
        return try queue.read { db in
            let runColumns = try db.columns(in: "runs").map(\.name).filter { $0 != "wall_seconds" }
            let runs = try Row.fetchAll(db, sql: "SELECT \(runColumns.map { "\"\($0)\"" }.joined(separator: ", ")) FROM runs ORDER BY run_id")
            let series = try Row.fetchAll(db, sql: "SELECT * FROM timeseries ORDER BY run_id, step")
            return (runs.map(\.description), series.map(\.description))
        }
    }
}
