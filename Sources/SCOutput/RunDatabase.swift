import Foundation
import GRDB
import SCModel
#if canImport(GRDBSQLite)
import GRDBSQLite
#elseif canImport(SQLite3)
import SQLite3
#endif

/// The per-run SQLite file `DIR/run.sqlite` holding the event log and the citizen panel
/// (`output.events`, `output.panel.*`), readable by pandas, polars, R and DuckDB as is.
///
/// Tables (schema below, made with GRDB's schema DSL):
/// - `events(step, kind, citizen, other, reason, value)`: one row per event, in the order
///   `ReferenceRecorder` gives (phase order within a step); `other` and `value` are NULL
///   where they do not apply. Indexed on `step` and on `citizen`.
/// - `panel(step, citizen, score, dissent, strategy, enrolled, tier, degree, ring, payoff,
///   friends_mean_score)`: the chosen citizens after each panel step; `score` and `payoff`
///   NULL outside the system, `ring` NULL outside a ring, `friends_mean_score` NULL with no
///   enrolled friend. Indexed on (citizen, step).
///
/// Each step's rows go in one transaction through prepared statements; the indexes are
/// built once, when the run finishes. Like timeseries.csv, the file is written under a
/// temporary name and renamed into place at the end, except in a run that keeps
/// checkpoints, which writes it in place (synchronously) so that `scsim resume` can
/// continue it, dropping the rows of steps after the checkpoint.
public final class RunDatabase: RecordSink {
    public static let fileName = "run.sqlite"

    public let path: String
    let target: String
    let atomic: Bool
    var queue: DatabaseQueue?
    /// Static C strings for the text columns, by (kind, reason, from, to).
    private var texts: [UInt32: UnsafeMutablePointer<CChar>] = [:]

    /// Opens `path` for a new run (replacing any file there), or, with `resumingAt`, the
    /// existing file in place with the rows of steps from `resumingAt` on deleted.
    public init(path: String, inPlace: Bool, resumingAt: Int? = nil) throws {
        self.path = path
        atomic = !inPlace && resumingAt == nil
        target = atomic ? AtomicFile.temporaryPath(for: path) : path
        if resumingAt == nil { try? FileManager.default.removeItem(atPath: target) }
        var configuration = Configuration()
        let atomic = self.atomic
        configuration.prepareDatabase { db in
            // A temporary file renamed at the end needs no journal: a crash leaves only it.
            if atomic {
                try db.execute(sql: "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF")
            } else {
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
            }
        }
        do {
            let queue = try DatabaseQueue(path: target, configuration: configuration)
            try queue.write { db in
                try RunDatabase.createRecordTables(db, keyedByRun: false)
                if let step = resumingAt {
                    try db.execute(sql: "DELETE FROM events WHERE step >= ?", arguments: [step])
                    try db.execute(sql: "DELETE FROM panel WHERE step >= ?", arguments: [step])
                }
            }
            self.queue = queue
        } catch {
            throw OutputError.cannotWrite(path: path, reason: "\(error)")
        }
    }

    deinit {
        for pointer in texts.values { free(pointer) }
    }

    /// A C string that lives as long as this writer.
    private func text(_ key: UInt32, _ make: () -> String) -> UnsafeMutablePointer<CChar> {
        if let known = texts[key] { return known }
        let made = strdup(make())!
        texts[key] = made
        return made
    }

    public func record(step: Int, events: [RawEvent], panel: [PanelRow]) throws {
        guard let queue else { return }
        do {
            try queue.inTransaction { db in
                if !events.isEmpty {
                    let statement = try db.cachedStatement(sql: "INSERT INTO events (step, kind, citizen, other, reason, value) VALUES (?, ?, ?, ?, ?, ?)")
                    let h = statement.sqliteStatement
                    for e in events {
                        let kind = text(UInt32(e.kind.rawValue) << 24 | 0xFFFFFF) { e.kind.name }
                        let reason = text(UInt32(e.kind.rawValue) << 24 | UInt32(e.reason.rawValue) << 16 | UInt32(e.from) << 8 | UInt32(e.to)) { e.reasonText }
                        sqlite3_bind_int64(h, 1, Int64(step))
                        sqlite3_bind_text(h, 2, kind, -1, nil)
                        sqlite3_bind_int64(h, 3, Int64(e.citizen))
                        if e.other >= 0 { sqlite3_bind_int64(h, 4, Int64(e.other)) } else { sqlite3_bind_null(h, 4) }
                        sqlite3_bind_text(h, 5, reason, -1, nil)
                        if e.value.isNaN { sqlite3_bind_null(h, 6) } else { sqlite3_bind_double(h, 6, e.value) }
                        try Self.stepAndReset(h, db)
                    }
                }
                if !panel.isEmpty {
                    let statement = try db.cachedStatement(sql: """
                        INSERT INTO panel (step, citizen, score, dissent, strategy, enrolled, tier, degree, ring, payoff, friends_mean_score)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """)
                    let h = statement.sqliteStatement
                    for row in panel {
                        let strategy = text(0xF000_0000 | UInt32(row.strategy)) { RawEvent.strategyName(row.strategy) }
                        let tier = text(0xF100_0000 | UInt32(row.tier)) { RawEvent.tierName(row.tier) }
                        sqlite3_bind_int64(h, 1, Int64(row.step))
                        sqlite3_bind_int64(h, 2, Int64(row.citizen))
                        Self.bind(h, 3, row.score)
                        sqlite3_bind_double(h, 4, row.dissent)
                        sqlite3_bind_text(h, 5, strategy, -1, nil)
                        sqlite3_bind_int64(h, 6, row.enrolled ? 1 : 0)
                        sqlite3_bind_text(h, 7, tier, -1, nil)
                        sqlite3_bind_int64(h, 8, Int64(row.degree))
                        if let ring = row.ring { sqlite3_bind_int64(h, 9, Int64(ring)) } else { sqlite3_bind_null(h, 9) }
                        Self.bind(h, 10, row.payoff)
                        Self.bind(h, 11, row.friendsMeanScore)
                        try Self.stepAndReset(h, db)
                    }
                }
                return .commit
            }
        } catch let error as OutputError {
            throw error
        } catch {
            throw OutputError.cannotWrite(path: path, reason: "\(error)")
        }
    }

    private static func bind(_ h: OpaquePointer, _ index: Int32, _ value: Double?) {
        if let value { sqlite3_bind_double(h, index, value) } else { sqlite3_bind_null(h, index) }
    }

    private static func stepAndReset(_ h: OpaquePointer, _ db: Database) throws {
        let code = sqlite3_step(h)
        sqlite3_reset(h)
        guard code == SQLITE_DONE else {
            throw OutputError.cannotWrite(path: "run.sqlite", reason: String(cString: sqlite3_errmsg(db.sqliteConnection)))
        }
    }

    /// Builds the indexes, closes the file and, for a new run, moves it into place.
    public func finish() throws {
        guard let queue else { return }
        do {
            try queue.write { db in
                try db.create(index: "events_step", on: "events", columns: ["step"], ifNotExists: true)
                try db.create(index: "events_citizen", on: "events", columns: ["citizen"], ifNotExists: true)
                try db.create(index: "panel_citizen_step", on: "panel", columns: ["citizen", "step"], ifNotExists: true)
            }
            try queue.close()
            self.queue = nil
        } catch {
            throw OutputError.cannotWrite(path: path, reason: "\(error)")
        }
        if atomic { try AtomicFile.commit(target, to: path) }
    }

    /// Gives up after a failure: a new run's temporary file is removed.
    public func abandon() {
        try? queue?.close()
        queue = nil
        if atomic { try? FileManager.default.removeItem(atPath: target) }
    }
}

extension RunDatabase {
    /// Creates the `events` and `panel` tables of run.sqlite, or, `keyedByRun`, the same
    /// tables with a leading `run_id` as a sweep database holds them: one schema for both.
    package static func createRecordTables(_ db: Database, keyedByRun: Bool) throws {
        try db.create(table: "events", options: .ifNotExists) { t in
            if keyedByRun { t.column("run_id", .integer).notNull() }
            t.column("step", .integer).notNull()
            t.column("kind", .text).notNull()
            t.column("citizen", .integer).notNull()
            t.column("other", .integer)
            t.column("reason", .text)
            t.column("value", .double)
        }
        try db.create(table: "panel", options: .ifNotExists) { t in
            if keyedByRun { t.column("run_id", .integer).notNull() }
            t.column("step", .integer).notNull()
            t.column("citizen", .integer).notNull()
            t.column("score", .double)
            t.column("dissent", .double).notNull()
            t.column("strategy", .text).notNull()
            t.column("enrolled", .integer).notNull()
            t.column("tier", .text).notNull()
            t.column("degree", .integer).notNull()
            t.column("ring", .integer)
            t.column("payoff", .double)
            t.column("friends_mean_score", .double)
        }
    }
}
