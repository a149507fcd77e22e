import Foundation
import Testing
import SCRandom
@testable import SCNetwork

struct NetworkSpecTests {
    static let generated: [NetworkSpec] = [
        .wattsStrogatz(k: 6, rewire: 0.1),
        .erdosRenyi(meanDegree: 6),
        .barabasiAlbert(m: 3),
        .stochasticBlock(blocks: 4, pIn: 0.05, pOut: 0.002),
    ]

    @Test(arguments: generated)
    func buildIsSoundAndReproducible(spec: NetworkSpec) throws {
        let a = try spec.build(nodeCount: 800, random: RandomStream(seed: 99))
        let b = try spec.build(nodeCount: 800, random: RandomStream(seed: 99))
        #expect(a.nodeCount == 800)
        #expect(a.edgeCount > 0)
        #expect(a.invariantViolations().isEmpty)
        #expect(GraphFixtures.adjacency(a) == GraphFixtures.adjacency(b))
    }

    @Test func buildDispatchesToTheGenerator() throws {
        let spec = NetworkSpec.wattsStrogatz(k: 4, rewire: 0.3)
        let built = try spec.build(nodeCount: 100, random: RandomStream(seed: 5))
        let direct = WattsStrogatz.generate(nodeCount: 100, k: 4, rewire: 0.3, random: RandomStream(seed: 5))
        #expect(GraphFixtures.adjacency(built) == GraphFixtures.adjacency(direct))
    }

    @Test func buildReadsAnEdgeList() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("scsim-spec-\(getpid()).txt")
        try "0 1\n1 2\n".write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        let graph = try NetworkSpec.edgeList(path: url.path).build(nodeCount: 4, random: RandomStream(seed: 1))
        #expect(GraphFixtures.pairs(graph) == [[0, 1], [1, 2]])
    }

    @Test(arguments: [
        (NetworkSpec.wattsStrogatz(k: 5, rewire: 0.1), 100, "watts-strogatz k must be an even number >= 0, got 5"),
        (.wattsStrogatz(k: 12, rewire: 0.1), 10, "watts-strogatz k = 12 exceeds the population of 10"),
        (.wattsStrogatz(k: 4, rewire: 1.5), 10, "watts-strogatz rewire probability must be in 0...1, got 1.5"),
        (.erdosRenyi(meanDegree: -1), 10, "erdos-renyi mean degree must be >= 0, got -1.0"),
        (.erdosRenyi(meanDegree: .nan), 10, "erdos-renyi mean degree must be >= 0, got nan"),
        (.erdosRenyi(meanDegree: 10), 10, "erdos-renyi mean degree 10.0 exceeds population - 1 = 9"),
        (.barabasiAlbert(m: 0), 10, "barabasi-albert m must be >= 1, got 0"),
        (.barabasiAlbert(m: 10), 10, "barabasi-albert m = 10 must be below the population of 10"),
        (.stochasticBlock(blocks: 0, pIn: 0.1, pOut: 0.1), 10, "stochastic-block blocks must be >= 1, got 0"),
        (.stochasticBlock(blocks: 11, pIn: 0.1, pOut: 0.1), 10, "stochastic-block blocks = 11 exceeds the population of 10"),
        (.stochasticBlock(blocks: 2, pIn: -0.1, pOut: 0.1), 10, "stochastic-block pIn must be in 0...1, got -0.1"),
        (.stochasticBlock(blocks: 2, pIn: 0.1, pOut: 2), 10, "stochastic-block pOut must be in 0...1, got 2.0"),
    ])
    func invalidParametersAreReported(spec: NetworkSpec, nodeCount: Int, message: String) {
        #expect(throws: NetworkSpecError(message: message)) {
            try spec.build(nodeCount: nodeCount, random: RandomStream(seed: 1))
        }
    }

    @Test func edgeCasesThatAreAllowed() throws {
        // k = 0 is an empty network; an empty population builds an empty graph.
        #expect(try NetworkSpec.wattsStrogatz(k: 0, rewire: 0.5).build(nodeCount: 10, random: RandomStream(seed: 1)).edgeCount == 0)
        #expect(try NetworkSpec.erdosRenyi(meanDegree: 3).build(nodeCount: 0, random: RandomStream(seed: 1)).nodeCount == 0)
        #expect(try NetworkSpec.stochasticBlock(blocks: 1, pIn: 0.5, pOut: 0.5).build(nodeCount: 0, random: RandomStream(seed: 1)).nodeCount == 0)
    }
}
