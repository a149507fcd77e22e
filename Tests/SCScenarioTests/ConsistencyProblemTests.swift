import SCModel
import SCScenario
import Testing

/// Rules spanning several keys, reported against the line of the key they name.
@Suite struct ConsistencyProblemTests {
    @Test func strategySharesReportedAtTheStrategiesMapping() throws {
        let problem = try #require(onlyProblem("""
            steps: 100
            population:
              size: 500
              strategies:
                honest: 0.5
                padder: 0.1
            """))
        #expect(problem.keyPath == "population.strategies")
        #expect(problem.line == 4)
        #expect(problem.message.hasPrefix("the shares honest + padder + evader + colluder must sum to 1"))
    }

    @Test func strategySharesWrittenDotted() throws {
        let problem = try #require(onlyProblem("""
            name: x
            population.strategies.honest: 0.2
            """))
        #expect(problem.line == 2)
    }

    @Test func keyNotInTheFileFallsBackToItsGroup() throws {
        let problem = try #require(onlyProblem("""
            name: x
            adoption:
              baseRate: 0.9999
              referralBonus: 1
            network:
              generator: barabasi_albert
            population:
              size: 100
            """))
        #expect(problem.keyPath == "adoption.peerRate")
        #expect(problem.line == 2)
    }

    @Test func keyWithNoGroupInTheFileHasNoLine() throws {
        let problem = try #require(onlyProblem("population: {size: 8}"))
        #expect(problem.keyPath == "network.k")
        #expect(problem.line == nil)
        #expect(problem.description == "test.yaml: network.k: must be below population.size (8), got 10")
    }

    @Test func severalConsistencyProblemsAtOnce() throws {
        let found = problems("""
            score:
              min: 900
              max: 400
            network:
              generator: watts_strogatz
              k: 7
            """)
        // By line; a problem with no line comes after those with one.
        #expect(found.map(\.keyPath) == ["score.min", "network.k", "adoption.startScore"])
        #expect(found.map(\.line) == [2, 6, nil])
    }

    @Test func edgeListNeedsAPath() throws {
        let problem = try #require(onlyProblem("network:\n  generator: edge_list\n"))
        #expect(problem.keyPath == "network.path")
        #expect(problem.line == 1)
    }
}
