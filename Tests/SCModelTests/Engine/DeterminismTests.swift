import Testing
@testable import SCModel

/// MODEL.md section 3: output depends on the scenario and seed, never on the thread count.
struct DeterminismTests {
    func parameters() -> ModelParameters {
        var p = ModelParameters()
        p.populationSize = 1500
        p.steps = 40
        p.blockSize = 100  // 15 blocks, so two threads interleave many blocks
        p.seed = 7
        p.enrolledShare = 0.5
        p.timeline = [PolicyEvent(step: 20, assignments: [ParameterAssignment(path: "mandatory", value: .boolean(true)),
                                                          ParameterAssignment(path: "penalties", value: .boolean(true))])]
        return p
    }

    @Test func sameOutputOnOneAndTwoThreads() throws {
        let one = try Fixtures.csv(parameters(), threads: 1)
        let two = try Fixtures.csv(parameters(), threads: 2)
        #expect(one == two)
        #expect(one.count == 40)
    }

    @Test func sameOutputWhenRepeated() throws {
        #expect(try Fixtures.csv(parameters(), threads: 2) == Fixtures.csv(parameters(), threads: 2))
    }

    @Test func otherSeedOtherOutput() throws {
        var p = parameters()
        p.seed = 8
        #expect(try Fixtures.csv(parameters(), threads: 1) != Fixtures.csv(p, threads: 1))
    }
}

/// Structural invariants after 100 steps of the full model.
struct InvariantTests {
    @Test func graphAndScoresStaySound() throws {
        for generator in [NetworkGenerator.wattsStrogatz, .erdosRenyi, .barabasiAlbert, .stochasticBlock] {
            var p = ModelParameters()
            p.populationSize = 800
            p.steps = 100
            p.networkGenerator = generator
            p.networkPIn = 0.04
            p.networkPOut = 0.002
            p.eta = 0.6
            p.timeline = [PolicyEvent(step: 50, assignments: [ParameterAssignment(path: "mandatory", value: .boolean(true)),
                                                              ParameterAssignment(path: "penalties", value: .boolean(true))])]
            let sim = try Simulation(parameters: p, threads: 2)
            for _ in 0..<100 { sim.advance() }
            #expect(sim.graph.invariantViolations().isEmpty, "\(generator): \(sim.graph.invariantViolations().prefix(3))")
            var degreeSum = 0
            for i in 0..<p.populationSize { degreeSum += sim.graph.degree(of: i) }
            #expect(degreeSum == 2 * sim.graph.edgeCount)
            for i in 0..<p.populationSize where sim.population.enrolled[i] != 0 {
                #expect(sim.population.score[i] >= 350 && sim.population.score[i] <= 950)
            }
            for i in 0..<p.populationSize {
                let o = sim.population.dissent[i], c = sim.population.credit[i]
                #expect(o >= 0 && o <= 1 && c >= 0 && c <= 1)
            }
            // Every ring member's ring lists it, and ring mates are friends.
            for (id, members) in sim.rings.members.enumerated() {
                for m in members {
                    #expect(sim.population.ring[Int(m)] == Int32(id))
                    for other in members where other != m { #expect(sim.graph.contains(Int(m), Int(other))) }
                }
            }
        }
    }
}
