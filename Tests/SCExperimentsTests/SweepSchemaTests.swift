import Foundation
import GRDB
import SCModel
import Testing
@testable import SCExperiments

/// The sweep database's schema: GRDB migrations, databases written before them, the
/// `columns` table, and refusing another sweep's file without touching it.
struct SweepSchemaTests {
    static let text = SweepDatabaseTests.text

    /// The DDL and metadata that scsim wrote before it used GRDB's schema DSL and migrator,
    /// copied from that code: a database "made by the old code".
    static func makeOldDatabase(_ definition: SweepDefinition, at path: String, columns: [String]) throws {
        func quote(_ name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        func sqlType(_ path: String) -> String { SweepDatabase.sqlType(for: path)?.rawValue ?? "" }
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            let parameterColumns = definition.parameters.map { "\(quote($0.path)) \(sqlType($0.path))" }
            try db.execute(sql: "CREATE TABLE sweep (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            try db.execute(sql: "CREATE TABLE points (point_id INTEGER PRIMARY KEY" + parameterColumns.map { ", " + $0 }.joined() + ")")
            try db.execute(sql: """
                CREATE TABLE runs (run_id INTEGER PRIMARY KEY, point_id INTEGER NOT NULL\(parameterColumns.map { ", " + $0 }.joined()),
                seed INTEGER NOT NULL, replicate INTEGER NOT NULL, status TEXT NOT NULL, wall_seconds REAL,
                scsim_version TEXT, scenario_json TEXT)
                """)
            try db.execute(sql: "CREATE TABLE timeseries (run_id INTEGER NOT NULL"
                           + columns.map { ", \(quote($0)) \(SweepDatabase.timeseriesType(for: $0).rawValue)" }.joined() + ")")
            try db.execute(sql: "CREATE INDEX timeseries_by_run ON timeseries (run_id)")
            let entries: [(String, String)] = [
                ("format", "1"), ("identity", definition.identity), ("name", definition.name),
                ("parameters", "[\"score.eta\",\"audit.rate\"]"), ("runs", String(definition.runCount)),
            ]
            for (key, value) in entries {
                try db.execute(sql: "INSERT INTO sweep (key, value) VALUES (?, ?)", arguments: [key, value])
            }
            for point in definition.points {
                try db.execute(sql: "INSERT INTO points VALUES (?, ?, ?)",
                               arguments: StatementArguments([point.id] + point.values.map(SweepDatabase.databaseValue)))
            }
        }
        try queue.close()
    }

    /// Per table: PRAGMA table_info (name, type, not null, default, primary key), and the indexes.
    static func schema(_ path: String) throws -> [String] {
        let queue = try DatabaseQueue(path: path, configuration: Fixtures.readOnly)
        defer { try? queue.close() }
        return try queue.read { db in
            var lines: [String] = []
            for table in ["sweep", "points", "runs", "timeseries"] {
                for row in try Row.fetchAll(db, sql: "PRAGMA table_info(\(table.quotedDatabaseIdentifier))") {
                    lines.append("\(table): \(row["cid"] as Int) \(row["name"] as String) \(row["type"] as String) notnull=\(row["notnull"] as Int) default=\(row["dflt_value"] as String? ?? "-") pk=\(row["pk"] as Int)")
                }
                for row in try Row.fetchAll(db, sql: "PRAGMA index_list(\(table.quotedDatabaseIdentifier))") {
                    let name: String = row["name"]
                    let columns = try String.fetchAll(db, sql: "SELECT name FROM pragma_index_info(?)", arguments: [name])
                    lines.append("\(table): index \(name) unique=\(row["unique"] as Int) origin=\(row["origin"] as String) \(columns)")
                }
            }
            return lines
        }
    }

    static func migrations(_ path: String) throws -> [String] {
        let queue = try DatabaseQueue(path: path, configuration: Fixtures.readOnly)
        defer { try? queue.close() }
        return try queue.read { db in
            guard try db.tableExists("grdb_migrations") else { return [] }
            return try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier")
        }
    }

    /// The first migration makes the tables exactly as the old DDL did (same columns, types,
    /// constraints and index), and the second the `columns` table, filled once.
    @Test func theBaselineMigrationMakesTodaysSchema() throws {
        let definition = try Fixtures.definition(Self.text)
        let names = try SweepRunner.columns(of: definition).map(\.name)
        let folder = Fixtures.folder()
        try Self.makeOldDatabase(definition, at: folder + "/old.sqlite", columns: names)
        let database = try SweepDatabase.open(for: definition, at: folder + "/new.sqlite", columns: names)
        let described = try database.describedColumns()
        database.finish()
        let old = try Self.schema(folder + "/old.sqlite")
        #expect(old.count == 3 + 3 + 10 + 1 + names.count + 1)
        #expect(try Self.schema(folder + "/new.sqlite") == old)
        #expect(try Self.migrations(folder + "/new.sqlite") == [SweepDatabase.baselineMigration, SweepDatabase.columnsMigration])
        #expect(described == ColumnInfo.named(names))
        #expect(described.first == ColumnInfo(position: 0, name: "step", label: "", unit: "", definition: "", cost: "", type: ""))
        let queue = try DatabaseQueue(path: folder + "/new.sqlite")
        let columnsTable = try queue.read { db in try db.columns(in: "columns").map { "\($0.name) \($0.type)" } }
        try queue.close()
        #expect(columnsTable == ["position INTEGER", "name TEXT", "label TEXT", "unit TEXT", "definition TEXT", "cost TEXT", "type TEXT"])
    }

    /// A database written before migrations (no grdb_migrations) is recognised: its baseline
    /// is recorded as applied, `columns` is added and filled, and a sweep resumes into it.
    @Test func aDatabaseMadeByTheOldCodeIsMigratedAndResumed() throws {
        let definition = try Fixtures.definition(Self.text)
        let names = try SweepRunner.columns(of: definition).map(\.name)
        let path = Fixtures.folder() + "/old.sqlite"
        try Self.makeOldDatabase(definition, at: path, columns: names)
        let before = try Self.schema(path)
        #expect(try Self.migrations(path).isEmpty)
        let report = try Fixtures.run(definition, into: path)
        #expect(report.completed == 8)
        #expect(try Self.migrations(path) == [SweepDatabase.baselineMigration, SweepDatabase.columnsMigration])
        #expect(try Self.schema(path) == before)
        let database = try SweepDatabase.openExisting(path: path, readOnly: true)
        #expect(try database.describedColumns() == ColumnInfo.named(names))
        database.close()
        #expect(try Fixtures.contents(path) == Fixtures.contents(SweepDatabaseTests.reference.path))
        // Opening again migrates nothing and fills nothing twice.
        try Fixtures.run(definition, into: path)
        let again = try SweepDatabase.openExisting(path: path, readOnly: true)
        #expect(try again.describedColumns().count == names.count)
        again.close()
    }

    /// Columns that a run adds to the time series get a row in `columns`, after the others.
    @Test func aColumnAddedByARunIsDescribed() throws {
        let definition = try Fixtures.definition(Self.text)
        let names = try SweepRunner.columns(of: definition).map(\.name)
        let path = Fixtures.folder() + "/short.sqlite"
        let database = try SweepDatabase.open(for: definition, at: path, columns: Array(names.dropLast(2)))
        #expect(try database.describedColumns().map(\.name) == Array(names.dropLast(2)))
        _ = try SweepRunner.run(definition, database: database, options: .init(jobs: 1, shard: Shard(index: 1, count: 8)))
        #expect(try database.describedColumns() == ColumnInfo.named(names))
        database.finish()
    }

    static func bytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    /// A database of another definition is refused before anything is written: its bytes are
    /// the same afterwards, it is not switched to WAL, and a database made by the old code
    /// is not migrated.
    @Test func aRefusedDatabaseIsLeftByteForByte() throws {
        let definition = try Fixtures.definition(Self.text)
        let other = try Fixtures.definition(Self.text.replacingOccurrences(of: "[0, 0.6]", with: "[0, 0.5]"))
        let names = try SweepRunner.columns(of: definition).map(\.name)
        let folder = Fixtures.folder()
        let fresh = folder + "/fresh.sqlite", old = folder + "/old.sqlite"
        try SweepDatabase.open(for: definition, at: fresh, columns: names).finish()
        try Self.makeOldDatabase(definition, at: old, columns: names)
        for path in [fresh, old] {
            let before = try Self.bytes(path)
            #expect {
                _ = try SweepDatabase.open(for: other, at: path, columns: names)
            } throws: { error in
                guard let error = error as? SweepError, case .otherSweep = error else { return false }
                return error.isBadInput
            }
            #expect(try Self.bytes(path) == before, "\(path)")
            #expect(!FileManager.default.fileExists(atPath: path + "-wal") && !FileManager.default.fileExists(atPath: path + "-shm"))
        }
        #expect(try Self.migrations(old).isEmpty)
    }
}
