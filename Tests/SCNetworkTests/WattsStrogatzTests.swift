import Testing
import SCRandom
@testable import SCNetwork

struct WattsStrogatzTests {
    @Test(arguments: [4, 6, 10])
    func noRewiringGivesTheRingLattice(k: Int) {
        let n = 50
        let graph = WattsStrogatz.generate(nodeCount: n, k: k, rewire: 0, random: RandomStream(seed: 1))
        #expect(graph.edgeCount == n * k / 2)
        for u in 0..<n {
            #expect(graph.degree(of: u) == k)
            for j in 1...(k / 2) { #expect(graph.contains(u, (u + j) % n)) }
        }
        // Ring lattice: of the k(k - 1)/2 pairs of a citizen's friends, 3k(k - 2)/8 are
        // tied (k = 4: 3 of 6, the pairs at ring distance 1, 2, 1), so every citizen has
        // c = 3(k - 2) / (4(k - 1)): 1/2 for k = 4, 3/5 for 6, 2/3 for 10.
        // Every citizen has the same degree, so transitivity is the same number.
        let expected = 3.0 * Double(k - 2) / (4.0 * Double(k - 1))
        let census = TriangleCensus.compute(graph)
        #expect(abs(census.averageClustering - expected) < 1e-12)
        #expect(abs(census.transitivity - expected) < 1e-12)
        #expect(graph.invariantViolations().isEmpty)
    }

    @Test func rewiringKeepsTheEdgeCount() {
        // n = 2000, k = 10: 10,000 ties, each rewired with p = 0.1. A rewired tie leaves
        // the lattice, so about p x 10,000 = 1,000 ties are off-lattice: Binomial(10,000,
        // 0.1) has sd 30, and a few new ties land back on vacated lattice pairs, so the
        // 5 sd band 1000 +- 150 is loose enough.
        let n = 2000, k = 10
        let graph = WattsStrogatz.generate(nodeCount: n, k: k, rewire: 0.1, random: RandomStream(seed: 7))
        #expect(graph.edgeCount == n * k / 2)
        #expect(graph.invariantViolations().isEmpty)
        var offLattice = 0
        for (i, j) in graph.edges() {
            let gap = Int(j - i)
            if min(gap, n - gap) > k / 2 { offLattice += 1 }
        }
        #expect(abs(offLattice - 1000) < 150, "\(offLattice) off-lattice ties")
        // A citizen keeps the u-side of each of its k/2 forward ties.
        for u in 0..<n { #expect(graph.degree(of: u) >= k / 2) }
    }

    @Test func fullRewiringKeepsTheEdgeCount() {
        let graph = WattsStrogatz.generate(nodeCount: 300, k: 8, rewire: 1, random: RandomStream(seed: 8))
        #expect(graph.edgeCount == 300 * 8 / 2)
        #expect(graph.invariantViolations().isEmpty)
    }

    @Test func denseRingSkipsCitizensTiedToEveryone() {
        // n = 7, k = 6 (just below n): every citizen is already tied to all others, so
        // every rewiring is skipped and the graph stays complete.
        let graph = WattsStrogatz.generate(nodeCount: 7, k: 6, rewire: 1, random: RandomStream(seed: 9))
        #expect(graph.edgeCount == 21)
        #expect(graph.invariantViolations().isEmpty)
    }

    @Test func kEqualToNIsComplete() {
        // networkx returns the complete graph: C(6, 2) = 15 ties.
        let graph = WattsStrogatz.generate(nodeCount: 6, k: 6, rewire: 0.5, random: RandomStream(seed: 1))
        #expect(graph.edgeCount == 15)
    }

    @Test func sameSeedSameGraph() {
        let a = WattsStrogatz.generate(nodeCount: 500, k: 6, rewire: 0.2, random: RandomStream(seed: 42))
        let b = WattsStrogatz.generate(nodeCount: 500, k: 6, rewire: 0.2, random: RandomStream(seed: 42))
        let c = WattsStrogatz.generate(nodeCount: 500, k: 6, rewire: 0.2, random: RandomStream(seed: 43))
        #expect(GraphFixtures.adjacency(a) == GraphFixtures.adjacency(b))
        #expect(GraphFixtures.pairs(a) != GraphFixtures.pairs(c))
    }
}
