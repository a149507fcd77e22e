import SCRandom

/// Clustering and transitivity estimated from random wedges, for graphs too large to
/// census every step.
///
/// - Average clustering: pick citizens uniformly; for one with two or more friends, pick two
///   distinct friends uniformly and record whether they are tied (1) or not (0); a citizen
///   with fewer than two friends records 0. The mean of the records is unbiased for the
///   average local coefficient (each record's expectation is that citizen's coefficient).
/// - Transitivity: pick a wedge (a path v - u - w) uniformly among all wedges, by choosing
///   its centre u with probability proportional to d_u (d_u - 1) and then two distinct
///   friends; the share of closed wedges is unbiased for 3 x triangles / connected triples.
///
/// Both are means of 0/1 records, so the standard error is sqrt(x (1 - x) / samples).
/// - Complexity: O(n) to set up the wedge weights, then O(samples x (log n + degree)).
public enum ClusteringSampler {
    /// An estimate with its standard error.
    public struct Estimate: Equatable, Sendable {
        public var value: Double
        public var standardError: Double
    }

    /// Estimates average clustering and transitivity from `samples` draws of each.
    ///
    /// With `nodeCount` below the graph's, the estimates are of the subgraph of the first
    /// `nodeCount` ids (ties to higher ids left out).
    ///
    /// `centres` holds the wedge counts between calls; a caller that estimates every step
    /// passes the same one so that its buffers are reused.
    public static func estimate(_ graph: FriendshipGraph, nodeCount: Int? = nil, samples: Int, random: RandomStream,
                                centres: WedgeCentres = WedgeCentres())
        -> (averageClustering: Estimate, transitivity: Estimate) {
        let n = min(nodeCount ?? graph.nodeCount, graph.nodeCount)
        guard n > 0, samples > 0 else { return (Estimate(value: 0, standardError: 0), Estimate(value: 0, standardError: 0)) }
        return graph.withAdjacency { adjacency in
            guard n < graph.nodeCount else {
                return draw(nodeCount: n, samples: samples, random: random, centres: centres, degrees: adjacency.degree,
                            scout: n >= scoutThreshold ? WedgeScout(adjacency: adjacency, random: random) : nil) {
                    closesRandomWedge(among: adjacency.neighbors($0), adjacency, random)
                }
            }
            // The subgraph of the first n ids: the same draws among each citizen's friends below n.
            var friends: [Int32] = []
            // Degrees below n from the sybils' few lists, not a scan of every citizen's.
            let degrees = UnsafeMutablePointer<Int32>.allocate(capacity: n)
            defer { degrees.deallocate() }
            adjacency.degrees(below: n, into: degrees)
            return draw(nodeCount: n, samples: samples, random: random, centres: centres, degrees: degrees) { u in
                friends.removeAll(keepingCapacity: true)
                for v in adjacency.neighbors(u) where Int(v) < n { friends.append(v) }
                return friends.withUnsafeBufferPointer { closesRandomWedge(among: $0, adjacency, random) }
            }
        }
    }

    /// Both estimates, given each citizen's degree (`degrees`, valid until the draws end)
    /// and a draw of a random wedge at a
    /// citizen (true when closed): `samples` citizens uniformly, then `samples` wedge
    /// centres with probability proportional to d (d - 1), in that order of draws.
    @inline(__always)
    static func draw(nodeCount n: Int, samples: Int, random: RandomStream, centres: WedgeCentres, degrees: UnsafePointer<Int32>,
                     scout: WedgeScout? = nil, closes: (Int) -> Bool) -> (averageClustering: Estimate, transitivity: Estimate) {
        var closedAverage = 0
        scout?.restart(following: random, samples: samples)
        for i in 0..<samples {
            scout?.lookAhead(before: i, draw: { Double($0.uniformInt(n)) }, early: { _ in }, resolve: { Int($0) })
            let u = random.uniformInt(n)
            if closes(u) { closedAverage += 1 }
            scout?.check(sample: i, drew: Double(u), degree: Int(degrees[u]), following: random)
        }
        // Centres with probability proportional to their wedge counts d (d - 1).
        centres.load(count: n, degrees: degrees)
        defer { centres.release() }
        let total = centres.total
        var closedWedges = 0
        if total > 0 {
            scout?.restart(following: random, samples: samples)
            for i in 0..<samples {
                scout?.lookAhead(before: i, draw: { $0.uniform() * total }, early: { centres.prefetchBlock(at: $0) },
                                 resolve: { centres.centre(at: $0) })
                let target = random.uniform() * total
                let u = centres.centre(at: target)
                if closes(u) { closedWedges += 1 }
                scout?.check(sample: i, drew: target, degree: Int(degrees[u]), following: random)
            }
        }
        return (proportion(closedAverage, samples), total > 0 ? proportion(closedWedges, samples) : Estimate(value: 0, standardError: 0))
    }

    /// Picks two distinct friends from `friends` and says whether they are tied (false
    /// with fewer than two).
    @inline(__always)
    static func closesRandomWedge(among friends: UnsafeBufferPointer<Int32>, _ adjacency: AdjacencyView, _ random: RandomStream) -> Bool {
        let d = friends.count
        guard d >= 2 else { return false }
        let a = random.uniformInt(d)
        var b = random.uniformInt(d - 1)
        if b >= a { b += 1 }
        return adjacency.contains(Int(friends[a]), Int(friends[b]))
    }

    /// The population from which the draws are looked ahead by a `WedgeScout`.
    public static let scoutThreshold = 100_000

    static func proportion(_ hits: Int, _ samples: Int) -> Estimate {
        let x = Double(hits) / Double(samples)
        return Estimate(value: x, standardError: (x * (1 - x) / Double(samples)).squareRoot())
    }
}
