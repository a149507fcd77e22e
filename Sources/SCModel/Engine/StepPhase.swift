/// A random-stream id: part of every stream key (seed, step, stream, block), so a phase's
/// draws are its own and do not move when another phase is added or removed.
///
/// Each model declares its ids in one registry (the reference model's is `Phase`, the
/// adaptive voter model's `VoterPhase`); a test fails when two of a model's phases share
/// one. Ids are part of the output: never renumber one.
public struct StreamID: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt64
    /// Whether the phase draws random numbers; the others skip re-seeding, which for
    /// large-state generators (gfsr4, mt19937) costs more than the phase itself.
    public let drawsRandomNumbers: Bool

    public init(_ rawValue: UInt64, drawsRandomNumbers: Bool = true) {
        self.rawValue = rawValue
        self.drawsRandomNumbers = drawsRandomNumbers
    }

    public var description: String { String(rawValue) }
}

/// One phase of a model's step: a value in the model's ordered phase list.
///
/// The contract (MODEL.md section 3, "Scheduling"): a phase either runs over the model's
/// fixed blocks of agents in parallel (for the reference model
/// `Simulation.forEachBlock(step:stream:_:)`), each block drawing only from the stream keyed
/// (seed, step, `stream`, block) and writing only its own agents, with reductions summed in
/// block order; or it is a short sequential pass in ascending agent order. Either way its
/// effect depends on the scenario and seed, never on the thread count.
///
/// A new mechanic is a new file with a type conforming to this protocol, plus one line in
/// the model's phase list (or one `insertPhase` call from code that embeds the engine).
public protocol StepPhase<Model> {
    associatedtype Model: AnyObject
    /// The phase's name in timings (`scsim bench --phases`) and in error messages.
    var name: String { get }
    /// The random stream the phase draws from.
    var stream: StreamID { get }
    /// Runs the phase for step `step` (the step being run, from 0).
    func run(_ model: Model, step: Int)
}

/// A phase list that cannot be run as asked.
public struct PhaseListError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// The stream ids a model has given out, to refuse a second phase on the same stream.
public struct StreamRegistry: Sendable, Equatable {
    /// Ids with the name of who holds them.
    public private(set) var holders: [(id: UInt64, name: String)] = []

    public init() {}

    public static func == (a: StreamRegistry, b: StreamRegistry) -> Bool {
        a.holders.map(\.id) == b.holders.map(\.id) && a.holders.map(\.name) == b.holders.map(\.name)
    }

    /// Records `id` for `name`.
    ///
    /// - Throws: `PhaseListError` when the id is already held.
    public mutating func claim(_ id: UInt64, for name: String) throws {
        if let holder = holders.first(where: { $0.id == id }) {
            throw PhaseListError("stream id \(id) of '\(name)' is already used by '\(holder.name)'; pick an unused id (the model's registry lists the used ones)")
        }
        holders.append((id, name))
    }

    /// Whether `id` is held.
    public func contains(_ id: UInt64) -> Bool { holders.contains { $0.id == id } }
}
