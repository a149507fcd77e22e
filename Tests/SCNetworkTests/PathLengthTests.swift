import SCNetwork
import Testing

/// Path lengths on graphs small enough to work out by hand.
@Suite struct PathLengthTests {
    @Test func pathOfFour() {
        // Distances 0-1 1, 0-2 2, 0-3 3, 1-2 1, 1-3 2, 2-3 1: sum 10 over 6 pairs.
        let summary = PathLength.average(GraphFixtures.path4)
        #expect(abs(summary.mean - 10.0 / 6.0) < 1e-12)
        #expect(summary.reachablePairs == 12 && summary.unreachablePairs == 0 && summary.isConnected)
        #expect(PathLength.distances(from: 0, in: GraphFixtures.path4) == [0, 1, 2, 3])
    }

    @Test func triangleIsAllOnes() {
        #expect(PathLength.average(GraphFixtures.triangle).mean == 1)
    }

    @Test func star() {
        // Centre-leaf 1 (4 pairs), leaf-leaf 2 (6 pairs): 16 / 10.
        #expect(abs(PathLength.average(GraphFixtures.star4).mean - 1.6) < 1e-12)
    }

    @Test func disconnectedCountsOnlyReachablePairs() {
        // Triangle 0-1-2 and tie 3-4: 8 ordered pairs at distance 1, 20 - 8 unreachable.
        let summary = PathLength.average(GraphFixtures.triangleAndTie)
        #expect(summary.mean == 1)
        #expect(summary.reachablePairs == 8 && summary.unreachablePairs == 12 && !summary.isConnected)
        #expect(PathLength.distances(from: 3, in: GraphFixtures.triangleAndTie) == [-1, -1, -1, 0, 1])
    }

    @Test func sampledSources() {
        // From 0 on the path: (1 + 2 + 3) / 3.
        let summary = PathLength.average(GraphFixtures.path4, sources: [0])
        #expect(summary.mean == 2 && summary.sources == 1 && summary.reachablePairs == 3)
    }

    @Test func ringLatticeMatchesTheFormula() {
        // n = 20, k = 4: sum over one vertex = 2 (1+1+2+2+3+3+4+4+5+5) - 5 = 55, and
        // n(n + k - 2) / (2k(n - 1)) = 440 / 152 = 55 / 19.
        var ring = FriendshipGraph(nodeCount: 20, reservedDegree: 4)
        for u in 0..<20 { for j in 1...2 { ring.addEdge(u, (u + j) % 20) } }
        #expect(abs(PathLength.average(ring).mean - 55.0 / 19.0) < 1e-12)
    }

    @Test func emptyAndSingle() {
        #expect(PathLength.average(FriendshipGraph(nodeCount: 0)).mean == 0)
        let one = PathLength.average(FriendshipGraph(nodeCount: 1))
        #expect(one.mean == 0 && one.reachablePairs == 0 && one.unreachablePairs == 0)
    }
}
