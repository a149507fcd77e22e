/// Shortest path lengths: how many ties separate two citizens.
///
/// The small-world effect (Watts and Strogatz 1998) is a short average path length with
/// high clustering; the validation suite checks the generators against it. Distances
/// count ties, every tie has length 1, so breadth-first search from each source is exact.
public enum PathLength {
    /// The average distance over ordered pairs of distinct citizens that can reach each
    /// other, with the counts that say whether it covers every pair.
    public struct Summary: Equatable, Sendable {
        /// Mean distance over reachable ordered pairs (0 when there are none).
        public var mean: Double
        /// Ordered pairs (s, t), s != t, with t reachable from s, over the sources used.
        public var reachablePairs: Int
        /// Ordered pairs with no path, over the sources used.
        public var unreachablePairs: Int
        /// Sources searched from.
        public var sources: Int

        public init(mean: Double, reachablePairs: Int, unreachablePairs: Int, sources: Int) {
            self.mean = mean
            self.reachablePairs = reachablePairs
            self.unreachablePairs = unreachablePairs
            self.sources = sources
        }

        /// Whether every pair was reachable (a connected graph): then `mean` is networkx's
        /// `average_shortest_path_length`.
        public var isConnected: Bool { unreachablePairs == 0 }
    }

    /// The exact average over all pairs: a breadth-first search from every citizen.
    ///
    /// - Complexity: O(n (n + m)) time, O(n) extra space; about 6 * 10^6 steps for the
    ///   Watts-Strogatz graph with n = 1000, k = 10.
    public static func average(_ graph: FriendshipGraph) -> Summary {
        average(graph, sources: Array(0..<graph.nodeCount))
    }

    /// The average over pairs whose first citizen is in `sources`: with sources drawn
    /// uniformly, an unbiased estimate of the all-pairs mean for large graphs.
    ///
    /// - Complexity: O(sources * (n + m)).
    public static func average(_ graph: FriendshipGraph, sources: [Int]) -> Summary {
        let n = graph.nodeCount
        var total = 0, reached = 0
        var distance = [Int32](repeating: -1, count: n)
        var queue = [Int32](repeating: 0, count: n)
        graph.withAdjacency { adjacency in
            distance.withUnsafeMutableBufferPointer { dist in
                queue.withUnsafeMutableBufferPointer { frontier in
                    for source in sources {
                        let (sum, count) = search(adjacency, from: source, distance: dist, queue: frontier)
                        total += sum
                        reached += count
                    }
                }
            }
        }
        let pairs = sources.count * max(0, n - 1)
        return Summary(mean: reached > 0 ? Double(total) / Double(reached) : 0, reachablePairs: reached,
                       unreachablePairs: pairs - reached, sources: sources.count)
    }

    /// Distances from `source` to every citizen, -1 where there is no path.
    ///
    /// - Complexity: O(n + m).
    public static func distances(from source: Int, in graph: FriendshipGraph) -> [Int] {
        let n = graph.nodeCount
        var distance = [Int32](repeating: -1, count: n)
        var queue = [Int32](repeating: 0, count: n)
        graph.withAdjacency { adjacency in
            distance.withUnsafeMutableBufferPointer { dist in
                queue.withUnsafeMutableBufferPointer { frontier in
                    // Keep the distances: search resets them, so walk the queue first.
                    _ = search(adjacency, from: source, distance: dist, queue: frontier, reset: false)
                }
            }
        }
        return distance.map { Int($0) }
    }

    /// Breadth-first search from `source`: the sum of distances to the citizens reached
    /// (other than the source) and their number. `distance` must be all -1 on entry, and
    /// is all -1 again on return when `reset` (only the reached entries are touched, so a
    /// search costs O(reached + their ties), not O(n)).
    private static func search(_ adjacency: AdjacencyView, from source: Int, distance: UnsafeMutableBufferPointer<Int32>,
                               queue: UnsafeMutableBufferPointer<Int32>, reset: Bool = true) -> (sum: Int, count: Int) {
        var head = 0, tail = 1, sum = 0
        queue[0] = Int32(source)
        distance[source] = 0
        while head < tail {
            let u = Int(queue[head])
            head += 1
            let next = distance[u] + 1
            for v in adjacency.neighbors(u) where distance[Int(v)] < 0 {
                distance[Int(v)] = next
                sum += Int(next)
                queue[tail] = v
                tail += 1
            }
        }
        if reset { for index in 0..<tail { distance[Int(queue[index])] = -1 } }
        return (sum, tail - 1)
    }
}
