import Testing
import SCRandom
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
        #expect(ComponentCensus.compute(GraphFixtures.triangleAndTie) == ComponentSummary(count: 2, largest: 3, isolated: 0, secondLargest: 2))
    }

    @Test func isolatesEachCountAsAComponent() {
        // {0, 1, 2}, {3}, {4}, {5}.
        #expect(ComponentCensus.compute(GraphFixtures.triangleWithIsolates) == ComponentSummary(count: 4, largest: 3, isolated: 3, secondLargest: 1))
    }

    @Test func edgeCases() {
        #expect(ComponentCensus.compute(FriendshipGraph(nodeCount: 0)) == ComponentSummary(count: 0, largest: 0, isolated: 0))
        #expect(ComponentCensus.compute(FriendshipGraph(nodeCount: 4)) == ComponentSummary(count: 4, largest: 1, isolated: 4, secondLargest: 1))
    }

    @Test func longPathNeedsNoRecursion() {
        // A 200,000-citizen path would overflow a recursive search's stack.
        let n = 200_000
        var graph = FriendshipGraph(nodeCount: n + 1, reservedDegree: 2)
        for i in 1..<n { graph.addEdge(i - 1, i) }
        #expect(ComponentCensus.compute(graph) == ComponentSummary(count: 2, largest: n, isolated: 1, secondLargest: 1))
    }
}

/// The union-find census against a plain breadth-first search on random graphs around
/// the giant component's threshold (mean degree 0.5 to 3), where component sizes vary most.
struct ComponentCensusAgainstSearchTests {
    /// Components by breadth-first search: the reference.
    static func reference(_ graph: FriendshipGraph) -> ComponentSummary {
        let n = graph.nodeCount
        var seen = [Bool](repeating: false, count: n)
        var count = 0, largest = 0, second = 0, isolated = 0
        for root in 0..<n where !seen[root] {
            count += 1
            if graph.degree(of: root) == 0 { isolated += 1 }
            var queue = [root]
            seen[root] = true
            var head = 0
            while head < queue.count {
                for v in graph.neighbors(of: queue[head]) where !seen[Int(v)] {
                    seen[Int(v)] = true
                    queue.append(Int(v))
                }
                head += 1
            }
            if queue.count > largest { second = largest; largest = queue.count } else if queue.count > second { second = queue.count }
        }
        return ComponentSummary(count: count, largest: largest, isolated: isolated, secondLargest: second)
    }

    @Test(arguments: [0.5, 1.0, 1.5, 3.0])
    func sameCountsAsBreadthFirstSearch(meanDegree: Double) {
        for seed in 1...3 {
            let graph = ErdosRenyi.generate(nodeCount: 5_000, meanDegree: meanDegree, random: RandomStream(seed: UInt64(seed)))
            let expected = Self.reference(graph)
            #expect(ComponentCensus.compute(graph) == expected, "c = \(meanDegree), seed \(seed)")
            // Split among 3 workers, run in reverse order.
            let split = ComponentCensus.compute(graph, workers: 3) { body in for w in (0..<3).reversed() { body(w) } }
            #expect(split == expected, "3 workers, c = \(meanDegree), seed \(seed)")
        }
    }
}
