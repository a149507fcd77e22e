import Testing
import SCRandom
@testable import SCNetwork

struct BarabasiAlbertTests {
    @Test func edgeCountAndMinimumDegree() {
        // Star on m + 1 = 4 citizens (3 ties), then 2000 - 4 = 1996 newcomers with 3 ties
        // each: 3 + 1996 x 3 = 5991.
        let n = 2000, m = 3
        let graph = BarabasiAlbert.generate(nodeCount: n, m: m, random: RandomStream(seed: 3))
        #expect(graph.edgeCount == (n - m - 1) * m + m)
        #expect(graph.invariantViolations().isEmpty)
        for u in (m + 1)..<n { #expect(graph.degree(of: u) >= m) }
        // Preferential attachment makes hubs: the largest degree grows like m sqrt(n)
        // (about 130 here), far above the mean of 2m = 6.
        let largest = (0..<n).map { graph.degree(of: $0) }.max() ?? 0
        #expect(largest > 30, "largest degree \(largest)")
    }

    @Test func oneTiePerNewcomerGivesATree() {
        // m = 1: n - 1 ties and connected, so a tree.
        let graph = BarabasiAlbert.generate(nodeCount: 500, m: 1, random: RandomStream(seed: 4))
        #expect(graph.edgeCount == 499)
        #expect(ComponentCensus.compute(graph).count == 1)
        #expect(TriangleCensus.compute(graph).transitivity == 0)
    }

    @Test func smallestCaseIsTheStar() {
        // n = m + 1: only the seed star.
        let graph = BarabasiAlbert.generate(nodeCount: 5, m: 4, random: RandomStream(seed: 1))
        #expect(GraphFixtures.pairs(graph) == [[0, 1], [0, 2], [0, 3], [0, 4]])
    }

    @Test func sameSeedSameGraph() {
        let a = BarabasiAlbert.generate(nodeCount: 1000, m: 4, random: RandomStream(seed: 42))
        let b = BarabasiAlbert.generate(nodeCount: 1000, m: 4, random: RandomStream(seed: 42))
        let c = BarabasiAlbert.generate(nodeCount: 1000, m: 4, random: RandomStream(seed: 43))
        #expect(GraphFixtures.adjacency(a) == GraphFixtures.adjacency(b))
        #expect(GraphFixtures.pairs(a) != GraphFixtures.pairs(c))
    }
}
