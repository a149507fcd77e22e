/// What `output.events` can switch on.
public enum EventCategory: String, CaseIterable, Sendable {
    case ties, audits, strategies, enrolment, tiers, market, theft, sybils

    /// The words `output.events` takes, in order.
    public static var names: [String] { allCases.map(\.rawValue) }

    /// One line for `scsim keys`.
    public var summary: String {
        switch self {
        case .ties: return "tie_added (proposal, triadic, ring_join) and tie_removed (drift, unfriend with the score gap)"
        case .audits: return "audit: clean, missed, caught or reformed, with the penalty"
        case .strategies: return "strategy changes (from->to, whom it imitated) and ring joins and leaves"
        case .enrolment: return "enrolment: voluntary or mandatory"
        case .tiers: return "tier changes, from->to"
        case .market: return "trade: bought, renewed or ended, buyer and seller, with the price (MODEL.md 7.17)"
        case .theft: return "theft: taken (with the score), recovered (with the score lost) (MODEL.md 7.18)"
        case .sybils: return "sybil: created (with the score), sold (the buyer, with the price), caught (with the score); the sybil is the citizen column (MODEL.md 7.19)"
        }
    }
}

/// The kind of a logged event (the `kind` column of `events`).
public enum EventKind: UInt8, CaseIterable, Sendable {
    case enrolment, tier, tieRemoved, tieAdded, audit, strategy, ring, trade, theft, sybil

    public var name: String {
        switch self {
        case .enrolment: return "enrolment"
        case .tier: return "tier"
        case .tieRemoved: return "tie_removed"
        case .tieAdded: return "tie_added"
        case .audit: return "audit"
        case .strategy: return "strategy"
        case .ring: return "ring"
        case .trade: return "trade"
        case .theft: return "theft"
        case .sybil: return "sybil"
        }
    }
}

/// Why an event happened (the `reason` column, with the from->to kinds spelt out from
/// `from` and `to`).
public enum EventReason: UInt8, Sendable {
    /// Tie removed: the drift trial of the lower-numbered end; unfriending (value: S_i - S_j).
    case drift, unfriend
    /// Tie added: a proposal to a random citizen, to a friend of a friend, or by joining a
    /// ring (value: the ring id).
    case proposal, triadic, ringJoin
    /// Audit outcomes: did not game; gamed but not detected; caught; caught and reformed.
    case clean, missed, caught, reformed
    /// Enrolment.
    case voluntary, mandatory, withdrawn
    /// Strategy and tier changes: `from` -> `to`.
    case change
    /// Ring membership (value: the ring id).
    case join, leave
    /// The friendship market (value: the price): a tie bought (also the reason of its
    /// tie_added), renewed, or ended (also the reason of its tie_removed).
    case bought, renewed, ended
    /// Stolen accounts: taken (value: the score), recovered (value: the score lost).
    case taken, recovered
    /// Sybil farms: a sybil created (value: its score), sold as a friend (also the reason
    /// of its tie_added; value: the price); a sybil caught reuses `caught` (and is the
    /// reason of the tie_removed of its ties).
    case created, sold

    public var name: String {
        switch self {
        case .drift: return "drift"
        case .unfriend: return "unfriend"
        case .proposal: return "proposal"
        case .triadic: return "triadic"
        case .ringJoin: return "ring_join"
        case .clean: return "clean"
        case .missed: return "missed"
        case .caught: return "caught"
        case .reformed: return "reformed"
        case .voluntary: return "voluntary"
        case .mandatory: return "mandatory"
        case .withdrawn: return "withdrawn"
        case .change: return "change"
        case .join: return "join"
        case .leave: return "leave"
        case .bought: return "bought"
        case .renewed: return "renewed"
        case .ended: return "ended"
        case .taken: return "taken"
        case .recovered: return "recovered"
        case .created: return "created"
        case .sold: return "sold"
        }
    }
}

/// One logged event, as recorded during the step (24 bytes).
public struct RawEvent: Equatable, Sendable {
    public var kind: EventKind
    public var reason: EventReason
    /// Strategy or tier before and after, for changes.
    public var from: UInt8
    public var to: UInt8
    public var citizen: Int32
    /// The other citizen, -1 for none.
    public var other: Int32
    /// NaN for none.
    public var value: Double

    @inlinable
    public init(_ kind: EventKind, _ reason: EventReason, citizen: Int, other: Int = -1, value: Double = .nan, from: UInt8 = 0, to: UInt8 = 0) {
        self.kind = kind
        self.reason = reason
        self.from = from
        self.to = to
        self.citizen = Int32(truncatingIfNeeded: citizen)
        self.other = Int32(truncatingIfNeeded: other)
        self.value = value
    }

    public static func == (a: RawEvent, b: RawEvent) -> Bool {
        a.kind == b.kind && a.reason == b.reason && a.from == b.from && a.to == b.to && a.citizen == b.citizen && a.other == b.other
            && a.value.bitPattern == b.value.bitPattern
    }

    /// The `reason` column's text.
    public var reasonText: String {
        switch kind {
        case .strategy: return Self.strategyName(from) + "->" + Self.strategyName(to)
        case .tier: return Self.tierName(from) + "->" + Self.tierName(to)
        default: return reason.name
        }
    }

    public static func strategyName(_ code: UInt8) -> String {
        Strategy(rawValue: code).map { "\($0)" } ?? "\(code)"
    }

    public static func tierName(_ code: UInt8) -> String {
        switch code {
        case Tier.benefit.rawValue: return "benefit"
        case Tier.penalty.rawValue: return "penalty"
        default: return "none"
        }
    }
}

/// A block's events, appended by the worker running the block only.
final class EventBuffer {
    var events: [RawEvent] = []
    init() { events.reserveCapacity(64) }
}

/// The events of the step being run, gathered by the phases while `output.events` asks for
/// them (`Simulation.eventLog` is nil otherwise, and each event site is one branch on it).
///
/// Block-parallel phases append to one buffer per block, preallocated and reused; the
/// sequential part after the phase appends the buffers in block order, so the log does not
/// depend on the thread count. Tie changes are proposed per block and then deduplicated
/// (a tie drifted and unfriended in one step is removed once): removals, then additions,
/// each in ascending (smaller id, larger id) order, as they are applied. Enrolment and
/// tier changes are not gathered here: the recorder finds them by comparing the state
/// with the previous step's (`ReferenceRecorder`).
public final class EventLog {
    public let ties: Bool
    public let audits: Bool
    public let strategies: Bool
    public let market: Bool
    public let theft: Bool
    public let sybils: Bool
    /// Per block: tie changes proposed by the ties phase (before deduplication).
    let tieBlocks: [EventBuffer]
    /// Per block: audit and strategy events of the running phase.
    let blocks: [EventBuffer]
    /// This step's events so far, in phase order.
    public private(set) var step: [RawEvent] = []

    init(categories: [String], blockCount: Int) {
        ties = categories.contains(EventCategory.ties.rawValue)
        audits = categories.contains(EventCategory.audits.rawValue)
        strategies = categories.contains(EventCategory.strategies.rawValue)
        market = categories.contains(EventCategory.market.rawValue)
        theft = categories.contains(EventCategory.theft.rawValue)
        sybils = categories.contains(EventCategory.sybils.rawValue)
        tieBlocks = (0..<blockCount).map { _ in EventBuffer() }
        blocks = (0..<blockCount).map { _ in EventBuffer() }
    }

    /// Whether a phase gathers anything into the block buffers.
    var gathersAuditsOrStrategies: Bool { audits || strategies }

    func beginStep() {
        step.removeAll(keepingCapacity: true)
    }

    func append(_ event: RawEvent) { step.append(event) }

    /// Moves the block buffers' events to the step's list, in block order.
    func flushBlocks() {
        for buffer in blocks {
            step.append(contentsOf: buffer.events)
            buffer.events.removeAll(keepingCapacity: true)
        }
    }

    /// The ties phase's proposals, deduplicated: each removed tie once (the first of its
    /// proposals by (acting citizen, reason)), then each added tie once, in key order.
    func flushTies() {
        var removed: [(key: UInt64, event: RawEvent)] = []
        var added: [(key: UInt64, event: RawEvent)] = []
        for buffer in tieBlocks {
            for e in buffer.events {
                let entry = (key: edgeKey(Int(e.citizen), Int(e.other)), event: e)
                if e.kind == .tieRemoved { removed.append(entry) } else { added.append(entry) }
            }
            buffer.events.removeAll(keepingCapacity: true)
        }
        for var list in [removed, added] {
            list.sort { a, b in
                if a.key != b.key { return a.key < b.key }
                if a.event.citizen != b.event.citizen { return a.event.citizen < b.event.citizen }
                return a.event.reason.rawValue < b.event.reason.rawValue
            }
            var previous = UInt64.max
            for entry in list where entry.key != previous {
                previous = entry.key
                step.append(entry.event)
            }
        }
    }
}
