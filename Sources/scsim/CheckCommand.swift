import ArgumentParser
import Foundation
import SCModel
import SCNetwork
import SCScenario

/// `scsim check`: validates a scenario without running it, including the edge list of an
/// `edge_list` network, which is read (every bad line listed, up to a limit) as `run`
/// would read it.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate a scenario file and its edge list, if any (exit 0 when valid, 2 with every problem listed when not)."
    )

    @Argument(help: "Scenario file (YAML).")
    var scenario: String

    @Option(name: .customLong("set"), help: ArgumentHelp("Set a scenario key, e.g. --set score.eta=0.6 (repeatable).", valueName: "key.path=value"))
    var assignments: [String] = []

    @Flag(help: "Print the scenario as resolved, with every default filled in, as YAML.")
    var resolved = false

    func run() throws {
        let loaded = try ScenarioLoader.load(path: scenario, overrides: assignments)
        let p = loaded.parameters
        // What `run` would refuse on this machine, `check` refuses too.
        if let problem = MemoryEstimate.problem(for: p) { throw BadInput(description: "\(scenario): \(problem)") }
        var network = p.networkGenerator.rawValue
        if p.networkGenerator == .edgeList {
            let graph = try EdgeListReader.read(path: p.networkPath, nodeCount: p.populationSize)
            network += " (\(graph.edgeCount) ties from \(p.networkPath))"
        }
        RunCommand.printWarnings(loaded.warnings)
        if resolved {
            print(ScenarioSerializer.yaml(p), terminator: "")
        } else {
            print("ok: \(scenario): '\(p.name)', \(p.populationSize) citizens, \(p.steps) steps, network \(network), seed \(p.seed), \(p.timeline.count) timeline event(s)")
        }
    }
}
