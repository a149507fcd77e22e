/// Clustering: how often two friends of a citizen are friends themselves.
///
/// Score-based unfriending changes who is tied to whom, so the run reports whether the
/// network stays clustered or thins into a tree-like web. Two summaries are given because
/// they weight citizens differently, and the literature uses both: the average of the
/// local coefficients counts every citizen equally (networkx `average_clustering`), while
/// transitivity counts every connected triple equally, so hubs dominate it (networkx
/// `transitivity`).
public enum TriangleCensus {
    /// Average local clustering over all citizens, and global transitivity.
    ///
    /// A citizen with fewer than two friends has local clustering 0 and still counts in
    /// the average, as in networkx. Transitivity is 3 x triangles / connected triples, 0
    /// when there are no triples. Both are 0 for an empty graph.
    ///
    /// Each citizen u stamps its friends in a reusable `[Int32]` array; walking the friends
    /// of each friend then finds closed triangles with one array read each, with no
    /// hashing and no allocation per citizen.
    ///
    /// - Complexity: O(n + sum over citizens of degree^2) time, O(n) extra space.
    public static func compute(_ graph: FriendshipGraph) -> (averageClustering: Double, transitivity: Double) {
        let n = graph.nodeCount
        guard n > 0 else { return (0, 0) }
        var stamp = [Int32](repeating: -1, count: n)
        let tally = graph.withAdjacency { adjacency in
            stamp.withUnsafeMutableBufferPointer { mark in
                partial(adjacency, citizens: 0..<n, stamp: mark.baseAddress!)
            }
        }
        return tally.summary(nodeCount: n)
    }

    /// The census of the citizens in `citizens` alone, for splitting the work into blocks.
    ///
    /// `stamp` must hold `nodeCount` entries, all -1; it is all -1 again on return, so a
    /// worker may reuse it for every block and every step. Add the blocks' tallies in a
    /// fixed order for a thread-independent result.
    ///
    /// - Complexity: O(sum over `citizens` of degree^2).
    package static func partial(_ adjacency: AdjacencyView, citizens: Range<Int>, stamp mark: UnsafeMutablePointer<Int32>) -> Tally {
        var tally = Tally()
        for u in citizens {
            let friends = adjacency.neighbors(u)
            let d = friends.count
            guard d >= 2 else { continue }
            let me = Int32(u)
            for v in friends { mark[Int(v)] = me }
            var closed = 0
            for v in friends {
                for w in adjacency.neighbors(Int(v)) where mark[Int(w)] == me { closed += 1 }
            }
            // Unmark, so the stamp is all -1 again and can serve any later call.
            for v in friends { mark[Int(v)] = -1 }
            tally.addCitizen(degree: d, closedPairs: closed)
        }
        return tally
    }

    /// Sums over a set of citizens: local coefficients, ordered pairs of tied friends
    /// (2 x triangles at u), and ordered pairs of friends (2 x triples centred on u).
    public struct Tally: Equatable, Sendable {
        public var clusteringSum = 0.0
        public var closedPairs = 0
        public var allPairs = 0

        public init() {}

        /// Adds a citizen with `d` friends (two or more) among whom `closed` ordered pairs
        /// are tied (twice its triangles): every census adds its citizens this way, so
        /// kept counts and recounts give the same bits.
        @inline(__always)
        public mutating func addCitizen(degree d: Int, closedPairs closed: Int) {
            let pairs = d * (d - 1)
            clusteringSum += Double(closed) / Double(pairs)
            closedPairs += closed
            allPairs += pairs
        }

        /// Adds another block's tally.
        public mutating func add(_ other: Tally) {
            clusteringSum += other.clusteringSum
            closedPairs += other.closedPairs
            allPairs += other.allPairs
        }

        /// Average clustering over `nodeCount` citizens, and transitivity.
        public func summary(nodeCount: Int) -> (averageClustering: Double, transitivity: Double) {
            let transitivity = allPairs > 0 ? Double(closedPairs) / Double(allPairs) : 0
            return (nodeCount > 0 ? clusteringSum / Double(nodeCount) : 0, transitivity)
        }
    }
}
