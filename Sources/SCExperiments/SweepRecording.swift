import Foundation
import GRDB
import SCModel
import SCOutput

/// One logged event with the step it happened in (a row of a sweep database's `events`).
public struct StepEvent: Equatable, Sendable {
    public var step: Int
    public var event: RawEvent

    public init(step: Int, event: RawEvent) {
        self.step = step
        self.event = event
    }
}

/// Collects one sweep run's event log and citizen panel in memory, for
/// `SweepDatabase.record` to store with the run in the same transaction as its time
/// series. Opt-in: only a run whose scenario sets `output.events` or
/// `output.panel.every` gets one, and its rows are held until the run ends (a panel of
/// every citizen at every step of a large run is large: use `output.panel.sample`).
final class SweepRecordSink: RecordSink {
    private(set) var events: [StepEvent] = []
    private(set) var panel: [PanelRow] = []

    func record(step: Int, events: [RawEvent], panel: [PanelRow]) throws {
        self.events.append(contentsOf: events.map { StepEvent(step: step, event: $0) })
        self.panel.append(contentsOf: panel)
    }

    func finish() throws {}
}

extension SweepDatabase {
    /// Creates the `events` and `panel` tables, as run.sqlite's (`RunDatabase`) with a
    /// leading `run_id`, when a first run brings rows for them.
    static func createRecordTables(_ db: Database) throws {
        try RunDatabase.createRecordTables(db, keyedByRun: true)
        try db.create(index: "events_run_step", on: "events", columns: ["run_id", "step"], ifNotExists: true)
        try db.create(index: "panel_run_citizen_step", on: "panel", columns: ["run_id", "citizen", "step"], ifNotExists: true)
    }

    /// Writes a run's events and panel rows (inside `record`'s transaction), replacing any
    /// rows of the same run.
    static func writeRecords(_ result: RunResult, _ db: Database) throws {
        for table in ["events", "panel"] where try db.tableExists(table) {
            try db.execute(sql: "DELETE FROM \(table) WHERE run_id = ?", arguments: [result.run.id])
        }
        guard !result.events.isEmpty || !result.panel.isEmpty else { return }
        try createRecordTables(db)
        let runID = result.run.id
        let insertEvent = try db.cachedStatement(sql: "INSERT INTO events (run_id, step, kind, citizen, other, reason, value) VALUES (?, ?, ?, ?, ?, ?, ?)")
        for e in result.events {
            let event = e.event
            try insertEvent.execute(arguments: [runID, e.step, event.kind.name, Int(event.citizen),
                                                event.other >= 0 ? Int(event.other) : nil, event.reasonText,
                                                event.value.isNaN ? nil : event.value])
        }
        let insertPanel = try db.cachedStatement(sql: """
            INSERT INTO panel (run_id, step, citizen, score, dissent, strategy, enrolled, tier, degree, ring, payoff, friends_mean_score)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for row in result.panel {
            try insertPanel.execute(arguments: [runID, row.step, row.citizen, row.score, row.dissent,
                                                RawEvent.strategyName(row.strategy), row.enrolled ? 1 : 0,
                                                RawEvent.tierName(row.tier), row.degree, row.ring, row.payoff,
                                                row.friendsMeanScore])
        }
    }
}
