/// The reference model's stream ids: the phases of a step, in MODEL.md section 3's order,
/// plus the initialisation tasks.
///
/// The raw value is part of every random stream's key, so these numbers must never be
/// reused or renumbered: doing so would change every run's output.
public enum Phase: UInt64, CaseIterable, Sendable {
    case policy = 0
    case adoption = 1
    case consumption = 2
    case expression = 3
    case opinion = 4
    case bills = 5
    case scoring = 6
    case tiers = 7
    case ties = 8
    case audit = 9
    case imitation = 10
    case observation = 11
    /// The authority's graph detector (MODEL.md 7.12), run after the audit.
    case detection = 12
    /// Informants' reports, after scoring (MODEL.md 7.13).
    case informants = 13
    /// Collective refusal's seeds and threshold rule, after imitation (MODEL.md 7.14).
    case refusal = 14
    /// The friendship market's trades and renewals, after the ties phase (MODEL.md 7.17).
    case market = 15
    /// Accounts taken over and recovered, after the policy phase (MODEL.md 7.18).
    case theft = 16
    /// Sybil farms: vendors' fake accounts caught, created, padded and sold, after
    /// expression (MODEL.md 7.19).
    case sybils = 17
    /// Traits drawn at initialisation (section 2).
    case initialTraits = 100
    /// The generated friendship network.
    case initialNetwork = 101
    /// Colluders' split into rings.
    case initialRings = 102
    /// The citizen panel's random sample (`output.panel.sample`), drawn once.
    case panelSample = 103
    /// Refusal thresholds, drawn once when refusal is on.
    case initialThresholds = 104
    /// Wages, drawn once when money is on.
    case initialWages = 105

    /// The stream id of this entry.
    public var streamID: StreamID { StreamID(rawValue, drawsRandomNumbers: drawsRandomNumbers) }

    /// The reference model's stream registry: every id above, with its phase's name. A
    /// phase added to the model claims a further id here (`Simulation.insertPhase`).
    public static var registry: StreamRegistry {
        var registry = StreamRegistry()
        for phase in allCases { try! registry.claim(phase.rawValue, for: "\(phase)") }
        return registry
    }

    /// Whether the phase draws random numbers; the others skip re-seeding, which for
    /// large-state generators (gfsr4, mt19937) costs more than the phase itself.
    public var drawsRandomNumbers: Bool {
        switch self {
        case .opinion, .scoring, .tiers, .observation, .policy: return false
        default: return true
        }
    }
}
