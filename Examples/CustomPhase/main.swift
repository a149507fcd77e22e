// An example of embedding scsim: a new phase and a new time-series column added to the
// reference model from outside `Sources/`, through the `ScsimKit` library only.
//
// The phase, "amnesty", forgives part of the penalty of enrolled citizens below the
// penalty threshold: each of them, with probability `pardonProbability`, gets `pardon`
// points back. It runs block-parallel on its own random stream (id 1000, which no built-in
// phase uses), so the run stays the same on any thread count. The metric,
// `below_threshold_frac`, is the share of enrolled citizens below the threshold.
//
// Run: swift run scsim-example-custom-phase scenarios/tiny.yaml OUT_DIR [THREADS]
// It writes OUT_DIR/timeseries.csv with the reference model's columns and the new one last.

import Foundation
import ScsimKit

/// The amnesty: a `StepPhase` of the reference model.
struct AmnestyPhase: StepPhase {
    var pardonProbability = 0.2
    var pardon = 25.0

    var name: String { "amnesty" }
    var stream: StreamID { StreamID(1000) }

    func run(_ simulation: Simulation, step: Int) {
        let population = simulation.population
        let threshold = simulation.parameters.penaltyThreshold
        let ceiling = simulation.parameters.scoreMax
        // Each block draws from its own stream and writes only its own citizens.
        simulation.forEachBlock(step: step, stream: stream) { block in
            for i in block.citizens where population.isEnrolled(i) && population.score(of: i) < threshold {
                if block.random.uniform() < pardonProbability {
                    population.setScore(min(ceiling, population.score(of: i) + pardon), of: i)
                }
            }
        }
    }
}

/// The share of enrolled citizens whose score is below the penalty threshold.
let belowThreshold = Metric<ReferenceRow>(
    "below_threshold_frac", label: "below the penalty threshold", unit: "share of enrolled",
    "Enrolled citizens with a score below tiers.penaltyThreshold / enrolled citizens (after the amnesty).") { row in
    let population = row.simulation.population
    let threshold = row.simulation.parameters.penaltyThreshold
    var below = 0
    for i in 0..<population.count where population.isEnrolled(i) && population.score(of: i) < threshold { below += 1 }
    return ReferenceRow.fraction(below, row.enrolled)
}

let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    FileHandle.standardError.write(Data("usage: scsim-example-custom-phase SCENARIO OUT_DIR [THREADS]\n".utf8))
    exit(2)
}
do {
    ScsimKit.registerBuiltInModels()
    let scenario = try ScenarioLoader.load(path: arguments[1])
    let simulation = try Simulation(parameters: scenario.parameters, threads: arguments.count > 3 ? Int(arguments[3]) ?? 1 : 1)
    try simulation.insertPhase(AmnestyPhase(), after: "scoring")
    try simulation.addMetric(belowThreshold)

    try FileManager.default.createDirectory(atPath: arguments[2], withIntermediateDirectories: true)
    let writer = try TimeSeriesWriter(path: arguments[2] + "/timeseries.csv", columns: simulation.columnNames)
    let loop = SimulationLoop(model: simulation, totalSteps: scenario.parameters.steps)
    try loop.run { report in
        if let row = report.row { try writer.write(values: row) }
    }
    try writer.finish()
    print("wrote \(writer.rowsWritten) rows of \(simulation.columnNames.count) columns; phases: \(simulation.phases.map(\.name).joined(separator: ", "))")
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(2)
}
