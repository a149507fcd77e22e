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

/// The two passes of the recount (`ComponentCensus.joinedForest`): whichever tree the
/// second pass takes for the giant, and whatever stands at the head of the lists, the
/// forest partitions the citizens as a breadth-first search does.
struct ComponentCensusTwoPassTests {
    /// The components of the forest's citizens as sorted lists of members, sorted.
    static func partition(_ forest: ComponentCensus.Forest, nodeCount n: Int) -> [[Int]] {
        var byRoot: [Int: [Int]] = [:]
        for i in 0..<n { byRoot[forest.find(i), default: []].append(i) }
        return byRoot.values.map { $0.sorted() }.sorted { $0[0] < $1[0] }
    }

    /// The same by breadth-first search over the ties among the first n ids.
    static func referencePartition(_ graph: FriendshipGraph, nodeCount n: Int) -> [[Int]] {
        var seen = [Bool](repeating: false, count: n)
        var parts: [[Int]] = []
        for root in 0..<n where !seen[root] {
            var queue = [root]
            seen[root] = true
            var head = 0
            while head < queue.count {
                for v in graph.neighbors(of: queue[head]) where Int(v) < n && !seen[Int(v)] {
                    seen[Int(v)] = true
                    queue.append(Int(v))
                }
                head += 1
            }
            parts.append(queue.sorted())
        }
        return parts.sorted { $0[0] < $1[0] }
    }

    @Test(arguments: [0.8, 1.2, 2.5])
    func anyGiantGivesTheComponents(meanDegree: Double) {
        let n = 3_000
        let graph = ErdosRenyi.generate(nodeCount: n, meanDegree: meanDegree, random: RandomStream(seed: 7))
        let expected = Self.referencePartition(graph, nodeCount: n)
        // The vote's choice, a citizen of a small component, an isolate's id, the last id.
        let buffers = ComponentCensus.Buffers()
        defer { withExtendedLifetime(buffers) {} }
        let probe = ComponentCensus.Forest(parent: .allocate(capacity: n), size: .allocate(capacity: n), count: n)
        graph.withAdjacency { ComponentCensus.joinShares($0, probe, nodeCount: n, workers: 1) { $0(0) } }
        var choices = [ComponentCensus.mostCommonRoot(probe, nodeCount: n), n - 1, 0]
        if let small = expected.first(where: { $0.count == 2 }) { choices.append(small[1]) }
        if let isolate = expected.first(where: { $0.count == 1 }) { choices.append(isolate[0]) }
        probe.parent.deallocate()
        probe.size.deallocate()
        for choice in choices {
            for workers in [1, 3] {
                let forest = buffers.forest(count: n, room: n)
                graph.withAdjacency { adjacency in
                    ComponentCensus.joinShares(adjacency, forest, nodeCount: n, workers: workers) { body in
                        for w in (0..<workers).reversed() { body(w) }
                    }
                    ComponentCensus.joinOutsideGiant(adjacency, forest, nodeCount: n, giant: forest.find(choice))
                }
                #expect(Self.partition(forest, nodeCount: n) == expected, "giant at \(choice), \(workers) workers, c = \(meanDegree)")
            }
        }
    }

    /// A citizen below the giant's root, tied to it only beyond the head of both lists,
    /// joins it in the second pass and becomes its root: citizens after it whose entries
    /// still name the old root are in the giant all the same.
    @Test func theGiantsRootMovesInTheSecondPass() {
        // 0's list: 1, 2, then 10; 10...39 a ring (the giant, rooted at 10 after the first
        // pass); 10's list: 11, 39, then 0; 3...9 isolates.
        var graph = FriendshipGraph(nodeCount: 40, reservedDegree: 4)
        _ = graph.addEdge(0, 1)
        _ = graph.addEdge(0, 2)
        for i in 10..<40 { _ = graph.addEdge(i, i == 39 ? 10 : i + 1) }
        _ = graph.addEdge(0, 10)
        let expected = Self.referencePartition(graph, nodeCount: 40)
        #expect(expected.count == 8)   // {0, 1, 2, 10...39} and the isolates 3...9
        #expect(ComponentCensus.compute(graph) == ComponentSummary(count: 8, largest: 33, isolated: 7, secondLargest: 1))
        let buffers = ComponentCensus.Buffers()
        defer { withExtendedLifetime(buffers) {} }
        let forest = buffers.forest(count: 40, room: 40)
        graph.withAdjacency { adjacency in
            ComponentCensus.joinShares(adjacency, forest, nodeCount: 40, workers: 1) { $0(0) }
            #expect(ComponentCensus.mostCommonRoot(forest, nodeCount: 40) == 10)
            ComponentCensus.joinOutsideGiant(adjacency, forest, nodeCount: 40, giant: 10)
        }
        #expect(forest.find(25) == 0)
        #expect(Self.partition(forest, nodeCount: 40) == expected)
    }

    /// Sybil slots after the citizens at the head of every list: the first pass joins
    /// nothing, and the second must read whole lists.
    @Test func friendsAboveTheLimitAtTheHeadOfTheLists() {
        let n = 200, sybils = 2
        var graph = FriendshipGraph(nodeCount: n + sybils, reservedDegree: 8)
        for i in 0..<n { _ = graph.addEdge(i, n + i % sybils); _ = graph.addEdge(i, n + (i + 1) % sybils) }
        let random = RandomStream(seed: 3)
        for _ in 0..<150 {
            let a = random.uniformInt(n), b = random.uniformInt(n)
            if a != b { _ = graph.addEdge(a, b) }
        }
        let parts = Self.referencePartition(graph, nodeCount: n)
        let sizes = parts.map(\.count).sorted(by: >)
        let isolated = (0..<n).filter { i in !graph.neighbors(of: i).contains { Int($0) < n } }.count
        let expected = ComponentSummary(count: parts.count, largest: sizes[0], isolated: isolated, secondLargest: sizes[1])
        #expect(ComponentCensus.compute(graph, nodeCount: n, workers: 2) { body in body(1); body(0) } == expected)
        // The partition itself, from the two passes on one worker.
        let buffers = ComponentCensus.Buffers()
        defer { withExtendedLifetime(buffers) {} }
        let forest = buffers.forest(count: n, room: graph.nodeCount)
        graph.withAdjacency { adjacency in
            ComponentCensus.joinShares(adjacency, forest, nodeCount: n, workers: 1) { $0(0) }
            ComponentCensus.joinOutsideGiant(adjacency, forest, nodeCount: n, giant: ComponentCensus.mostCommonRoot(forest, nodeCount: n))
        }
        #expect(Self.partition(forest, nodeCount: n) == parts)
    }
}
