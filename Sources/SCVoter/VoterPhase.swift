import SCModel

/// The random streams of the adaptive voter model.
///
/// A stream key is (seed, step, phase, block). The model is sequential (each update sees
/// the one before), so each step draws from a single stream, block 0. The initial network
/// uses the reference model's `Phase.initialNetwork` key, so a scenario and seed give the
/// same starting graph in both models. The raw values are part of every key: never renumber.
public enum VoterPhase: UInt64, CaseIterable, Sendable {
    /// The sweep of N vertex updates that makes one step.
    case updates = 20
    /// Opinions drawn at initialisation.
    case initialOpinions = 120

    /// The key of the initial network, shared with the reference model.
    public static let initialNetwork = Phase.initialNetwork.rawValue
}
