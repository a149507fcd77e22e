import Testing
@testable import SCNetwork

/// Local clustering c(u) = tied pairs of friends / all pairs of friends, 0 below degree 2;
/// transitivity = 3 x triangles / connected triples. Values worked out by hand.
struct TriangleCensusTests {
    func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) < 1e-12 }

    @Test func triangleIsFullyClustered() {
        // Every citizen has two friends who are tied: c = 1, 1, 1. One triangle, three
        // triples: 3 x 1 / 3 = 1.
        let result = TriangleCensus.compute(GraphFixtures.triangle)
        #expect(result.averageClustering == 1)
        #expect(result.transitivity == 1)
    }

    @Test func starHasNoTriangles() {
        // Centre: C(4, 2) = 6 pairs of leaves, none tied. Leaves have degree 1.
        let result = TriangleCensus.compute(GraphFixtures.star4)
        #expect(result.averageClustering == 0)
        #expect(result.transitivity == 0)
    }

    @Test func pathHasTriplesButNoTriangles() {
        // 0-1-2-3: citizens 1 and 2 each centre one open triple; c = 0 everywhere.
        let result = TriangleCensus.compute(GraphFixtures.path4)
        #expect(result.averageClustering == 0)
        #expect(result.transitivity == 0)
    }

    @Test func isolatedCitizensCountAsZero() {
        // Triangle plus three isolates: (1 + 1 + 1 + 0 + 0 + 0) / 6 = 0.5; the isolates
        // add no triples, so transitivity stays 1.
        let result = TriangleCensus.compute(GraphFixtures.triangleWithIsolates)
        #expect(result.averageClustering == 0.5)
        #expect(result.transitivity == 1)
    }

    @Test func triangleAndSeparateTie() {
        // (1 + 1 + 1 + 0 + 0) / 5 = 0.6; the tie 3-4 has no triples.
        let result = TriangleCensus.compute(GraphFixtures.triangleAndTie)
        #expect(close(result.averageClustering, 0.6))
        #expect(result.transitivity == 1)
    }

    @Test func pawSeparatesTheTwoMeasures() {
        // Triangle 0-1-2 with tail 2-3. c(0) = c(1) = 1; citizen 2 has friends 0, 1, 3,
        // three pairs of which only 0-1 is tied: c(2) = 1/3; c(3) = 0.
        // Average: (1 + 1 + 1/3 + 0) / 4 = 7/12.
        // Triples: 1 at 0, 1 at 1, 3 at 2 = 5; one triangle: 3 x 1 / 5 = 0.6.
        let result = TriangleCensus.compute(GraphFixtures.paw)
        #expect(close(result.averageClustering, 7.0 / 12.0))
        #expect(close(result.transitivity, 0.6))
    }

    @Test func completeGraphOnFive() {
        var graph = FriendshipGraph(nodeCount: 5)
        for i in 0..<5 { for j in (i + 1)..<5 { graph.addEdge(i, j) } }
        let result = TriangleCensus.compute(graph)
        #expect(result.averageClustering == 1 && result.transitivity == 1)
    }

    @Test func emptyGraphs() {
        let none = TriangleCensus.compute(FriendshipGraph(nodeCount: 0))
        #expect(none.averageClustering == 0 && none.transitivity == 0)
        let isolates = TriangleCensus.compute(FriendshipGraph(nodeCount: 7))
        #expect(isolates.averageClustering == 0 && isolates.transitivity == 0)
    }
}
