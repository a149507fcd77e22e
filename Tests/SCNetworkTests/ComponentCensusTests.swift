import Testing
@testable import SCNetwork

struct ComponentCensusTests {
    @Test func triangleIsOneComponent() {
        #expect(ComponentCensus.compute(GraphFixtures.triangle) == ComponentSummary(count: 1, largest: 3, isolated: 0))
    }

    @Test func starAndPathAreConnected() {
        #expect(ComponentCensus.compute(GraphFixtures.star4) == ComponentSummary(count: 1, largest: 5, isolated: 0))
        #expect(ComponentCensus.compute(GraphFixtures.path4) == ComponentSummary(count: 1, largest: 4, isolated: 0))
    }

    @Test func triangleAndTieAreTwoComponents() {
        // {0, 1, 2} and {3, 4}.
        #expect(ComponentCensus.compute(GraphFixtures.triangleAndTie) == ComponentSummary(count: 2, largest: 3, isolated: 0))
    }

    @Test func isolatesEachCountAsAComponent() {
        // {0, 1, 2}, {3}, {4}, {5}.
        #expect(ComponentCensus.compute(GraphFixtures.triangleWithIsolates) == ComponentSummary(count: 4, largest: 3, isolated: 3))
    }

    @Test func edgeCases() {
        #expect(ComponentCensus.compute(FriendshipGraph(nodeCount: 0)) == ComponentSummary(count: 0, largest: 0, isolated: 0))
        #expect(ComponentCensus.compute(FriendshipGraph(nodeCount: 4)) == ComponentSummary(count: 4, largest: 1, isolated: 4))
    }

    @Test func longPathNeedsNoRecursion() {
        // A 200,000-citizen path would overflow a recursive search's stack.
        let n = 200_000
        var graph = FriendshipGraph(nodeCount: n + 1, reservedDegree: 2)
        for i in 1..<n { graph.addEdge(i - 1, i) }
        #expect(ComponentCensus.compute(graph) == ComponentSummary(count: 2, largest: n, isolated: 1))
    }
}
