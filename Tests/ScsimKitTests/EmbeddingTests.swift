import Foundation
import ScsimKit
import Testing

/// The library as an embedder uses it: scenario in, phases and metrics added, the run loop
/// driven from outside.
@Suite struct EmbeddingTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func tiny() throws -> ModelParameters {
        ScsimKit.registerBuiltInModels()
        return try ScenarioLoader.load(path: root.appendingPathComponent("scenarios/tiny.yaml").path).parameters
    }

    /// Every row of a run as CSV text, header first.
    static func csv(_ simulation: Simulation, steps: Int, during: (SimulationLoop) throws -> Void = { _ in }) rethrows -> String {
        var lines = [simulation.columnNames.joined(separator: ",")]
        let loop = SimulationLoop(model: simulation, totalSteps: steps)
        while !loop.isDone {
            try during(loop)
            if let row = loop.step().row { lines.append(TimeSeriesWriter.format(row)) }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A phase that draws on its own stream for every citizen and changes nothing.
    struct DrawingNoOp: StepPhase {
        var stream: StreamID
        var name: String { "noop" }
        func run(_ simulation: Simulation, step: Int) {
            simulation.forEachBlock(step: step, stream: stream) { block in
                for _ in block.citizens { _ = block.random.uniform() }
            }
        }
    }

    @Test func theLoopReproducesTheGoldenRun() throws {
        let golden = try String(contentsOf: Self.root.appendingPathComponent("Tests/scsimTests/Golden/tiny.csv"), encoding: .utf8)
        let p = try Self.tiny()
        #expect(try Self.csv(Simulation(parameters: p), steps: p.steps) == golden)
    }

    /// A phase with a stream of its own leaves every other phase's draws where they were.
    @Test(arguments: [1, 2])
    func anAddedPhaseOnItsOwnStreamMovesNoOtherDraw(threads: Int) throws {
        let golden = try String(contentsOf: Self.root.appendingPathComponent("Tests/scsimTests/Golden/tiny-blocks64.csv"), encoding: .utf8)
        var p = try Self.tiny()
        p.blockSize = 64
        let simulation = try Simulation(parameters: p, threads: threads)
        try simulation.insertPhase(DrawingNoOp(stream: StreamID(1000)), after: "ties")
        #expect(simulation.phases.map(\.name) == ["policy", "theft", "adoption", "consumption", "expression", "sybils", "bills", "scoring",
                                                  "informants", "tiers", "ties", "noop", "market", "audit", "detection",
                                                  "imitation", "refusal"])
        #expect(try Self.csv(simulation, steps: p.steps) == golden)
    }

    @Test func aPhaseOnATakenStreamIsRefused() throws {
        let simulation = try Simulation(parameters: Self.tiny())
        #expect(throws: PhaseListError.self) { try simulation.insertPhase(DrawingNoOp(stream: Phase.consumption.streamID)) }
        #expect(throws: PhaseListError.self) { try simulation.insertPhase(DrawingNoOp(stream: Phase.initialNetwork.streamID)) }
        try simulation.insertPhase(DrawingNoOp(stream: StreamID(1000)))
        #expect(throws: PhaseListError.self) { try simulation.insertPhase(DrawingNoOp(stream: StreamID(1000))) }
        #expect(throws: PhaseListError.self) { try simulation.insertPhase(DrawingNoOp(stream: StreamID(1001)), after: "no-such-phase") }
        #expect(simulation.phases.count == ReferencePhases.standard.count + 1)
    }

    /// Each model's registry gives every stream id once; the voter model shares only the
    /// initial network's id with the reference model, on purpose (same graph for a seed).
    @Test func streamIdsAreUniquePerModel() throws {
        let reference = Phase.allCases.map(\.rawValue)
        #expect(Set(reference).count == reference.count)
        #expect(ReferencePhases.standard.map(\.stream.rawValue).allSatisfy { reference.contains($0) })
        #expect(Set(ReferencePhases.standard.map(\.stream.rawValue)).count == ReferencePhases.standard.count)
        let voter = VoterPhase.allCases.map(\.rawValue) + [VoterPhase.initialNetwork]
        #expect(Set(voter).count == voter.count)
        #expect(Set(voter).intersection(reference) == [Phase.initialNetwork.rawValue])
    }

    @Test func aCustomMetricIsAppendedAndComputed() throws {
        let p = try Self.tiny()
        let simulation = try Simulation(parameters: p)
        try simulation.addMetric(Metric("enrolled_count", label: "enrolled", unit: "citizens", "Enrolled citizens.", type: .integer) { row in
            .integer(row.enrolled)
        })
        #expect(throws: PhaseListError.self) { try simulation.addMetric(ReferenceMetrics.standard[1]) }
        simulation.advance()
        let row = simulation.observe(includeNetwork: false)
        let enrolled = (0..<simulation.population.count).filter { simulation.population.isEnrolled($0) }.count
        #expect(row["enrolled_count"] == .integer(enrolled))
        #expect(row["enrolled_frac"] == .real(Double(enrolled) / Double(p.populationSize)))
        #expect(row.columns.last == "enrolled_count")
    }

    /// A policy change fed to the loop while it runs gives the run that has the same change
    /// as a timeline event in its scenario: what makes an interactive exploration repeatable.
    @Test func aScheduledPolicyChangeEqualsTheTimelineEvent() throws {
        let p = try Self.tiny()
        let withTimeline = try Self.csv(Simulation(parameters: p), steps: p.steps)
        var bare = p
        let event = try #require(bare.timeline.first)
        bare.timeline = []
        let driven = try Self.csv(Simulation(parameters: bare), steps: p.steps) { loop in
            if loop.model.step == event.step - 3 { try loop.schedule(event) }
        }
        #expect(driven == withTimeline)
        let withoutEvent = try Self.csv(Simulation(parameters: bare), steps: p.steps)
        #expect(withoutEvent != withTimeline)
    }

    @Test func theVoterModelTakesNoPolicyChange() throws {
        var p = try Self.tiny()
        p.model = "adaptive_voter"
        p.timeline = []
        let model = try ModelRegistry.make(p, threads: 1)
        #expect(model is AdaptiveVoter)
        #expect(throws: PhaseListError.self) { try SimulationLoop(model: model, totalSteps: 3).schedule(PolicyEvent(step: 1, assignments: [])) }
    }
}
