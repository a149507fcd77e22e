import SCRandom

/// One citizen's state after a step (a row of the `panel` table).
public struct PanelRow: Equatable, Sendable {
    public var step: Int
    public var citizen: Int
    /// S_i; nil outside the system (as in a snapshot's citizens.csv).
    public var score: Double?
    public var dissent: Double
    public var strategy: UInt8
    public var enrolled: Bool
    public var tier: UInt8
    public var degree: Int
    /// Ring id, nil outside a ring.
    public var ring: Int?
    /// Pi_i = S_i - imitation.gamingCost x gaming actions this step (MODEL.md 7.10); nil
    /// outside the system.
    public var payoff: Double?
    /// Mean score of the citizen's enrolled friends; nil with none.
    public var friendsMeanScore: Double?
}

/// Where a `ReferenceRecorder` sends each step's events and panel rows (SCOutput's
/// `RunDatabase` writes them to run.sqlite).
public protocol RecordSink: AnyObject {
    /// Called once per step that has anything to record, steps ascending.
    func record(step: Int, events: [RawEvent], panel: [PanelRow]) throws
    /// Takes a step's filled batch and returns an empty one for the next step. A sink that
    /// writes on another thread keeps `batch` until it is written and hands back one it has
    /// finished with (double buffering); the default records `batch`'s rows through
    /// `record(step:events:panel:)` at once and hands the same batch back.
    func record(_ batch: RecordBatch) throws -> RecordBatch
    /// Makes everything recorded so far durable, before a checkpoint claims it (the
    /// default does nothing: a sink that writes as it goes has nothing pending).
    func flush() throws
    func finish() throws
}

extension RecordSink {
    public func record(_ batch: RecordBatch) throws -> RecordBatch {
        try record(step: batch.step, events: batch.events, panel: batch.panelRows)
        return batch
    }

    public func flush() throws {}
}

/// One step's events and panel rows, the panel as columns: filled by `ReferenceRecorder`
/// into preallocated arrays (kept between steps) and handed to a `RecordSink`.
public final class RecordBatch: @unchecked Sendable {
    /// The panel rows as columns. Absent values are NaN in the real columns (`score`,
    /// `payoff`, `friendsMeanScore`) and -1 in `ring`; SQLite stores a NaN bound as a real
    /// as NULL, so these are the NULLs of the panel table either way.
    public struct PanelColumns: Sendable {
        public internal(set) var citizen: [Int32] = []
        public internal(set) var score: [Double] = []
        public internal(set) var dissent: [Double] = []
        public internal(set) var strategy: [UInt8] = []
        public internal(set) var enrolled: [UInt8] = []
        public internal(set) var tier: [UInt8] = []
        public internal(set) var degree: [Int32] = []
        public internal(set) var ring: [Int32] = []
        public internal(set) var payoff: [Double] = []
        public internal(set) var friendsMeanScore: [Double] = []

        public var count: Int { citizen.count }

        mutating func reserve(_ n: Int) {
            citizen.reserveCapacity(n); score.reserveCapacity(n); dissent.reserveCapacity(n); strategy.reserveCapacity(n)
            enrolled.reserveCapacity(n); tier.reserveCapacity(n); degree.reserveCapacity(n); ring.reserveCapacity(n)
            payoff.reserveCapacity(n); friendsMeanScore.reserveCapacity(n)
        }

        mutating func removeAll() {
            citizen.removeAll(keepingCapacity: true); score.removeAll(keepingCapacity: true)
            dissent.removeAll(keepingCapacity: true); strategy.removeAll(keepingCapacity: true)
            enrolled.removeAll(keepingCapacity: true); tier.removeAll(keepingCapacity: true)
            degree.removeAll(keepingCapacity: true); ring.removeAll(keepingCapacity: true)
            payoff.removeAll(keepingCapacity: true); friendsMeanScore.removeAll(keepingCapacity: true)
        }

        mutating func append(_ row: PanelRow) {
            citizen.append(Int32(truncatingIfNeeded: row.citizen)); score.append(row.score ?? .nan)
            dissent.append(row.dissent); strategy.append(row.strategy); enrolled.append(row.enrolled ? 1 : 0)
            tier.append(row.tier); degree.append(Int32(truncatingIfNeeded: row.degree))
            ring.append(row.ring.map { Int32(truncatingIfNeeded: $0) } ?? -1)
            payoff.append(row.payoff ?? .nan); friendsMeanScore.append(row.friendsMeanScore ?? .nan)
        }

        /// Row `k` as a value, for `step`.
        public func row(_ k: Int, step: Int) -> PanelRow {
            func optional(_ x: Double) -> Double? { x.isNaN ? nil : x }
            return PanelRow(step: step, citizen: Int(citizen[k]), score: optional(score[k]), dissent: dissent[k], strategy: strategy[k],
                            enrolled: enrolled[k] != 0, tier: tier[k], degree: Int(degree[k]), ring: ring[k] >= 0 ? Int(ring[k]) : nil,
                            payoff: optional(payoff[k]), friendsMeanScore: optional(friendsMeanScore[k]))
        }
    }

    public internal(set) var step = 0
    public internal(set) var events: [RawEvent] = []
    public internal(set) var panel = PanelColumns()

    /// An empty batch with room for `panelCapacity` panel rows.
    public init(panelCapacity: Int = 0) {
        panel.reserve(panelCapacity)
    }

    /// A batch holding `events` and `panel` of `step`.
    public convenience init(step: Int, events: [RawEvent], panel: [PanelRow]) {
        self.init(panelCapacity: panel.count)
        self.step = step
        self.events = events
        for row in panel { self.panel.append(row) }
    }

    /// Panel rows held.
    public var panelCount: Int { panel.count }
    public var isEmpty: Bool { events.isEmpty && panel.count == 0 }

    /// Empties the batch for `step`, keeping its capacity.
    func reset(step: Int) {
        self.step = step
        events.removeAll(keepingCapacity: true)
        panel.removeAll()
    }

    /// Every panel row, as values.
    public var panelRows: [PanelRow] {
        let columns = panel, step = self.step
        return (0..<columns.count).map { columns.row($0, step: step) }
    }

    /// Appends the panel rows of `citizens` after the step just run: the values
    /// `Simulation.panelRow(of:)` gives, with the friends' mean score summed in the same
    /// order, written column by column (the columns are moved out of the batch while they
    /// are filled, so the loop pays no exclusivity checks).
    func appendPanel(of citizens: [Int], _ sim: Simulation) {
        let pop = sim.population, cost = sim.parameters.gamingCost
        var p = panel
        panel = PanelColumns()
        defer { panel = p }
        sim.graph.withAdjacency { adj in
            for i in citizens {
                let isEnrolled = pop.enrolled[i] != 0
                let friends = adj.neighbors(i)
                var sum = 0.0, count = 0
                for j in friends where pop.enrolled[Int(j)] != 0 {
                    sum += pop.score[Int(j)]
                    count += 1
                }
                let s = pop.score[i]
                p.citizen.append(Int32(truncatingIfNeeded: i))
                p.score.append(isEnrolled ? s : .nan)
                p.dissent.append(pop.dissent[i])
                p.strategy.append(pop.strategy[i])
                p.enrolled.append(isEnrolled ? 1 : 0)
                p.tier.append(pop.tier[i])
                p.degree.append(Int32(truncatingIfNeeded: friends.count))
                p.ring.append(pop.ring[i] >= 0 ? Int32(truncatingIfNeeded: pop.ring[i]) : -1)
                p.payoff.append(isEnrolled ? ImitationRule.payoff(score: s, gamingActions: Int(pop.gamingActions[i]), cost: cost) : .nan)
                p.friendsMeanScore.append(count > 0 ? sum / Double(count) : .nan)
            }
        }
    }
}

/// Records the reference model's event log and citizen panel after each step, for
/// `output.events` and `output.panel.*`.
///
/// Enrolment and tier changes are found here, by comparing enrolment and tiers with the
/// previous step's (so the phases pay nothing for them); the other events come from the
/// model's `EventLog`. A step's events are in phase order: enrolment (mandatory, phase 0,
/// and voluntary, phase 1, in citizen order), tier changes (phase 7), tie removals and
/// additions (phase 8), audits with the strategy changes and ring leaves of reform
/// (phase 9), imitation's strategy changes, then its ring leaves, joins and ring ties
/// (phase 10).
public final class ReferenceRecorder: StepRecorder {
    public let simulation: Simulation
    let sink: RecordSink
    let enrolment: Bool
    let tiers: Bool
    let panelEvery: Int
    /// Panel citizens, ascending.
    public let panelCitizens: [Int]
    var previousEnrolled: [UInt8]
    var previousTier: [UInt8]
    /// The batch being filled (the sink hands back an empty one for each step).
    var batch: RecordBatch
    var failure: Error?
    /// Events and panel rows handed to the sink so far.
    public private(set) var eventCount = 0
    public private(set) var panelRowCount = 0

    /// A recorder for what `simulation.parameters` asks (nil when it asks for nothing).
    public static func make(for simulation: Simulation, sink: () throws -> RecordSink) rethrows -> ReferenceRecorder? {
        let p = simulation.parameters
        guard !p.eventCategories.isEmpty || p.panelEvery > 0 else { return nil }
        return ReferenceRecorder(simulation: simulation, sink: try sink())
    }

    public init(simulation: Simulation, sink: RecordSink) {
        self.simulation = simulation
        self.sink = sink
        let p = simulation.parameters
        enrolment = p.eventCategories.contains(EventCategory.enrolment.rawValue)
        tiers = p.eventCategories.contains(EventCategory.tiers.rawValue)
        panelEvery = p.panelEvery
        panelCitizens = panelEvery > 0 ? Self.panelCitizens(p) : []
        let pop = simulation.population
        previousEnrolled = enrolment ? (0..<pop.count).map { pop.enrolled[$0] } : []
        previousTier = tiers ? (0..<pop.count).map { pop.tier[$0] } : []
        batch = RecordBatch(panelCapacity: panelCitizens.count)
    }

    /// The panel's citizens: `output.panel.ids` when it lists any; otherwise a sample of
    /// `output.panel.sample` drawn by shuffling the ids on the stream (seed, step 2^32 - 1,
    /// `Phase.panelSample`, block 0) and keeping the first, ascending; otherwise everyone.
    public static func panelCitizens(_ p: ModelParameters) -> [Int] {
        if let ids = p.panelCitizenIDs, !ids.isEmpty { return ids }
        let n = p.populationSize
        guard p.panelSample > 0, p.panelSample < n else { return Array(0..<n) }
        let random = RandomStream(kind: p.generator, key: StreamKey(seed: UInt64(p.seed), step: StreamKey.initialisationStep,
                                                                  phase: Phase.panelSample.rawValue, block: 0))
        var ids = (0..<n).map { Int32($0) }
        random.shuffle(&ids)
        return ids[0..<p.panelSample].map { Int($0) }.sorted()
    }

    public func afterStep(_ loop: SimulationLoop) {
        guard failure == nil else { return }
        let sim = simulation, pop = sim.population
        let t = sim.step - 1
        let batch = self.batch
        batch.reset(step: t)
        if enrolment {
            for i in 0..<pop.count where pop.enrolled[i] != previousEnrolled[i] {
                let now = pop.enrolled[i]
                let reason: EventReason = now == 0 ? .withdrawn : pop.joinedThisStep[i] != 0 ? .voluntary : .mandatory
                batch.events.append(RawEvent(.enrolment, reason, citizen: i))
                previousEnrolled[i] = now
            }
        }
        if tiers {
            for i in 0..<pop.count where pop.tier[i] != previousTier[i] {
                batch.events.append(RawEvent(.tier, .change, citizen: i, from: previousTier[i], to: pop.tier[i]))
                previousTier[i] = pop.tier[i]
            }
        }
        if let log = sim.eventLog { batch.events.append(contentsOf: log.step) }
        if panelEvery > 0 && (t % panelEvery == 0 || t == loop.totalSteps - 1 || sim.isFinished) {
            batch.appendPanel(of: panelCitizens, sim)
        }
        guard !batch.isEmpty else { return }
        let events = batch.events.count, panelRows = batch.panelCount
        do {
            self.batch = try sink.record(batch)
            eventCount += events
            panelRowCount += panelRows
        } catch {
            failure = error
        }
    }

    /// Throws the failure of an earlier step's recording, if any (the run stops at once
    /// instead of computing on with nothing recorded).
    public func checkFailure() throws {
        if let failure { throw failure }
    }

    /// Makes what the sink holds durable (before a checkpoint claims it); reports a
    /// failure of an earlier step.
    public func flush() throws {
        if let failure { throw failure }
        try sink.flush()
    }

    public func finish() throws {
        if let failure { throw failure }
        try sink.finish()
    }
}

extension Simulation {
    /// Citizen `i`'s panel row after the step just run.
    public func panelRow(of i: Int) -> PanelRow {
        let pop = population
        let enrolled = pop.enrolled[i] != 0
        var sum = 0.0, count = 0
        graph.withAdjacency { adj in
            for j in adj.neighbors(i) where pop.enrolled[Int(j)] != 0 {
                sum += pop.score[Int(j)]
                count += 1
            }
        }
        let score = pop.score[i]
        return PanelRow(step: step - 1, citizen: i, score: enrolled ? score : nil, dissent: pop.dissent[i], strategy: pop.strategy[i],
                        enrolled: enrolled, tier: pop.tier[i], degree: graph.degree(of: i), ring: pop.ring[i] >= 0 ? Int(pop.ring[i]) : nil,
                        payoff: enrolled ? ImitationRule.payoff(score: score, gamingActions: Int(pop.gamingActions[i]), cost: parameters.gamingCost) : nil,
                        friendsMeanScore: count > 0 ? sum / Double(count) : nil)
    }
}
