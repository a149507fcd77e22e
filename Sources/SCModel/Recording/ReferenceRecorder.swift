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
    func finish() throws
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
    var events: [RawEvent] = []
    var panel: [PanelRow] = []
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
        events.removeAll(keepingCapacity: true)
        panel.removeAll(keepingCapacity: true)
        if enrolment {
            for i in 0..<pop.count where pop.enrolled[i] != previousEnrolled[i] {
                let now = pop.enrolled[i]
                let reason: EventReason = now == 0 ? .withdrawn : pop.joinedThisStep[i] != 0 ? .voluntary : .mandatory
                events.append(RawEvent(.enrolment, reason, citizen: i))
                previousEnrolled[i] = now
            }
        }
        if tiers {
            for i in 0..<pop.count where pop.tier[i] != previousTier[i] {
                events.append(RawEvent(.tier, .change, citizen: i, from: previousTier[i], to: pop.tier[i]))
                previousTier[i] = pop.tier[i]
            }
        }
        if let log = sim.eventLog { events.append(contentsOf: log.step) }
        if panelEvery > 0 && (t % panelEvery == 0 || t == loop.totalSteps - 1 || sim.isFinished) {
            for i in panelCitizens { panel.append(sim.panelRow(of: i)) }
        }
        guard !events.isEmpty || !panel.isEmpty else { return }
        do {
            try sink.record(step: t, events: events, panel: panel)
            eventCount += events.count
            panelRowCount += panel.count
        } catch {
            failure = error
        }
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
