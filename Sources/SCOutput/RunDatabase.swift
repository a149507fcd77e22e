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
/// The rows are inserted off the step loop: `record` hands each step's batch to a writer
/// thread and takes back one the writer has finished with (two batches, so the simulation
/// waits only when the writer is a whole step behind). The writer inserts through two
/// prepared statements with bound values, in one transaction until a checkpoint or the
/// end; the indexes are built once, when the run finishes. Like timeseries.csv, the file
/// is written under a temporary name (64 KiB pages, no journal, no syncs while it grows),
/// synced and renamed into place at the end, except in a run that keeps checkpoints,
/// which writes it in place with a rollback journal so that `scsim resume` can continue
/// it, dropping the rows of steps after the checkpoint: `flush` (called before each
/// checkpoint is written) waits for the writer and commits, so the rows a checkpoint
/// claims are on disk before it.
public final class RunDatabase: RecordSink {
    public static let fileName = "run.sqlite"

    public let path: String
    let target: String
    let atomic: Bool
    var queue: DatabaseQueue?
    let writer: RecordWriter
    private var thread: Thread?

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
            // Large pages make the bulk inserts and the index builds cheaper (a new file
            // only: an existing one keeps its page size).
            if atomic {
                try db.execute(sql: "PRAGMA page_size = 65536; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF")
            } else {
                try db.execute(sql: "PRAGMA page_size = 65536; PRAGMA synchronous = NORMAL")
            }
            try db.execute(sql: "PRAGMA cache_size = -65536")
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
        writer = RecordWriter(path: path)
    }

    /// Starts the writer thread on the first batch.
    private func startWriter() {
        guard thread == nil, let queue else { return }
        let writer = self.writer
        let thread = Thread {
            do {
                try queue.writeWithoutTransaction { db in try writer.run(db) }
            } catch let error as OutputError {
                writer.fail(error)
            } catch {
                writer.fail(OutputError.cannotWrite(path: writer.path, reason: "\(error)"))
            }
            writer.finished()
        }
        thread.name = "run.sqlite writer"
        thread.start()
        self.thread = thread
    }

    public func record(_ batch: RecordBatch) throws -> RecordBatch {
        startWriter()
        return try writer.submit(batch)
    }

    /// Records rows given as values (the recorder hands batches; this is for other callers).
    public func record(step: Int, events: [RawEvent], panel: [PanelRow]) throws {
        _ = try record(RecordBatch(step: step, events: events, panel: panel))
    }

    /// Waits until every batch handed over is inserted and committed.
    public func flush() throws {
        guard thread != nil else { return }
        try writer.commitAndWait()
    }

    /// Waits for the writer, builds the indexes, closes the file and, for a new run, syncs
    /// it and moves it into place.
    public func finish() throws {
        guard let queue else { return }
        if thread != nil {
            writer.close(discard: false)
            try writer.waitUntilFinished()
            thread = nil
        }
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
        if atomic {
            // Written without syncs: made durable once, before it takes the final name.
            guard let handle = FileHandle(forUpdatingAtPath: target) else {
                throw OutputError.cannotWrite(path: path, reason: String(cString: strerror(errno)))
            }
            do {
                try handle.synchronize()
                try handle.close()
            } catch {
                throw OutputError.cannotWrite(path: path, reason: error.localizedDescription)
            }
            try AtomicFile.commit(target, to: path)
        }
    }

    /// Gives up after a failure: the writer stops, a new run's temporary file is removed.
    public func abandon() {
        if thread != nil {
            writer.close(discard: true)
            try? writer.waitUntilFinished()
            thread = nil
        }
        try? queue?.close()
        queue = nil
        if atomic { try? FileManager.default.removeItem(atPath: target) }
    }
}

/// The state a `RunDatabase` shares with its writer thread, under one lock: the batches
/// waiting to be inserted, the batches inserted and free again, the first failure, and
/// the requests to commit and to stop.
final class RecordWriter: @unchecked Sendable {
    let path: String
    private let condition = NSCondition()
    private var pending: [RecordBatch] = []
    private var spare: [RecordBatch] = []
    /// Batches in circulation (filled, pending, being written or spare).
    private var made = 1
    /// Batches to keep in circulation: one filled by the simulation, one written.
    let depth = 2
    private var commitRequests = 0
    private var commitsDone = 0
    private var closing = false
    private var discard = false
    private var done = false
    private var failure: Error?
    /// Static C strings for the text columns, by (kind, reason, from, to); writer thread only.
    private var texts: [UInt32: UnsafeMutablePointer<CChar>] = [:]

    /// The panel's strategy and tier texts, by code.
    private let strategyTexts: [UnsafeMutablePointer<CChar>]
    private let tierTexts: [UnsafeMutablePointer<CChar>]

    init(path: String) {
        self.path = path
        strategyTexts = (0...255).map { strdup(RawEvent.strategyName(UInt8($0)))! }
        tierTexts = (0...255).map { strdup(RawEvent.tierName(UInt8($0)))! }
    }

    deinit {
        for pointer in texts.values { free(pointer) }
        for pointer in strategyTexts + tierTexts { free(pointer) }
    }

    /// Queues `batch` and returns an empty one: a free one, a new one while fewer than
    /// `depth` are in circulation, or else the next the writer finishes.
    func submit(_ batch: RecordBatch) throws -> RecordBatch {
        condition.lock()
        defer { condition.unlock() }
        if let failure { throw failure }
        pending.append(batch)
        condition.broadcast()
        if spare.isEmpty && made < depth {
            made += 1
            return RecordBatch(panelCapacity: batch.panelCount)
        }
        while spare.isEmpty && failure == nil && !done { condition.wait() }
        if let failure { throw failure }
        return spare.popLast() ?? RecordBatch(panelCapacity: batch.panelCount)
    }

    /// Waits until everything queued is inserted and committed.
    func commitAndWait() throws {
        condition.lock()
        defer { condition.unlock() }
        commitRequests += 1
        let ticket = commitRequests
        condition.broadcast()
        while commitsDone < ticket && failure == nil && !done { condition.wait() }
        if let failure { throw failure }
    }

    /// Asks the writer to stop once the queue is empty (or at once, dropping it, with
    /// `discard`).
    func close(discard: Bool) {
        condition.lock()
        closing = true
        if discard { self.discard = true }
        condition.broadcast()
        condition.unlock()
    }

    func waitUntilFinished() throws {
        condition.lock()
        defer { condition.unlock() }
        while !done { condition.wait() }
        if let failure { throw failure }
    }

    func fail(_ error: Error) {
        condition.lock()
        if failure == nil { failure = error }
        condition.broadcast()
        condition.unlock()
    }

    func finished() {
        condition.lock()
        done = true
        condition.broadcast()
        condition.unlock()
    }

    /// The writer thread's loop: inserts queued batches inside one open transaction,
    /// committing when asked and at the end.
    func run(_ db: Database) throws {
        let insertEvent = try db.makeStatement(sql: "INSERT INTO events (step, kind, citizen, other, reason, value) VALUES (?, ?, ?, ?, ?, ?)")
        let insertPanel = try db.makeStatement(sql: """
            INSERT INTO panel (step, citizen, score, dissent, strategy, enrolled, tier, degree, ring, payoff, friends_mean_score)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        try db.execute(sql: "BEGIN")
        var open = true
        defer { if open { try? db.execute(sql: "ROLLBACK") } }
        while true {
            condition.lock()
            while pending.isEmpty && commitsDone == commitRequests && !closing { condition.wait() }
            if discard {
                condition.unlock()
                return
            }
            guard !pending.isEmpty else {
                let ticket = commitRequests
                let stop = closing
                condition.unlock()
                try db.execute(sql: "COMMIT")
                open = false
                condition.lock()
                commitsDone = ticket
                condition.broadcast()
                condition.unlock()
                if stop { return }
                try db.execute(sql: "BEGIN")
                open = true
                continue
            }
            let batch = pending.removeFirst()
            condition.unlock()
            try insert(batch, db, insertEvent.sqliteStatement, insertPanel.sqliteStatement)
            condition.lock()
            spare.append(batch)
            condition.broadcast()
            condition.unlock()
        }
    }

    /// A C string that lives as long as this writer.
    private func text(_ key: UInt32, _ make: () -> String) -> UnsafeMutablePointer<CChar> {
        if let known = texts[key] { return known }
        let made = strdup(make())!
        texts[key] = made
        return made
    }

    private func insert(_ batch: RecordBatch, _ db: Database, _ eventStatement: OpaquePointer, _ panelStatement: OpaquePointer) throws {
        let step = Int64(batch.step)
        var h = eventStatement
        for e in batch.events {
            let kind = text(UInt32(e.kind.rawValue) << 24 | 0xFFFFFF) { e.kind.name }
            let reason = text(UInt32(e.kind.rawValue) << 24 | UInt32(e.reason.rawValue) << 16 | UInt32(e.from) << 8 | UInt32(e.to)) { e.reasonText }
            sqlite3_bind_int64(h, 1, step)
            sqlite3_bind_text(h, 2, kind, -1, nil)
            sqlite3_bind_int64(h, 3, Int64(e.citizen))
            if e.other >= 0 { sqlite3_bind_int64(h, 4, Int64(e.other)) } else { sqlite3_bind_null(h, 4) }
            sqlite3_bind_text(h, 5, reason, -1, nil)
            Self.bind(h, 6, e.value)
            try stepAndReset(h, db)
        }
        let panel = batch.panel, strategyTexts = self.strategyTexts, tierTexts = self.tierTexts
        let n = panel.count
        guard n > 0 else { return }
        h = panelStatement
        for k in 0..<n {
            let strategyText = strategyTexts[Int(panel.strategy[k])], tierText = tierTexts[Int(panel.tier[k])]
            sqlite3_bind_int64(h, 1, step)
            sqlite3_bind_int64(h, 2, Int64(panel.citizen[k]))
            Self.bind(h, 3, panel.score[k])
            sqlite3_bind_double(h, 4, panel.dissent[k])
            sqlite3_bind_text(h, 5, strategyText, -1, nil)
            sqlite3_bind_int64(h, 6, Int64(panel.enrolled[k]))
            sqlite3_bind_text(h, 7, tierText, -1, nil)
            sqlite3_bind_int64(h, 8, Int64(panel.degree[k]))
            if panel.ring[k] >= 0 { sqlite3_bind_int64(h, 9, Int64(panel.ring[k])) } else { sqlite3_bind_null(h, 9) }
            Self.bind(h, 10, panel.payoff[k])
            Self.bind(h, 11, panel.friendsMeanScore[k])
            try stepAndReset(h, db)
        }
    }

    /// A real, or NULL for NaN (what SQLite makes of a bound NaN too).
    @inline(__always)
    private static func bind(_ h: OpaquePointer, _ index: Int32, _ value: Double) {
        if value.isNaN { sqlite3_bind_null(h, index) } else { sqlite3_bind_double(h, index, value) }
    }

    @inline(__always)
    private func stepAndReset(_ h: OpaquePointer, _ db: Database) throws {
        let code = sqlite3_step(h)
        sqlite3_reset(h)
        guard code == SQLITE_DONE else {
            throw OutputError.cannotWrite(path: path, reason: String(cString: sqlite3_errmsg(db.sqliteConnection)))
        }
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
