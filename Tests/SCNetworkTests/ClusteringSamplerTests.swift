import Testing
@testable import SCNetwork
import SCRandom

/// Sampled clustering against the exact census.
struct ClusteringSamplerTests {
    @Test func triangleIsFullyClustered() {
        var g = FriendshipGraph(nodeCount: 3)
        g.addEdge(0, 1); g.addEdge(1, 2); g.addEdge(0, 2)
        let e = ClusteringSampler.estimate(g, samples: 500, random: RandomStream(seed: 1))
        #expect(e.averageClustering.value == 1 && e.averageClustering.standardError == 0)
        #expect(e.transitivity.value == 1)
    }

    @Test func starIsNotClustered() {
        var g = FriendshipGraph(nodeCount: 5)
        for leaf in 1...4 { g.addEdge(0, leaf) }
        let e = ClusteringSampler.estimate(g, samples: 500, random: RandomStream(seed: 2))
        #expect(e.averageClustering.value == 0 && e.transitivity.value == 0)
    }

    /// On a Watts-Strogatz graph (n = 20,000, k = 10, p = 0.1) the estimates fall within
    /// four of their own standard errors of the exact census, and the standard error is
    /// about sqrt(x (1 - x) / samples).
    @Test func agreesWithTheCensusWithinItsStandardError() {
        let g = WattsStrogatz.generate(nodeCount: 20_000, k: 10, rewire: 0.1, random: RandomStream(seed: 3))
        let exact = TriangleCensus.compute(g)
        let e = ClusteringSampler.estimate(g, samples: 20_000, random: RandomStream(seed: 4))
        #expect(abs(e.averageClustering.value - exact.averageClustering) < 4 * e.averageClustering.standardError)
        #expect(abs(e.transitivity.value - exact.transitivity) < 4 * e.transitivity.standardError)
        let expectedSE = (exact.transitivity * (1 - exact.transitivity) / 20_000).squareRoot()
        #expect(abs(e.transitivity.standardError - expectedSE) < 0.1 * expectedSE)
    }
}
