@testable import SCNetwork

/// Small graphs with known answers, shared by the metric tests.
enum GraphFixtures {
    /// A graph on `nodeCount` citizens with exactly the listed ties.
    static func graph(_ nodeCount: Int, _ ties: [(Int, Int)]) -> FriendshipGraph {
        var graph = FriendshipGraph(nodeCount: nodeCount, reservedDegree: 4)
        for (i, j) in ties {
            let added = graph.addEdge(i, j)
            precondition(added, "fixture lists tie \(i)-\(j) twice")
        }
        return graph
    }

    /// 0-1-2 closed.
    static var triangle: FriendshipGraph { graph(3, [(0, 1), (1, 2), (0, 2)]) }

    /// Centre 0 with leaves 1, 2, 3, 4.
    static var star4: FriendshipGraph { graph(5, [(0, 1), (0, 2), (0, 3), (0, 4)]) }

    /// 0-1-2-3.
    static var path4: FriendshipGraph { graph(4, [(0, 1), (1, 2), (2, 3)]) }

    /// Triangle 0-1-2 and a separate tie 3-4.
    static var triangleAndTie: FriendshipGraph { graph(5, [(0, 1), (1, 2), (0, 2), (3, 4)]) }

    /// Triangle 0-1-2 and isolated citizens 3, 4, 5.
    static var triangleWithIsolates: FriendshipGraph { graph(6, [(0, 1), (1, 2), (0, 2)]) }

    /// The "paw": triangle 0-1-2 with a tail 2-3.
    static var paw: FriendshipGraph { graph(4, [(0, 1), (1, 2), (0, 2), (2, 3)]) }

    /// The ties of `graph` as plain pairs, for equality checks.
    static func pairs(_ graph: FriendshipGraph) -> [[Int32]] {
        graph.edges().map { [$0.0, $0.1] }
    }

    /// Every neighbour list in storage order: equal only if the graphs were built by the
    /// same sequence of additions and removals.
    static func adjacency(_ graph: FriendshipGraph) -> [[Int32]] {
        (0..<graph.nodeCount).map { graph.neighbors(of: $0) }
    }
}
