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
    /// The sums are taken per block of `blockSize` citizens and added in block order, so
    /// `runBlocks` may run the blocks in any order or in parallel (it must call its body
    /// once for every block index below the count it is given) without changing the result.
    ///
    /// - Returns: nil when no tie joins two included citizens, or when all included
    ///   tie ends carry the same value (the correlation is undefined).
    /// - Complexity: O(n + m), two passes.
    public static func pearson(graph: FriendshipGraph, values: UnsafeBufferPointer<Double>, included: UnsafeBufferPointer<UInt8>,
                               blockSize: Int = Int.max,
                               runBlocks: (_ blockCount: Int, _ body: (Int) -> Void) -> Void = Assortativity.inOrder) -> Double? {
        let n = graph.nodeCount
        precondition(values.count >= n && included.count >= n, "values and mask must cover every citizen")
        let size = max(1, blockSize)
        let blockCount = n == 0 ? 0 : (n - 1) / size + 1
        let value = values.baseAddress!, mask = included.baseAddress!
        let ahead = AdjacencyView.prefetchDistance
        return graph.withAdjacency { adjacency -> Double? in
            // Pass 1: how many included friends each included citizen has, and whether the
            // values vary at all (checked exactly, so rounding cannot fake a variance).
            var first = [(ends: Int, sum: Double, lowest: Double, highest: Double)](repeating: (0, 0, .infinity, -.infinity), count: blockCount)
            first.withUnsafeMutableBufferPointer { partial in
                let partial = partial
                runBlocks(blockCount) { b in
                    let end = min(n, (b + 1) * size)
                    var ends = 0, sum = 0.0, lowest = Double.infinity, highest = -Double.infinity
                    for u in (b * size)..<end {
                        if u + ahead < end { adjacency.prefetchNeighbours(of: u + ahead, in: mask) }
                        guard mask[u] != 0 else { continue }
                        var d = 0
                        for v in adjacency.neighbors(u) { d &+= mask[Int(v)] != 0 ? 1 : 0 }
                        guard d > 0 else { continue }
                        ends += d
                        sum += Double(d) * value[u]
                        lowest = min(lowest, value[u])
                        highest = max(highest, value[u])
                    }
                    partial[b] = (ends, sum, lowest, highest)
                }
            }
            var ends = 0, sum = 0.0, lowest = Double.infinity, highest = -Double.infinity
            for part in first {
                ends += part.ends
                sum += part.sum
                lowest = min(lowest, part.lowest)
                highest = max(highest, part.highest)
            }
            guard ends > 0, lowest < highest else { return nil }
            let mean = sum / Double(ends)
            // Pass 2: centred cross products over directed ties; both sides share one
            // variance, so r = covariance / variance.
            var second = [(cross: Double, square: Double)](repeating: (0, 0), count: blockCount)
            second.withUnsafeMutableBufferPointer { partial in
                let partial = partial
                runBlocks(blockCount) { b in
                    let end = min(n, (b + 1) * size)
                    var cross = 0.0, square = 0.0
                    for u in (b * size)..<end {
                        if u + ahead < end { adjacency.prefetchNeighbours(of: u + ahead, in: value) }
                        guard mask[u] != 0 else { continue }
                        let x = value[u] - mean
                        for v in adjacency.neighbors(u) where mask[Int(v)] != 0 {
                            cross += x * (value[Int(v)] - mean)
                            square += x * x
                        }
                    }
                    partial[b] = (cross, square)
                }
            }
            var cross = 0.0, square = 0.0
            for part in second {
                cross += part.cross
                square += part.square
            }
            guard square > 0 else { return nil }
            return cross / square
        }
    }

    /// Runs blocks one after another on the calling thread (the default for `pearson`).
    public static func inOrder(_ blockCount: Int, _ body: (Int) -> Void) {
        for b in 0..<blockCount { body(b) }
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
