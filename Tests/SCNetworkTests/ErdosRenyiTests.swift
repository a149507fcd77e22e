import Testing
import SCRandom
@testable import SCNetwork

struct ErdosRenyiTests {
    @Test func meanDegreeMatchesTarget() {
        // n = 20,000, mean degree 10: p = 10 / 19,999 over N = n(n-1)/2 = 199,990,000
        // pairs, so the tie count is Binomial(N, p) with mean N p = 100,000 and
        // sd sqrt(N p (1 - p)) = 316.2. The mean degree 2m/n then has sd 2 x 316.2 / n
        // = 0.0316; tolerance 5 sd = 0.158.
        let n = 20_000
        let graph = ErdosRenyi.generate(nodeCount: n, meanDegree: 10, random: RandomStream(seed: 5))
        let meanDegree = 2 * Double(graph.edgeCount) / Double(n)
        #expect(abs(meanDegree - 10) < 0.158, "mean degree \(meanDegree)")
        #expect(graph.invariantViolations().isEmpty)
    }

    @Test func degreesSpreadLikePoisson() {
        // Degrees are Binomial(n - 1, p), close to Poisson(8): variance 8 (1 - p) = 7.997.
        // The sample variance over 20,000 citizens has sd about 8 x sqrt(2 / 20,000) x 1.03
        // (the Poisson kurtosis correction) = 0.082; tolerance 5 sd = 0.41.
        let n = 20_000
        let graph = ErdosRenyi.generate(nodeCount: n, meanDegree: 8, random: RandomStream(seed: 6))
        let degrees = (0..<n).map { Double(graph.degree(of: $0)) }
        let mean = degrees.reduce(0, +) / Double(n)
        let variance = degrees.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n - 1)
        #expect(abs(variance - 8) < 0.41, "degree variance \(variance)")
    }

    @Test func extremes() {
        #expect(ErdosRenyi.generate(nodeCount: 100, meanDegree: 0, random: RandomStream(seed: 1)).edgeCount == 0)
        #expect(ErdosRenyi.generate(nodeCount: 1, meanDegree: 0, random: RandomStream(seed: 1)).edgeCount == 0)
        #expect(ErdosRenyi.generate(nodeCount: 0, meanDegree: 3, random: RandomStream(seed: 1)).edgeCount == 0)
        // Mean degree n - 1 means p = 1: the complete graph, C(10, 2) = 45 ties.
        let complete = ErdosRenyi.generate(nodeCount: 10, meanDegree: 9, random: RandomStream(seed: 1))
        #expect(complete.edgeCount == 45)
        #expect(complete.invariantViolations().isEmpty)
    }

    @Test func sameSeedSameGraph() {
        let a = ErdosRenyi.generate(nodeCount: 2000, meanDegree: 6, random: RandomStream(seed: 42))
        let b = ErdosRenyi.generate(nodeCount: 2000, meanDegree: 6, random: RandomStream(seed: 42))
        let c = ErdosRenyi.generate(nodeCount: 2000, meanDegree: 6, random: RandomStream(seed: 43))
        #expect(GraphFixtures.adjacency(a) == GraphFixtures.adjacency(b))
        #expect(GraphFixtures.pairs(a) != GraphFixtures.pairs(c))
    }
}
