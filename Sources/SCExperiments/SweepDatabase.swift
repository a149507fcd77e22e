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
/// - `columns(position, name, label, unit, definition, cost, type)`: one row per
///   time-series column (position 0 is `step`, as in timeseries.csv), written once when the
///   file is made (or first opened for writing by a build that knows the table); columns
///   added later (by a run or a merge) get a row with their name only.
/// - `grdb_migrations(identifier)`: the schema migrations applied (GRDB's
///   `DatabaseMigrator`); a file written before migrations gets its baseline recorded the
///   first time it is opened for writing.
///
/// A run's rows are written in one transaction, the `runs` row last, so a sweep killed at
/// any moment leaves only whole runs behind. The file is in WAL mode while a sweep writes
/// (readers never block the writer) and is switched back to a single self-contained file
/// when the sweep ends.
///
/// One process writes a database at a time: `open(for:at:)` (a sweep) and a merge take the
/// writer's lock, a `flock` on `.NAME.lock` beside the file, and a second writer is refused
/// with `SweepError.databaseInUse` (exit 2). The checks below for "another process" remain
/// for a writer that does not take the lock (an older scsim).
// @unchecked: sweep workers share one database; its only mutable state after opening,
// `timeseriesColumns`, is read and written under `lock` (in `record`), and GRDB's
// `DatabaseQueue` serialises every access to the file.
public final class SweepDatabase: @unchecked Sendable {
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
    /// The writer's lock (`open(for:at:)`), released by `finish()` or `close()`.
    private var writerLock: FileLock?

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
    ///   evaluated only when the file is created or its `columns` table is still empty (a
    ///   file written before that table existed).
    /// - Throws: `SweepError.otherSweep` when the file belongs to another definition,
    ///   `.notASweepDatabase`, or `.databaseFailure`.
    public static func open(for definition: SweepDefinition, at path: String,
                            columns: @autoclosure () throws -> [String]) throws -> SweepDatabase {
        try open(for: definition, at: path, describedColumns: ColumnInfo.named(try columns()))
    }

    /// `open(for:at:columns:)` with a description of each time-series column, written to the
    /// `columns` table once per database.
    ///
    /// The identity is checked on a read-only connection before anything is written, so a
    /// database of another definition is left exactly as it was (not even switched to WAL).
    public static func open(for definition: SweepDefinition, at path: String,
                            describedColumns columns: @autoclosure () throws -> [ColumnInfo]) throws -> SweepDatabase {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        func checkIdentity() throws {
            let found = try openExisting(path: path, readOnly: true)
            found.close()
            guard found.identity == definition.identity else {
                throw SweepError.otherSweep(path: path, expected: definition.label, found: found.label)
            }
        }
        // A database of another sweep is refused before anything, even the lock file, is written.
        if FileManager.default.fileExists(atPath: path) { try checkIdentity() }
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw SweepError.databaseFailure(path: path, reason: "cannot create the folder \(folder): \(SweepDatabase.reason(error))")
        }
        let writerLock = try lockWriter(path)
        if !FileManager.default.fileExists(atPath: path) { try create(definition, at: path, columns: try columns()) }
        try checkIdentity()
        let database = try openExisting(path: path, readOnly: false, columns: { try columns() })
        database.writerLock = writerLock
        return database
    }

    /// The lock file of a database's writer: hidden, beside it.
    public static func writerLockPath(_ path: String) -> String {
        let url = URL(fileURLWithPath: path)
        return url.deletingLastPathComponent().path + "/." + url.lastPathComponent + ".lock"
    }

    /// Takes the writer's role of the database at `path`: one sweep or merge writes it at a time.
    ///
    /// - Throws: `SweepError.databaseInUse` (exit 2) when another process holds it.
    static func lockWriter(_ path: String) throws -> FileLock {
        let lockPath = writerLockPath(path)
        let acquired: FileLock?
        do {
            try FileManager.default.createDirectory(atPath: URL(fileURLWithPath: lockPath).deletingLastPathComponent().path,
                                                    withIntermediateDirectories: true)
            acquired = try FileLock.acquire(lockPath)
        } catch {
            throw SweepError.databaseFailure(path: path, reason: "cannot create its lock file \(lockPath): \(error)")
        }
        guard let acquired else { throw SweepError.databaseInUse(path: path, holder: FileLock.holder(of: lockPath)) }
        return acquired
    }

    /// Refuses a path that is not a regular file (a folder, FIFO or device would give SQLite
    /// errors such as "disk I/O error", or never end).
    ///
    /// - Throws: `SweepError.notASweepDatabase`.
    public static func checkRegularFile(_ path: String) throws {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else {
            throw SweepError.notASweepDatabase(path: path, reason: "no such file")
        }
        switch attributes[.type] as? FileAttributeType {
        case .typeRegular?: return
        case .typeDirectory?: throw SweepError.notASweepDatabase(path: path, reason: "it is a folder; give the database file inside it")
        default: throw SweepError.notASweepDatabase(path: path, reason: "it is not a regular file")
        }
    }

    /// Opens an existing sweep database.
    ///
    /// Opened for writing, the file is switched to WAL, its schema migrated to this build's
    /// (after the tables are found to be a sweep's), and its `columns` table filled when
    /// empty: from `columns` when given, else with the names of its time-series columns.
    ///
    /// - Throws: `SweepError.notASweepDatabase` for a missing file or one scsim did not
    ///   write, `.databaseFailure` when it cannot be opened.
    public static func openExisting(path: String, readOnly: Bool,
                                    columns: () throws -> [ColumnInfo]? = { nil }) throws -> SweepDatabase {
        try checkRegularFile(path)
        var configuration = Configuration()
        configuration.readonly = readOnly
        configuration.busyMode = .timeout(60)
        if !readOnly { configuration.journalMode = .wal }
        configuration.label = "sweep"
        let queue = try guarded(path, "open") { try DatabaseQueue(path: path, configuration: configuration) }
        if !readOnly {
            try guarded(path, "open") { try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") } }
        }
        let database = try SweepDatabase(path: path, queue: queue)
        guard !readOnly else { return database }
        try guarded(path, "migrate") { try migrate(queue, path: path) }
        let countColumns = "SELECT COUNT(*) FROM main.columns"
        if try guarded(path, "read", { try queue.read { db in try Int.fetchOne(db, sql: countColumns) } }) == 0 {
            let list = try columns() ?? ColumnInfo.named(database.timeseriesColumns)
            try guarded(path, "write") {
                try queue.write { db in
                    // Unless another process sharing the file has filled it meanwhile.
                    if try Int.fetchOne(db, sql: countColumns) == 0 { try fillColumns(db, list) }
                }
            }
        }
        return database
    }

    private static func create(_ definition: SweepDefinition, at path: String, columns: [ColumnInfo]) throws {
        let temporary = AtomicFile.temporaryPath(for: path)
        try? FileManager.default.removeItem(atPath: temporary)
        do {
            try guarded(path, "create") {
                let queue = try DatabaseQueue(path: temporary)
                try migrate(queue, path: path) { db in try SweepDatabase.createSchema(db, definition, columns.map(\.name)) }
                try queue.write { db in try fillColumns(db, columns) }
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

    // MARK: - Schema

    /// The first migration: the four tables of format 1, exactly as scsim wrote them before
    /// it used migrations.
    static let baselineMigration = "v1 sweep, points, runs, timeseries"
    /// The `columns` table.
    static let columnsMigration = "v2 columns"

    /// Brings the schema of the file in `queue` up to this build's.
    ///
    /// - Parameter baseline: creates the baseline tables of a new file; nil for an existing
    ///   one. A file written before migrations has the baseline tables but no
    ///   `grdb_migrations`: its baseline migration finds them and is only recorded as applied.
    static func migrate(_ queue: DatabaseQueue, path: String, baseline: (@Sendable (Database) throws -> Void)? = nil) throws {
        var migrator = DatabaseMigrator()
        migrator.registerMigration(baselineMigration) { db in
            if try hasBaselineTables(db) { return }
            guard let baseline else {
                throw SweepError.notASweepDatabase(path: path, reason: "it has no sweep, points, runs and timeseries tables")
            }
            try baseline(db)
        }
        migrator.registerMigration(columnsMigration) { db in
            try db.create(table: "columns") { t in
                t.column("position", .integer)
                t.column("name", .text)
                t.column("label", .text)
                t.column("unit", .text)
                t.column("definition", .text)
                t.column("cost", .text)
                t.column("type", .text)
            }
        }
        do {
            try migrator.migrate(queue)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT || error.resultCode == .SQLITE_ERROR {
            // Another process (a shard sharing the file) applied the same migration between
            // our reading of grdb_migrations and our transaction: read them again.
            try migrator.migrate(queue)
        }
    }

    static func hasBaselineTables(_ db: Database) throws -> Bool {
        try ["sweep", "points", "runs", "timeseries"].allSatisfy { try db.tableExists($0, in: "main") }
    }

    private static func createSchema(_ db: Database, _ definition: SweepDefinition, _ columns: [String]) throws {
        let parameters = definition.parameters.map(\.path)
        // `key TEXT PRIMARY KEY`, nullable as before: column(_:_:).primaryKey(), not primaryKey(_:_:).
        try db.create(table: "sweep") { t in
            t.column("key", .text).primaryKey()
            t.column("value", .text).notNull()
        }
        try db.create(table: "points") { t in
            t.primaryKey("point_id", .integer)
            for name in parameters { t.column(name, sqlType(for: name)) }
        }
        try db.create(table: "runs") { t in
            t.primaryKey("run_id", .integer)
            t.column("point_id", .integer).notNull()
            for name in parameters { t.column(name, sqlType(for: name)) }
            t.column("seed", .integer).notNull()
            t.column("replicate", .integer).notNull()
            t.column("status", .text).notNull()
            t.column("wall_seconds", .real)
            t.column("scsim_version", .text)
            t.column("scenario_json", .text)
        }
        try db.create(table: "timeseries") { t in
            t.column("run_id", .integer).notNull()
            for name in columns { t.column(name, timeseriesType(for: name)) }
        }
        try db.create(index: "timeseries_by_run", on: "timeseries", columns: ["run_id"])
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
                    try SweepDatabase.addTimeseriesColumn(column, db)
                    timeseriesColumns.append(column)
                }
                let names = (["run_id"] + result.columns).map(\.quotedDatabaseIdentifier).joined(separator: ", ")
                let marks = Array(repeating: "?", count: result.columns.count + 1).joined(separator: ", ")
                let insertRow = try db.cachedStatement(sql: "INSERT INTO timeseries (\(names)) VALUES (\(marks))")
                for row in result.rows {
                    try insertRow.execute(arguments: StatementArguments([result.run.id] + row.map(SweepDatabase.databaseValue)))
                }
                let runColumns = ["run_id", "point_id"] + parameterNames + ["seed", "replicate", "status", "wall_seconds", "scsim_version", "scenario_json"]
                let runValues: [(any DatabaseValueConvertible)?] = [result.run.id, result.run.pointID]
                    + point.values.map(SweepDatabase.databaseValue)
                    + [result.run.seed, result.run.replicate, "ok", result.wallSeconds, BuildInfo.version, result.scenarioJSON]
                try db.execute(sql: "INSERT INTO runs (\(runColumns.map(\.quotedDatabaseIdentifier).joined(separator: ", "))) VALUES (\(Array(repeating: "?", count: runColumns.count).joined(separator: ", ")))",
                               arguments: StatementArguments(runValues))
                try SweepDatabase.writeRecords(result, db)
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
        releaseWriterLock()
    }

    /// Closes without changing the journal mode.
    public func close() {
        try? queue.close()
        releaseWriterLock()
    }

    private func releaseWriterLock() {
        lock.lock()
        defer { lock.unlock() }
        writerLock?.release()
        writerLock = nil
    }

    /// Holds the writer's role of this database until `finish()` or `close()` (for a
    /// database opened with `openExisting`, such as a merge's target).
    func takeWriterLock() throws {
        let acquired = try SweepDatabase.lockWriter(path)
        lock.lock()
        defer { lock.unlock() }
        writerLock = acquired
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

    /// SQLite type of a parameter column, from the key's domain (nil: no type).
    static func sqlType(for path: String) -> Database.ColumnType? {
        guard let spec = ParameterCatalog.spec(for: path) else { return nil }
        switch spec.domain {
        case .number: return .real
        case .integer, .boolean: return .integer
        case .choice, .text, .groups: return .text
        case .friendless: return nil
        }
    }

    /// SQLite type of a time-series column: decided by the name alone, so that every shard
    /// of a sweep has the same schema. REAL keeps text as text, so nothing is lost.
    static func timeseriesType(for column: String) -> Database.ColumnType {
        switch column {
        case "step": return .integer
        case "network_metrics": return .text
        default: return .real
        }
    }

    /// Adds a time-series column to `main.timeseries` and its name to `main.columns` (after
    /// the last position), in the caller's transaction.
    static func addTimeseriesColumn(_ column: String, _ db: Database) throws {
        try db.alter(table: "timeseries") { t in t.add(column: column, timeseriesType(for: column)) }
        if try db.tableExists("columns", in: "main") {
            try db.execute(sql: """
                INSERT INTO main.columns (position, name, label, unit, definition, cost, type)
                SELECT COALESCE(MAX(position) + 1, 0), ?, '', '', '', '', '' FROM main.columns
                """, arguments: [column])
        }
    }

    /// Writes `columns` to the (empty) `columns` table.
    static func fillColumns(_ db: Database, _ columns: [ColumnInfo]) throws {
        let insert = try db.makeStatement(sql: "INSERT INTO main.columns (position, name, label, unit, definition, cost, type) VALUES (?, ?, ?, ?, ?, ?, ?)")
        for column in columns {
            try insert.execute(arguments: [column.position, column.name, column.label, column.unit, column.definition, column.cost, column.type])
        }
    }

    /// The `columns` table, in position order (empty for a file that has none).
    public func describedColumns() throws -> [ColumnInfo] {
        try read { db in
            guard try db.tableExists("columns", in: "main") else { return [] }
            return try Row.fetchAll(db, sql: "SELECT * FROM main.columns ORDER BY position").map { row in
                ColumnInfo(position: row["position"] ?? 0, name: row["name"] ?? "", label: row["label"] ?? "", unit: row["unit"] ?? "",
                           definition: row["definition"] ?? "", cost: row["cost"] ?? "", type: row["type"] ?? "")
            }
        }
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
    /// The run's event log and citizen panel, when its scenario asks for them
    /// (`output.events`, `output.panel.every`); stored in the tables `events` and `panel`.
    public var events: [StepEvent] = []
    public var panel: [PanelRow] = []

    public init(run: SweepRun, columns: [String], rows: [[MetricValue]], wallSeconds: Double, scenarioJSON: String,
                events: [StepEvent] = [], panel: [PanelRow] = []) {
        self.events = events
        self.panel = panel
        self.run = run
        self.columns = columns
        self.rows = rows
        self.wallSeconds = wallSeconds
        self.scenarioJSON = scenarioJSON
    }
}

/// What the `columns` table records about one time-series column: its registered
/// definition (`MetricDefinition`), or only its name for a column added by a merge of
/// databases whose model is not registered here.
public struct ColumnInfo: Equatable, Sendable {
    /// Position in the time-series row, as in timeseries.csv's header (0 is `step`).
    public var position: Int
    public var name: String
    /// A short human-readable name.
    public var label: String
    /// Unit or range, such as `fraction` or `[0, 1]`.
    public var unit: String
    /// One-line definition.
    public var definition: String
    /// Cost class: computed every step, on the network, or sampled.
    public var cost: String
    /// Value type.
    public var type: String

    public init(position: Int, name: String, label: String = "", unit: String = "", definition: String = "",
                cost: String = "", type: String = "") {
        self.position = position
        self.name = name
        self.label = label
        self.unit = unit
        self.definition = definition
        self.cost = cost
        self.type = type
    }

    /// A registered column at `position`.
    public init(position: Int, _ metric: MetricDefinition) {
        self.init(position: position, name: metric.name, label: metric.label, unit: metric.unit, definition: metric.definition,
                  cost: metric.cost.rawValue, type: metric.type.rawValue)
    }

    /// A model's registered columns, at positions 0, 1, ...
    public static func described(_ metrics: [MetricDefinition]) -> [ColumnInfo] {
        metrics.enumerated().map { ColumnInfo(position: $0.offset, $0.element) }
    }

    /// Columns known by name only, at positions 0, 1, ...
    public static func named(_ names: [String]) -> [ColumnInfo] {
        names.enumerated().map { ColumnInfo(position: $0.offset, name: $0.element) }
    }
}
