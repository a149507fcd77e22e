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

    /// The generator as plain graph operations, networkx's loops line for line: the
    /// readable rule that the fast generator (lattice written into the lists, rewiring on
    /// the raw lists) must reproduce exactly, since the model's draws walk the lists.
    static func referenceGraph(nodeCount n: Int, k: Int, rewire: Double, random: RandomStream) -> FriendshipGraph {
        var graph = FriendshipGraph(nodeCount: n, reservedDegree: k + 4)
        if n == 0 { return graph }
        if k == n {
            for u in 0..<n { for v in (u + 1)..<n { graph.addEdge(u, v) } }
            return graph
        }
        let half = k / 2
        for j in stride(from: 1, through: half, by: 1) {
            for u in 0..<n { graph.addEdge(u, (u + j) % n) }
        }
        for j in stride(from: 1, through: half, by: 1) {
            for u in 0..<n where random.uniform() < rewire {
                let v = (u + j) % n
                var w = random.uniformInt(n)
                var skipped = false
                while w == u || graph.contains(u, w) {
                    w = random.uniformInt(n)
                    if graph.degree(of: u) >= n - 1 { skipped = true; break }
                }
                if skipped { continue }
                graph.removeEdge(u, v)
                graph.addEdge(u, w)
            }
        }
        return graph
    }

    @Test(arguments: [
        (0, 0, 0.0), (1, 0, 0.5), (2, 2, 1.0), (5, 4, 0.5), (7, 6, 1.0), (8, 6, 0.7), (50, 4, 0.0), (50, 10, 0.3),
        (200, 2, 1.0), (300, 8, 1.0), (1000, 10, 0.1), (1000, 20, 0.5), (3000, 6, 0.05), (40, 36, 0.9),
    ])
    func matchesTheReadableRuleListByList(n: Int, k: Int, p: Double) {
        for seed in [1, 2, 99] as [UInt64] {
            let fast = WattsStrogatz.generate(nodeCount: n, k: k, rewire: p, random: RandomStream(seed: seed))
            let rule = Self.referenceGraph(nodeCount: n, k: k, rewire: p, random: RandomStream(seed: seed))
            #expect(fast.edgeCount == rule.edgeCount)
            for u in 0..<n where fast.neighbors(of: u) != rule.neighbors(of: u) {
                Issue.record("n \(n) k \(k) p \(p) seed \(seed): list of \(u) is \(fast.neighbors(of: u)), rule \(rule.neighbors(of: u))")
                break
            }
            // The storage too (where each run sits, its room, the slack), so later growth
            // and compaction go the same way.
            #expect(fast.start == rule.start && fast.capacity == rule.capacity && fast.slots == rule.slots)
            #expect(fast.degree == rule.degree && fast.higher == rule.higher)
            #expect(fast.invariantViolations().isEmpty)
        }
    }
}
