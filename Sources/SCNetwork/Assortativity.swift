/// Whether friends resemble each other in a numeric attribute, such as their score.
///
/// Score-based unfriending should sort the network by score; the assortativity of score
/// across ties measures how far it has gone: +1 when friends have identical scores, 0 when
/// ties ignore score, -1 when high scorers befriend only low scorers.
public enum Assortativity {
    /// Pearson correlation of `values` between the two ends of every tie whose ends are
    /// both included, each tie counted once in each direction.
    ///
    /// Counting both directions makes the measure symmetric (the two "sides" have the same
    /// mean and variance), which is networkx's `numeric_assortativity_coefficient` (Newman
    /// 2003). The `included` mask restricts it to, say, the living or the scored citizens
    /// without building a subgraph.
    ///
    /// - Returns: nil when no tie joins two included citizens, or when all included
    ///   tie ends carry the same value (the correlation is undefined).
    /// - Complexity: O(n + m), two passes, no allocation.
    public static func pearson(graph: FriendshipGraph, values: UnsafeBufferPointer<Double>, included: UnsafeBufferPointer<UInt8>) -> Double? {
        let n = graph.nodeCount
        precondition(values.count >= n && included.count >= n, "values and mask must cover every citizen")
        return graph.withAdjacency { adjacency -> Double? in
            // Pass 1: how many included friends each included citizen has, and whether the
            // values vary at all (checked exactly, so rounding cannot fake a variance).
            var ends = 0
            var sum = 0.0
            var lowest = Double.infinity, highest = -Double.infinity
            for u in 0..<n where included[u] != 0 {
                var d = 0
                for v in adjacency.neighbors(u) where included[Int(v)] != 0 { d += 1 }
                guard d > 0 else { continue }
                ends += d
                sum += Double(d) * values[u]
                lowest = min(lowest, values[u])
                highest = max(highest, values[u])
            }
            guard ends > 0, lowest < highest else { return nil }
            let mean = sum / Double(ends)
            // Pass 2: centred cross products over directed ties; both sides share one
            // variance, so r = covariance / variance.
            var cross = 0.0, square = 0.0
            for u in 0..<n where included[u] != 0 {
                let x = values[u] - mean
                for v in adjacency.neighbors(u) where included[Int(v)] != 0 {
                    cross += x * (values[Int(v)] - mean)
                    square += x * x
                }
            }
            guard square > 0 else { return nil }
            return cross / square
        }
    }

    /// The same, for arrays; convenient in tests and analysis code.
    ///
    /// - Complexity: O(n + m), plus an O(n) copy of the mask.
    public static func pearson(graph: FriendshipGraph, values: [Double], included: [Bool]) -> Double? {
        let mask = included.map { $0 ? UInt8(1) : 0 }
        return values.withUnsafeBufferPointer { v in
            mask.withUnsafeBufferPointer { m in pearson(graph: graph, values: v, included: m) }
        }
    }
}
