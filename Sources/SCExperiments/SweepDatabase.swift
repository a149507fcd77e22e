import Foundation
import GRDB
import SCModel
import SCOutput

/// One sweep's results: a SQLite file that pandas, polars and R read as it is.
///
/// Tables (the contract in analysis/src/scsim_analysis/loaders.py):
/// - `runs(run_id, point_id, <one column per varied key>, seed, replicate, status,
///   wall_seconds, scsim_version, scenario_json)`: a row only for a finished run.
/// - `timeseries(run_id, <every time-series column>)`: one row per run and observed step.
/// - `points(point_id, <one column per varied key>)`: every point of the design.
/// - `sweep(key, value)`: what the database belongs to, above all `identity`, the hash
///   of the resolved definition that resuming and merging check.
///
/// A run's rows are written in one transaction, the `runs` row last, so a sweep killed at
/// any moment leaves only whole runs behind. The file is in WAL mode while a sweep writes
/// (readers never block the writer) and is switched back to a single self-contained file
/// when the sweep ends.
public final class SweepDatabase {
    /// The `runs` columns that are not parameters, in table order.
    public static let fixedRunColumns = ["run_id", "point_id", "seed", "replicate", "status",
                                         "wall_seconds", "scsim_version", "scenario_json"]
    /// Version of this layout, stored in `sweep`.
    public static let formatVersion = "1"

    public let path: String
    let queue: DatabaseQueue
    /// The `sweep` table.
    public let metadata: [String: String]
    /// The varied keys, in the definition's order.
    public let parameterNames: [String]
    private var timeseriesColumns: [String]
    private let lock = NSLock()

    private init(path: String, queue: DatabaseQueue) throws {
        self.path = path
        self.queue = queue
        let (metadata, columns) = try SweepDatabase.guarded(path, "read") {
            try queue.read { db -> ([String: String], [String]) in
                guard try db.tableExists("sweep"), try db.tableExists("runs"), try db.tableExists("timeseries") else {
                    throw SweepError.notASweepDatabase(path: path, reason: "it has no sweep, runs and timeseries tables")
                }
                let rows = try Row.fetchAll(db, sql: "SELECT key, value FROM sweep")
                let metadata = Dictionary(rows.map { ($0["key"] as String, $0["value"] as String) }, uniquingKeysWith: { a, _ in a })
                let columns = try db.columns(in: "timeseries").map(\.name).filter { $0 != "run_id" }
                return (metadata, columns)
            }
        }
        guard metadata["identity"] != nil else {
            throw SweepError.notASweepDatabase(path: path, reason: "its sweep table records no identity")
        }
        self.metadata = metadata
        timeseriesColumns = columns
        let names = metadata["parameters"].flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String] }
        parameterNames = names ?? []
    }

    /// The identity of the sweep this database belongs to.
    public var identity: String { metadata["identity"] ?? "" }

    /// `'name', definition 0123456789ab`, for messages.
    public var label: String { "'\(metadata["name"] ?? "?")', definition \(identity.prefix(12))" }

    // MARK: - Opening

    /// Opens the database of `definition` at `path`, creating it (with its schema and
    /// points) when there is no file yet.
    ///
    /// A new file is built under a temporary name and linked into place only when
    /// complete, so a failure (full disk, read-only folder) leaves no file at `path`.
    ///
    /// - Parameter columns: the time-series columns of the model (those of point 0),
    ///   evaluated only when the file is created.
    /// - Throws: `SweepError.otherSweep` when the file belongs to another definition,
    ///   `.notASweepDatabase`, or `.databaseFailure`.
    public static func open(for definition: SweepDefinition, at path: String,
                            columns: @autoclosure () throws -> [String]) throws -> SweepDatabase {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        if !FileManager.default.fileExists(atPath: path) {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw SweepError.databaseFailure(path: path, reason: "cannot create the folder \(folder): \(SweepDatabase.reason(error))")
            }
            try create(definition, at: path, columns: try columns())
        }
        let database = try openExisting(path: path, readOnly: false)
        guard database.identity == definition.identity else {
            throw SweepError.otherSweep(path: path, expected: definition.label, found: database.label)
        }
        return database
    }

    /// Opens an existing sweep database.
    ///
    /// - Throws: `SweepError.notASweepDatabase` for a missing file or one scsim did not
    ///   write, `.databaseFailure` when it cannot be opened.
    public static func openExisting(path: String, readOnly: Bool) throws -> SweepDatabase {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw SweepError.notASweepDatabase(path: path, reason: "no such file")
        }
        guard !isFolder.boolValue else { throw SweepError.notASweepDatabase(path: path, reason: "it is a folder") }
        var configuration = Configuration()
        configuration.readonly = readOnly
        configuration.busyMode = .timeout(60)
        if !readOnly { configuration.journalMode = .wal }
        configuration.label = "sweep"
        let queue = try guarded(path, "open") { try DatabaseQueue(path: path, configuration: configuration) }
        if !readOnly {
            try guarded(path, "open") { try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") } }
        }
        return try SweepDatabase(path: path, queue: queue)
    }

    private static func create(_ definition: SweepDefinition, at path: String, columns: [String]) throws {
        let temporary = AtomicFile.temporaryPath(for: path)
        try? FileManager.default.removeItem(atPath: temporary)
        do {
            try guarded(path, "create") {
                let queue = try DatabaseQueue(path: temporary)
                try queue.write { db in try SweepDatabase.createSchema(db, definition, columns) }
                try queue.close()
            }
            // link, not rename: never replace a file another process created meanwhile.
            if link(temporary, path) != 0 && errno != EEXIST {
                throw SweepError.databaseFailure(path: path, reason: "cannot create the file: \(String(cString: strerror(errno)))")
            }
            try? FileManager.default.removeItem(atPath: temporary)
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            try? FileManager.default.removeItem(atPath: temporary + "-journal")
            throw error
        }
    }

    private static func createSchema(_ db: Database, _ definition: SweepDefinition, _ columns: [String]) throws {
        let parameterColumns = definition.parameters.map { "\(quote($0.path)) \(sqlType(for: $0.path))" }
        try db.execute(sql: "CREATE TABLE sweep (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        try db.execute(sql: "CREATE TABLE points (point_id INTEGER PRIMARY KEY" + parameterColumns.map { ", " + $0 }.joined() + ")")
        try db.execute(sql: """
            CREATE TABLE runs (run_id INTEGER PRIMARY KEY, point_id INTEGER NOT NULL\(parameterColumns.map { ", " + $0 }.joined()),
            seed INTEGER NOT NULL, replicate INTEGER NOT NULL, status TEXT NOT NULL, wall_seconds REAL,
            scsim_version TEXT, scenario_json TEXT)
            """)
        try db.execute(sql: "CREATE TABLE timeseries (run_id INTEGER NOT NULL"
                       + columns.map { ", \(quote($0)) \(timeseriesType(for: $0))" }.joined() + ")")
        try db.execute(sql: "CREATE INDEX timeseries_by_run ON timeseries (run_id)")
        let definitionJSON = (try? JSONSerialization.data(withJSONObject: definition.resolvedDefinition, options: [.sortedKeys, .prettyPrinted]))
            .map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        let parameterNames = (try? JSONSerialization.data(withJSONObject: definition.parameters.map(\.path)))
            .map { String(decoding: $0, as: UTF8.self) } ?? "[]"
        let entries: [(String, String)] = [
            ("format", formatVersion), ("identity", definition.identity), ("name", definition.name),
            ("sweep_file", definition.sweepFile), ("scenario_file", definition.scenarioFile),
            ("parameters", parameterNames), ("design", definition.design.description),
            ("points", String(definition.points.count)), ("replicates", String(definition.replicates)),
            ("seed", String(definition.baseSeed)), ("runs", String(definition.runCount)),
            ("scsim_version", BuildInfo.version), ("created_at", ISO8601DateFormatter().string(from: Date())),
            ("definition", definitionJSON),
        ]
        for (key, value) in entries {
            try db.execute(sql: "INSERT INTO sweep (key, value) VALUES (?, ?)", arguments: [key, value])
        }
        let marks = Array(repeating: "?", count: definition.parameters.count + 1).joined(separator: ", ")
        let statement = try db.makeStatement(sql: "INSERT INTO points VALUES (\(marks))")
        for point in definition.points {
            try statement.execute(arguments: StatementArguments([point.id] + point.values.map(databaseValue)))
        }
    }

    // MARK: - Runs

    /// The ids of runs whose status is `ok`.
    public func finishedRunIDs() throws -> Set<Int> {
        try SweepDatabase.guarded(path, "read") {
            try queue.read { db in try Int.fetchSet(db, sql: "SELECT run_id FROM runs WHERE status = 'ok'") }
        }
    }

    /// Writes one finished run: its time-series rows, then its `runs` row, in one transaction.
    ///
    /// - Returns: false when the run was already recorded as finished (by another process
    ///   sharing the file); nothing is written then, so no run is ever duplicated.
    @discardableResult
    public func record(_ result: RunResult, point: SweepPoint) throws -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return try SweepDatabase.guarded(path, "write") {
            try queue.write { db -> Bool in
                if try String.fetchOne(db, sql: "SELECT status FROM runs WHERE run_id = ?", arguments: [result.run.id]) == "ok" {
                    return false
                }
                try db.execute(sql: "DELETE FROM timeseries WHERE run_id = ?", arguments: [result.run.id])
                try db.execute(sql: "DELETE FROM runs WHERE run_id = ?", arguments: [result.run.id])
                for column in result.columns where !timeseriesColumns.contains(column) {
                    try db.execute(sql: "ALTER TABLE timeseries ADD COLUMN \(SweepDatabase.quote(column)) \(SweepDatabase.timeseriesType(for: column))")
                    timeseriesColumns.append(column)
                }
                let names = (["run_id"] + result.columns).map(SweepDatabase.quote).joined(separator: ", ")
                let marks = Array(repeating: "?", count: result.columns.count + 1).joined(separator: ", ")
                let insertRow = try db.cachedStatement(sql: "INSERT INTO timeseries (\(names)) VALUES (\(marks))")
                for row in result.rows {
                    try insertRow.execute(arguments: StatementArguments([result.run.id] + row.map(SweepDatabase.databaseValue)))
                }
                let runColumns = ["run_id", "point_id"] + parameterNames + ["seed", "replicate", "status", "wall_seconds", "scsim_version", "scenario_json"]
                let runValues: [(any DatabaseValueConvertible)?] = [result.run.id, result.run.pointID]
                    + point.values.map(SweepDatabase.databaseValue)
                    + [result.run.seed, result.run.replicate, "ok", result.wallSeconds, BuildInfo.version, result.scenarioJSON]
                try db.execute(sql: "INSERT INTO runs (\(runColumns.map(SweepDatabase.quote).joined(separator: ", "))) VALUES (\(Array(repeating: "?", count: runColumns.count).joined(separator: ", ")))",
                               arguments: StatementArguments(runValues))
                return true
            }
        }
    }

    /// Folds the write-ahead log back into the file and leaves it in rollback-journal
    /// mode: one self-contained file that any SQLite reader opens, even read-only.
    /// Skipped quietly while another process still has the file open.
    public func finish() {
        try? queue.writeWithoutTransaction { db in
            _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = DELETE")
        }
        try? queue.close()
    }

    /// Closes without changing the journal mode.
    public func close() {
        try? queue.close()
    }

    // MARK: - Reading

    /// Runs `body` on a read connection, mapping SQLite errors to `SweepError`.
    public func read<T>(_ body: (Database) throws -> T) throws -> T {
        try SweepDatabase.guarded(path, "read") { try queue.read(body) }
    }

    /// Runs `body` with the connection outside any transaction (ATTACH, VACUUM INTO).
    func withoutTransaction<T>(_ body: (Database) throws -> T) throws -> T {
        try SweepDatabase.guarded(path, "write") { try queue.writeWithoutTransaction(body) }
    }

    // MARK: - Helpers

    /// SQLite type of a parameter column, from the key's domain.
    static func sqlType(for path: String) -> String {
        guard let spec = ParameterCatalog.spec(for: path) else { return "" }
        switch spec.domain {
        case .number: return "REAL"
        case .integer, .boolean: return "INTEGER"
        case .choice, .text: return "TEXT"
        case .friendless: return ""
        }
    }

    /// SQLite type of a time-series column: decided by the name alone, so that every shard
    /// of a sweep has the same schema. REAL keeps text as text, so nothing is lost.
    static func timeseriesType(for column: String) -> String {
        switch column {
        case "step": return "INTEGER"
        case "network_metrics": return "TEXT"
        default: return "REAL"
        }
    }

    static func quote(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func databaseValue(_ value: MetricValue) -> (any DatabaseValueConvertible)? {
        switch value {
        case .integer(let x): return Int64(x)
        case .real(let x): return x.isFinite ? x : nil
        case .text(let x): return x
        case .missing: return nil
        }
    }

    static func databaseValue(_ value: ParameterValue) -> (any DatabaseValueConvertible)? {
        switch value {
        case .number(let x): return x
        case .integer(let x): return Int64(x)
        case .boolean(let x): return x
        case .text(let x): return x
        }
    }

    /// Runs `body`, turning SQLite's errors into `SweepError` with a reason a person can act on.
    static func guarded<T>(_ path: String, _ action: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as SweepError {
            throw error
        } catch let error as DatabaseError {
            switch error.resultCode {
            case .SQLITE_NOTADB, .SQLITE_CORRUPT:
                throw SweepError.notASweepDatabase(path: path, reason: "SQLite cannot read it (\(error.message ?? "not a database"))")
            default:
                throw SweepError.databaseFailure(path: path, reason: "cannot \(action): \(reason(error))")
            }
        } catch {
            throw SweepError.databaseFailure(path: path, reason: "cannot \(action): \(reason(error))")
        }
    }

    static func reason(_ error: Error) -> String {
        guard let error = error as? DatabaseError else {
            return (error as NSError).localizedFailureReason ?? "\(error.localizedDescription)"
        }
        let detail = error.message.map { " (SQLite: \($0))" } ?? ""
        switch error.resultCode {
        case .SQLITE_FULL: return "the disk is full" + detail
        case .SQLITE_READONLY: return "the file or its folder is read-only" + detail
        case .SQLITE_CANTOPEN: return "the file cannot be opened or created; is its folder writable?" + detail
        case .SQLITE_IOERR: return "a disk read or write failed (a full disk or a file size limit?)" + detail
        case .SQLITE_BUSY, .SQLITE_LOCKED: return "another process holds the database locked" + detail
        case .SQLITE_PERM, .SQLITE_AUTH: return "permission denied" + detail
        default: return error.message ?? "\(error)"
        }
    }
}

/// What one finished run hands to the database.
public struct RunResult: Sendable {
    public var run: SweepRun
    /// Time-series column names, in row order.
    public var columns: [String]
    public var rows: [[MetricValue]]
    public var wallSeconds: Double
    /// The resolved scenario, as in manifest.json's `scenario`.
    public var scenarioJSON: String

    public init(run: SweepRun, columns: [String], rows: [[MetricValue]], wallSeconds: Double, scenarioJSON: String) {
        self.run = run
        self.columns = columns
        self.rows = rows
        self.wallSeconds = wallSeconds
        self.scenarioJSON = scenarioJSON
    }
}
