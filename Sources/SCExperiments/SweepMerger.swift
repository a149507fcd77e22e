import Foundation
import GRDB

/// Combines the databases of one sweep's shards (or of interrupted copies) into one.
///
/// Every input must record the same sweep identity (and so must an existing target);
/// otherwise nothing is written. A run present in several inputs is taken once, from the
/// first input that has it finished. Each input is merged in one transaction; a new
/// target is built under a temporary name and appears only when complete.
public enum SweepMerger {
    /// What a merge did.
    public struct Report: Sendable {
        /// Finished runs added to the target.
        public var added: Int
        /// Finished runs skipped because the target already had them.
        public var duplicates: Int
        /// Finished runs in the target afterwards.
        public var finished: Int
        /// Runs in the whole sweep.
        public var total: Int
    }

    /// Merges `inputs` into `target` (created when missing).
    ///
    /// - Throws: `SweepError.otherSweep` when the databases belong to different sweeps,
    ///   `.notASweepDatabase`, `.badArgument` for no inputs, `.databaseFailure`.
    public static func merge(_ inputs: [String], into target: String) throws -> Report {
        guard !inputs.isEmpty else { throw SweepError.badArgument("merge needs at least one database to read") }
        let targetExists = FileManager.default.fileExists(atPath: target)
        let targetReal = targetExists ? realPath(target) : nil
        var sources: [(path: String, identity: String, label: String)] = []
        for input in inputs {
            if let targetReal, realPath(input) == targetReal { continue }
            if sources.contains(where: { realPath($0.path) == realPath(input) }) { continue }
            let database = try SweepDatabase.openExisting(path: input, readOnly: true)
            defer { database.close() }
            try checkIntegrity(database)
            sources.append((input, database.identity, database.label))
        }
        var expected = sources.first.map { ($0.path, $0.identity, $0.label) }
        if targetExists {
            let database = try SweepDatabase.openExisting(path: target, readOnly: true)
            defer { database.close() }
            try checkIntegrity(database)
            expected = (target, database.identity, database.label)
        }
        guard let (expectedPath, identity, label) = expected else {
            throw SweepError.badArgument("nothing to merge: every input is the target itself")
        }
        for source in sources where source.identity != identity {
            throw SweepError.otherSweep(path: source.path, expected: "\(label), as in \(expectedPath)", found: source.label)
        }

        // One writer at a time: a sweep or another merge writing the target is refused.
        let writerLock = try SweepDatabase.lockWriter(target)
        defer { writerLock.release() }
        if targetExists {
            let database = try SweepDatabase.openExisting(path: target, readOnly: false)
            defer { database.finish() }
            var report = Report(added: 0, duplicates: 0, finished: 0, total: 0)
            for source in sources { try add(source.path, to: database, report: &report) }
            try summarise(database, into: &report)
            return report
        }

        // A new target: copy the first input whole, add the others, then link it into place.
        let folder = URL(fileURLWithPath: target).deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw SweepError.databaseFailure(path: target, reason: "cannot create the folder \(folder): \(SweepDatabase.reason(error))")
        }
        let temporary = folder + "/." + URL(fileURLWithPath: target).lastPathComponent + ".partial-\(getpid())"
        try? FileManager.default.removeItem(atPath: temporary)
        do {
            let first = try SweepDatabase.openExisting(path: sources[0].path, readOnly: true)
            do {
                try first.withoutTransaction { db in try db.execute(sql: "VACUUM INTO ?", arguments: [temporary]) }
            } catch SweepError.databaseFailure(_, let reason) {
                throw SweepError.databaseFailure(path: target, reason: reason)
            }
            first.close()
            let database = try SweepDatabase.openExisting(path: temporary, readOnly: false)
            var report = Report(added: 0, duplicates: 0, finished: 0, total: 0)
            report.added = try database.finishedRunIDs().count
            for source in sources.dropFirst() { try add(source.path, to: database, report: &report) }
            try summarise(database, into: &report)
            database.finish()
            if link(temporary, target) != 0 {
                throw SweepError.databaseFailure(path: target, reason: "cannot create the file: \(String(cString: strerror(errno)))")
            }
            removeTemporary(temporary)
            return report
        } catch let error as SweepError {
            removeTemporary(temporary)
            if case .databaseFailure(let path, let reason) = error, path == temporary {
                throw SweepError.databaseFailure(path: target, reason: reason)
            }
            throw error
        }
    }

    /// Adds the finished runs of `source` that `database` lacks, in one transaction.
    private static func add(_ source: String, to database: SweepDatabase, report: inout Report) throws {
        try database.withoutTransaction { db in
            try db.execute(sql: "ATTACH DATABASE ? AS source", arguments: [source])
            defer { try? db.execute(sql: "DETACH DATABASE source") }
            let sourceColumns = try Row.fetchAll(db, sql: "PRAGMA source.table_info(timeseries)").map { $0["name"] as String }
            let targetColumns = try db.columns(in: "timeseries").map(\.name)
            let runColumns = try db.columns(in: "runs").map(\.name)
            let sourceRunColumns = Set(try Row.fetchAll(db, sql: "PRAGMA source.table_info(runs)").map { $0["name"] as String })
            try db.inTransaction {
                for column in sourceColumns where !targetColumns.contains(column) {
                    try SweepDatabase.addTimeseriesColumn(column, db)
                }
                try db.execute(sql: "DROP TABLE IF EXISTS temp.merging")
                try db.execute(sql: """
                    CREATE TEMP TABLE merging AS SELECT run_id FROM source.runs WHERE status = 'ok'
                    AND run_id NOT IN (SELECT run_id FROM main.runs WHERE status = 'ok')
                    """)
                let finishedInSource = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM source.runs WHERE status = 'ok'") ?? 0
                let adding = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM temp.merging") ?? 0
                try db.execute(sql: "DELETE FROM main.timeseries WHERE run_id IN (SELECT run_id FROM temp.merging)")
                try db.execute(sql: "DELETE FROM main.runs WHERE run_id IN (SELECT run_id FROM temp.merging)")
                let series = sourceColumns.map(\.quotedDatabaseIdentifier).joined(separator: ", ")
                try db.execute(sql: """
                    INSERT INTO main.timeseries (\(series)) SELECT \(series) FROM source.timeseries
                    WHERE run_id IN (SELECT run_id FROM temp.merging) ORDER BY rowid
                    """)
                let runs = runColumns.filter(sourceRunColumns.contains).map(\.quotedDatabaseIdentifier).joined(separator: ", ")
                try db.execute(sql: """
                    INSERT INTO main.runs (\(runs)) SELECT \(runs) FROM source.runs
                    WHERE run_id IN (SELECT run_id FROM temp.merging)
                    """)
                // The runs' event logs and panels, when the source has them.
                for table in ["events", "panel"] {
                    let present = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM source.sqlite_master WHERE type = 'table' AND name = ?",
                                                   arguments: [table]) == 1
                    guard present else { continue }
                    try SweepDatabase.createRecordTables(db)
                    try db.execute(sql: "DELETE FROM main.\(table) WHERE run_id IN (SELECT run_id FROM temp.merging)")
                    let columns = try db.columns(in: table).map(\.name.quotedDatabaseIdentifier).joined(separator: ", ")
                    try db.execute(sql: """
                        INSERT INTO main.\(table) (\(columns)) SELECT \(columns) FROM source.\(table)
                        WHERE run_id IN (SELECT run_id FROM temp.merging) ORDER BY rowid
                        """)
                }
                try db.execute(sql: "DROP TABLE temp.merging")
                report.added += adding
                report.duplicates += finishedInSource - adding
                return .commit
            }
        }
    }

    /// Refuses a damaged input before anything is merged, so that an error names the file
    /// at fault rather than the target (or its temporary name) that was being written.
    ///
    /// - Throws: `SweepError.notASweepDatabase` naming the damaged file.
    static func checkIntegrity(_ database: SweepDatabase) throws {
        let problems: [String]
        do {
            problems = try database.read { db in try String.fetchAll(db, sql: "PRAGMA quick_check") }
        } catch let SweepError.databaseFailure(_, reason) {
            throw SweepError.notASweepDatabase(path: database.path, reason: "it is damaged (\(reason))")
        }
        guard problems == ["ok"] else {
            throw SweepError.notASweepDatabase(path: database.path, reason: "it is damaged (SQLite: \(problems.prefix(3).joined(separator: "; ")))")
        }
    }

    private static func summarise(_ database: SweepDatabase, into report: inout Report) throws {
        report.finished = try database.finishedRunIDs().count
        report.total = Int(database.metadata["runs"] ?? "") ?? report.finished
    }

    private static func removeTemporary(_ path: String) {
        for suffix in ["", "-journal", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    private static func realPath(_ path: String) -> String {
        URL(fileURLWithPath: path).resolvingSymlinksInPath().standardizedFileURL.path
    }
}
