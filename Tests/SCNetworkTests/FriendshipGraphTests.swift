import Testing
import SCRandom
@testable import SCNetwork

struct FriendshipGraphTests {
    @Test func addRemoveAndContains() {
        var graph = FriendshipGraph(nodeCount: 4, reservedDegree: 2)
        // Mutating calls cannot sit inside #expect, so each result is named first.
        let addedFirst = graph.addEdge(0, 1), addedSecond = graph.addEdge(2, 1)
        #expect(addedFirst && addedSecond)
        #expect(graph.contains(0, 1) && graph.contains(1, 0))
        #expect(graph.contains(1, 2) && graph.contains(2, 1))
        #expect(!graph.contains(0, 2))
        #expect(graph.edgeCount == 2)
        #expect(graph.degree(of: 1) == 2 && graph.degree(of: 3) == 0)

        let removed = graph.removeEdge(1, 0)
        #expect(removed)
        #expect(!graph.contains(0, 1) && !graph.contains(1, 0))
        let removedAgain = graph.removeEdge(0, 1)
        #expect(!removedAgain, "a tie can be removed only once")
        let removedNever = graph.removeEdge(0, 3)
        #expect(!removedNever, "never existed")
        #expect(graph.edgeCount == 1)
        #expect(graph.degree(of: 0) == 0 && graph.degree(of: 1) == 1)
        #expect(graph.invariantViolations().isEmpty)
    }

    @Test func higherCountsFriendsWithLargerIds() {
        // Ties 2-0, 2-1, 2-3, 2-4, 3-4: citizen 2 has two friends above it (3, 4), citizen
        // 0 one (2), citizen 4 none. Each change moves only the lower end's count.
        var graph = FriendshipGraph(nodeCount: 5, reservedDegree: 2)
        for (i, j) in [(2, 0), (2, 1), (2, 3), (2, 4), (3, 4)] { graph.addEdge(i, j) }
        #expect(graph.higher == [1, 1, 2, 1, 0])
        graph.removeEdge(4, 2)
        #expect(graph.higher == [1, 1, 1, 1, 0])
        // Through the raw lists, as the tie phase applies its changes.
        graph.withMutableLists { lists in
            _ = lists.detach(1, from: 0) == false  // not a friend: nothing changes
            #expect(lists.detach(3, from: 2) && lists.detach(2, from: 3))
            #expect(lists.appendIfRoom(4, to: 0) && lists.appendIfRoom(0, to: 4))
        }
        graph.noteTieChanges(added: 1, removed: 1)
        #expect(graph.higher == [2, 1, 0, 1, 0])
        #expect(graph.invariantViolations().isEmpty)
    }

    @Test func selfLoopAndDuplicateAreRefused() {
        var graph = FriendshipGraph(nodeCount: 3)
        let selfLoop = graph.addEdge(2, 2)
        let first = graph.addEdge(0, 1)
        let repeated = graph.addEdge(0, 1)
        let reversed = graph.addEdge(1, 0)
        let removedSelfLoop = graph.removeEdge(2, 2)
        #expect(!selfLoop && first && !repeated && !removedSelfLoop)
        #expect(!reversed, "the reverse direction is the same tie")
        #expect(graph.edgeCount == 1)
        #expect(graph.neighbors(of: 0) == [1] && graph.neighbors(of: 1) == [0])
        #expect(graph.neighbors(of: 2).isEmpty)
        #expect(graph.invariantViolations().isEmpty)
    }

    @Test func removalMovesTheLastFriendIntoTheHole() {
        var graph = GraphFixtures.graph(5, [(0, 1), (0, 2), (0, 3), (0, 4)])
        #expect(graph.neighbors(of: 0) == [1, 2, 3, 4])
        graph.removeEdge(0, 2)
        // 4 (last) fills slot 1, where 2 was.
        #expect(graph.neighbors(of: 0) == [1, 4, 3])
    }

    @Test func edgesAreSortedPairsListedOnce() {
        let graph = GraphFixtures.graph(4, [(3, 1), (2, 0), (1, 0), (3, 2)])
        #expect(GraphFixtures.pairs(graph) == [[0, 1], [0, 2], [1, 3], [2, 3]])
    }

    @Test func growthBeyondReserveThenCompactionKeepsLists() {
        // Reserve 2 slots each; citizen 0 gets 9 friends, so its run moves three times
        // (2 -> 4 -> 8 -> 16 slots), leaving abandoned runs behind for compact().
        var graph = FriendshipGraph(nodeCount: 10, reservedDegree: 2)
        for friend in 1..<10 {
            let added = graph.addEdge(0, friend)
            #expect(added)
        }
        graph.addEdge(1, 2)
        graph.addEdge(1, 3)
        graph.addEdge(1, 4)  // citizen 1 is now over its reserve too
        let before = GraphFixtures.adjacency(graph)
        #expect(before[0] == [1, 2, 3, 4, 5, 6, 7, 8, 9])
        #expect(before[1] == [0, 2, 3, 4])
        #expect(graph.capacity[0] >= 9)
        #expect(graph.invariantViolations().isEmpty)

        graph.compact(slack: 4)
        #expect(GraphFixtures.adjacency(graph) == before)
        // Compacted runs are back to back: degree + slack each.
        #expect(graph.start[0] == 0 && graph.capacity[0] == 13)
        #expect(graph.start[1] == 13 && graph.capacity[1] == 8)
        #expect(graph.slots.count == 2 * 12 + 10 * 4)
        #expect(graph.invariantViolations().isEmpty)

        // Still usable after compaction: more growth, then compaction without slack.
        for friend in 2..<9 { graph.addEdge(9, friend) }
        #expect(graph.degree(of: 9) == 8)  // 0, then 2...8
        graph.compact(slack: 0)
        #expect(graph.invariantViolations().isEmpty)
        graph.addEdge(5, 6)
        #expect(graph.contains(6, 5))
        #expect(graph.invariantViolations().isEmpty)
    }

    @Test func emptyPopulation() {
        let graph = FriendshipGraph(nodeCount: 0)
        #expect(graph.edgeCount == 0 && graph.edges().isEmpty)
        #expect(graph.invariantViolations().isEmpty)
        #expect(graph.withAdjacency { $0.nodeCount } == 0)
    }

    /// 10,000 random additions and removals on 40 citizens, mirrored in an adjacency
    /// matrix; the graph must agree with the matrix and stay sound throughout.
    @Test func invariantsHoldUnderRandomChurn() {
        let n = 40
        let random = RandomStream(seed: 2024)
        var graph = FriendshipGraph(nodeCount: n, reservedDegree: 2)
        var matrix = [[Bool]](repeating: [Bool](repeating: false, count: n), count: n)
        var ties = 0
        for step in 1...10_000 {
            let i = random.uniformInt(n), j = random.uniformInt(n)
            // Slightly more additions than removals, so degrees grow past the reserve.
            if random.bernoulli(0.55) {
                let expected = i != j && !matrix[i][j]
                let added = graph.addEdge(i, j)
                #expect(added == expected)
                if expected { matrix[i][j] = true; matrix[j][i] = true; ties += 1 }
            } else {
                let expected = i != j && matrix[i][j]
                let removed = graph.removeEdge(i, j)
                #expect(removed == expected)
                if expected { matrix[i][j] = false; matrix[j][i] = false; ties -= 1 }
            }
            if step % 1000 == 0 {
                #expect(graph.invariantViolations().isEmpty, "step \(step)")
                #expect(graph.edgeCount == ties)
            }
            if step == 5000 { graph.compact() }
        }
        for i in 0..<n {
            for j in 0..<n { #expect(graph.contains(i, j) == matrix[i][j]) }
            #expect(graph.degree(of: i) == matrix[i].filter { $0 }.count)
        }
        #expect(ties > 300, "the churn should have built a dense graph, got \(ties) ties")
    }
}

/// Degrees in the subgraph of the first ids (the citizens, with sybil slots after them):
/// counted from the high nodes' lists, and the first-friend check, against counting each
/// list.
struct SubgraphDegreeTests {
    @Test(arguments: [0, 1, 250, 299, 300])
    func degreesBelowALimitMatchACountOfEachList(limit: Int) {
        let random = RandomStream(seed: 41)
        var graph = ErdosRenyi.generate(nodeCount: 300, meanDegree: 3, random: random)
        // Dense ties among the high nodes and from them to low ones; one low node whose
        // only friends are high.
        for _ in 0..<400 {
            let a = 250 + random.uniformInt(50), b = random.uniformInt(300)
            if a != b && !graph.contains(a, b) { graph.addEdge(a, b) }
        }
        for v in graph.neighbors(of: 7) { graph.removeEdge(7, Int(v)) }
        graph.addEdge(7, 260); graph.addEdge(7, 280)
        let degrees = UnsafeMutablePointer<Int32>.allocate(capacity: max(1, limit))
        defer { degrees.deallocate() }
        graph.withAdjacency { adjacency in
            adjacency.degrees(below: limit, into: degrees)
            for i in 0..<limit {
                let counted = graph.neighbors(of: i).filter { Int($0) < limit }.count
                #expect(Int(degrees[i]) == counted && adjacency.degree(of: i, below: limit) == counted, "node \(i)")
                #expect(adjacency.hasFriend(i, below: limit) == (counted > 0), "node \(i)")
            }
        }
        if limit == 250 { #expect(degrees[7] == 0 && graph.degree(of: 7) == 2) }
    }
}
