import Testing
@testable import SCNetwork
import SCRandom

/// The forward-algorithm counter against the per-citizen census, split any way.
struct TriangleCounterTests {
    func census(_ g: FriendshipGraph, blocks: Int, workers: Int) -> (averageClustering: Double, transitivity: Double) {
        let counter = TriangleCounter(nodeCount: g.nodeCount, workers: workers)
        let n = g.nodeCount, size = (n + blocks - 1) / blocks
        return g.withAdjacency { adjacency in
            counter.prepare(adjacency)
            // Blocks handed to workers round-robin, in reverse order, to show order does not matter.
            for b in (0..<blocks).reversed() { counter.count(citizens: (b * size)..<min(n, (b + 1) * size), worker: b % workers) }
            var total = TriangleCensus.Tally()
            for b in 0..<blocks { total.add(counter.tally(citizens: (b * size)..<min(n, (b + 1) * size), adjacency)) }
            return total.summary(nodeCount: n)
        }
    }

    @Test func pawGraph() {
        // Triangle 0-1-2 with a tail 2-3: local clustering 1, 1, 1/3, 0 (mean 7/12);
        // transitivity 3 x 1 / 5 connected triples = 0.6.
        var g = FriendshipGraph(nodeCount: 4)
        for (a, b) in [(0, 1), (1, 2), (0, 2), (2, 3)] { g.addEdge(a, b) }
        let c = census(g, blocks: 2, workers: 2)
        #expect(abs(c.averageClustering - 7.0 / 12.0) < 1e-12)
        #expect(abs(c.transitivity - 0.6) < 1e-12)
    }

    @Test func matchesTheCensusOnGeneratedGraphs() {
        for (seed, spec) in [(1, NetworkSpec.wattsStrogatz(k: 10, rewire: 0.1)), (2, .barabasiAlbert(m: 4)), (3, .erdosRenyi(meanDegree: 12))] {
            let g = try! spec.build(nodeCount: 3000, random: RandomStream(seed: UInt64(seed)))
            let exact = TriangleCensus.compute(g)
            for (blocks, workers) in [(1, 1), (7, 2), (30, 3)] {
                let c = census(g, blocks: blocks, workers: workers)
                #expect(abs(c.averageClustering - exact.averageClustering) < 1e-12, "\(spec) \(blocks)/\(workers)")
                #expect(c.transitivity == exact.transitivity, "\(spec)")
            }
        }
    }
}
