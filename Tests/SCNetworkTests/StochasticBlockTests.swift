import Testing
import SCRandom
@testable import SCNetwork

struct StochasticBlockTests {
    @Test func blocksAreNearlyEqualRanges() {
        // i * 3 / 10: citizens 0...3 -> 0, 4...6 -> 1, 7...9 -> 2 (sizes 4, 3, 3).
        let blocks = (0..<10).map { StochasticBlock.block(of: $0, blocks: 3, nodeCount: 10) }
        #expect(blocks == [0, 0, 0, 0, 1, 1, 1, 2, 2, 2])
    }

    @Test func certainInsideNeverAcross() {
        // pIn = 1, pOut = 0 on the blocks above: complete blocks, C(4,2) + 2 C(3,2) = 12.
        let graph = StochasticBlock.generate(nodeCount: 10, blocks: 3, pIn: 1, pOut: 0, random: RandomStream(seed: 1))
        #expect(graph.edgeCount == 12)
        #expect(ComponentCensus.compute(graph) == ComponentSummary(count: 3, largest: 4, isolated: 0, secondLargest: 3))
        // pIn = 0, pOut = 1: the complete tripartite graph, 4x3 + 4x3 + 3x3 = 33.
        let across = StochasticBlock.generate(nodeCount: 10, blocks: 3, pIn: 0, pOut: 1, random: RandomStream(seed: 1))
        #expect(across.edgeCount == 33)
        for (i, j) in across.edges() {
            #expect(StochasticBlock.block(of: Int(i), blocks: 3, nodeCount: 10) != StochasticBlock.block(of: Int(j), blocks: 3, nodeCount: 10))
        }
    }

    @Test func tieCountsMatchExpectation() {
        // n = 3000 in 3 blocks of 1000, pIn = 0.01, pOut = 0.001.
        // Within: 3 x C(1000, 2) = 1,498,500 pairs, mean 14,985 ties,
        //   sd sqrt(1,498,500 x 0.01 x 0.99) = 121.8, tolerance 5 sd = 609.
        // Across: 3 x 1000 x 1000 = 3,000,000 pairs, mean 3,000 ties,
        //   sd sqrt(3,000,000 x 0.001 x 0.999) = 54.7, tolerance 5 sd = 274.
        let n = 3000
        let graph = StochasticBlock.generate(nodeCount: n, blocks: 3, pIn: 0.01, pOut: 0.001, random: RandomStream(seed: 11))
        var within = 0, across = 0
        for (i, j) in graph.edges() {
            if StochasticBlock.block(of: Int(i), blocks: 3, nodeCount: n) == StochasticBlock.block(of: Int(j), blocks: 3, nodeCount: n) {
                within += 1
            } else {
                across += 1
            }
        }
        #expect(abs(within - 14_985) < 609, "\(within) ties within blocks")
        #expect(abs(across - 3_000) < 274, "\(across) ties across blocks")
        #expect(graph.invariantViolations().isEmpty)
    }

    @Test func oneBlockIsErdosRenyi() {
        // One block of 2000 with pIn = 0.005: C(2000, 2) x 0.005 = 9,995 ties,
        // sd sqrt(1,999,000 x 0.005 x 0.995) = 99.7, tolerance 5 sd = 499.
        let graph = StochasticBlock.generate(nodeCount: 2000, blocks: 1, pIn: 0.005, pOut: 0.9, random: RandomStream(seed: 12))
        #expect(abs(graph.edgeCount - 9_995) < 499)
    }

    @Test func sameSeedSameGraph() {
        let a = StochasticBlock.generate(nodeCount: 900, blocks: 4, pIn: 0.05, pOut: 0.002, random: RandomStream(seed: 42))
        let b = StochasticBlock.generate(nodeCount: 900, blocks: 4, pIn: 0.05, pOut: 0.002, random: RandomStream(seed: 42))
        let c = StochasticBlock.generate(nodeCount: 900, blocks: 4, pIn: 0.05, pOut: 0.002, random: RandomStream(seed: 43))
        #expect(GraphFixtures.adjacency(a) == GraphFixtures.adjacency(b))
        #expect(GraphFixtures.pairs(a) != GraphFixtures.pairs(c))
        #expect(a.invariantViolations().isEmpty)
    }
}
