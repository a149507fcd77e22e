@_exported import SCModel
@_exported import SCNetwork
@_exported import SCOutput
@_exported import SCRandom
@_exported import SCScenario
@_exported import SCVoter

/// scsim as a library: load a scenario, build its model, step it through the run loop,
/// read its metrics, and add phases or metrics of your own.
///
/// ```swift
/// import ScsimKit
///
/// ScsimKit.registerBuiltInModels()
/// let scenario = try ScenarioLoader.load(path: "scenarios/tiny.yaml")
/// let simulation = try Simulation(parameters: scenario.parameters)
/// try simulation.insertPhase(MyPhase(), after: "ties")
/// try simulation.addMetric(Metric("my_metric", label: "...", unit: "...", "...") { row in .integer(row.enrolled) })
/// let loop = SimulationLoop(model: simulation, totalSteps: scenario.parameters.steps)
/// loop.run { report in if let row = report.row { print(row) } }
/// ```
///
/// `Examples/CustomPhase` is a runnable version that CI builds and runs.
public enum ScsimKit {
    /// Registers the models that ship with scsim (the reference model is always there; this
    /// adds the adaptive voter model). Safe to call more than once.
    public static func registerBuiltInModels() {
        ModelRegistry.register(VoterModel.self)
    }
}
