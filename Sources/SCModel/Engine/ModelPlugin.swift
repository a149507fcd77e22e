import Foundation
import Synchronization

/// A model the engine can run: everything the shared modules (scenario loading, output,
/// experiments, CLI) need, so that none of them names a particular model.
///
/// A model supplies, in its own module: its scenario keys (`parameterSpecs`) and the rules
/// that span them, a factory, and optionally its checkpoint hooks. Its phases, metrics and
/// stream ids are the model's own business, reached through `SimulationModel`. A model is
/// registered once per process (`ModelRegistry.register`).
public protocol ModelPlugin: SendableMetatype {
    /// The value of the scenario key `model` that selects it.
    static var name: String { get }
    /// One line for `scsim keys` and `docs/SCENARIO_KEYS.md`.
    static var summary: String { get }
    /// Scenario keys of this model only (the shared keys are `ParameterCatalog.shared`).
    static var parameterSpecs: [ParameterSpec] { get }
    /// The model's time-series columns, in CSV order (without building a model).
    static var metricDefinitions: [MetricDefinition] { get }
    /// Rules spanning several keys, checked when this model is selected.
    static func consistencyProblems(_ parameters: ModelParameters) -> [ConsistencyProblem]
    /// The model at step 0.
    ///
    /// - Throws: `EdgeListError` when an edge-list network cannot be read.
    static func make(_ parameters: ModelParameters, threads: Int) throws -> any SimulationModel
    /// The first bytes of this model's checkpoints (nil: it keeps none).
    static var checkpointMagic: [UInt8]? { get }
    /// A checkpoint of `model`, carrying the caller's `extra` (nil: the model keeps none).
    static func checkpoint(_ model: any SimulationModel, extra: [String: Any]) throws -> Data?
    /// The model restored from one of its checkpoints, with the caller's `extra`;
    /// `adjust` may change parameters (the horizon) before it is built.
    static func restore(_ data: Data, threads: Int, adjust: (inout ModelParameters) throws -> Void) throws
        -> (model: any SimulationModel, extra: [String: Any])
}

extension ModelPlugin {
    public static var parameterSpecs: [ParameterSpec] { [] }
    public static func consistencyProblems(_ parameters: ModelParameters) -> [ConsistencyProblem] { [] }
    public static var checkpointMagic: [UInt8]? { nil }
    public static func checkpoint(_ model: any SimulationModel, extra: [String: Any]) throws -> Data? { nil }
    public static func restore(_ data: Data, threads: Int, adjust: (inout ModelParameters) throws -> Void) throws
        -> (model: any SimulationModel, extra: [String: Any]) {
        throw ArchiveError("the \(name) model keeps no checkpoints")
    }
}

/// The models this process can run: the reference model always, others once registered
/// (the CLI registers the adaptive voter model at start-up; code that embeds the engine
/// registers its own).
public enum ModelRegistry {
    private static let models = Mutex<[any ModelPlugin.Type]>([ReferenceModel.self])

    /// Adds a model (a second registration of the same name is ignored).
    public static func register(_ model: any ModelPlugin.Type) {
        models.withLock { list in
            if !list.contains(where: { $0.name == model.name }) { list.append(model) }
        }
    }

    /// Every registered model, the reference model first.
    public static var all: [any ModelPlugin.Type] { models.withLock { $0 } }

    /// Names accepted by the scenario key `model`.
    public static var names: [String] { all.map { $0.name } }

    /// The model registered under `name`.
    public static func plugin(named name: String) -> (any ModelPlugin.Type)? { all.first { $0.name == name } }

    /// The model a scenario selects, at step 0.
    ///
    /// - Throws: `EdgeListError` for an unreadable edge list; `PhaseListError` for a model
    ///   that is not registered (the scenario reader refuses those first).
    public static func make(_ parameters: ModelParameters, threads: Int) throws -> any SimulationModel {
        guard let plugin = plugin(named: parameters.model) else {
            throw PhaseListError("no model named '\(parameters.model)' is registered; known: \(names.joined(separator: ", "))")
        }
        return try plugin.make(parameters, threads: threads)
    }

    /// The model whose checkpoint `data` is.
    public static func plugin(forCheckpoint data: Data) -> (any ModelPlugin.Type)? {
        all.first { plugin in plugin.checkpointMagic.map { data.starts(with: $0) } ?? false }
    }
}

/// The reference model of MODEL.md as a plug-in: `Simulation`, its phases
/// (`ReferencePhases`), metrics (`ReferenceMetrics`), streams (`Phase`) and checkpoints.
public enum ReferenceModel: ModelPlugin {
    public static var name: String { "reference" }
    public static var summary: String { "the reference model of docs/MODEL.md" }
    public static var metricDefinitions: [MetricDefinition] { ReferenceMetrics.standard.map(\.definition) }
    public static func make(_ parameters: ModelParameters, threads: Int) throws -> any SimulationModel {
        try Simulation(parameters: parameters, threads: threads)
    }
    public static var checkpointMagic: [UInt8]? { Checkpoint.magic }
    public static func checkpoint(_ model: any SimulationModel, extra: [String: Any]) throws -> Data? {
        guard let simulation = model as? Simulation else { return nil }
        return try Checkpoint.encode(simulation, extra: extra)
    }
    public static func restore(_ data: Data, threads: Int, adjust: (inout ModelParameters) throws -> Void) throws
        -> (model: any SimulationModel, extra: [String: Any]) {
        let restored = try Checkpoint.decode(data, threads: threads, adjust: adjust)
        return (restored.simulation, restored.extra)
    }
}

/// A model that can write a snapshot of its agents and network.
public protocol SnapshotWritable: SimulationModel {
    /// Writes `runFolder/snapshots/step-NNNNNN/`, stamped with `identity`.
    func writeSnapshot(runFolder: String, identity: [String: Any]) throws
}
