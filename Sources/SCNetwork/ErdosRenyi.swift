import SCRandom

/// The Erdos-Renyi G(n, p) generator by geometric skipping (Batagelj and Brandes 2005,
/// `networkx.fast_gnp_random_graph`).
///
/// Testing every one of the n(n - 1)/2 pairs would cost O(n^2) draws, about 2 * 10^11 for a
/// million citizens; skipping straight to the next tie with one geometric draw costs one
/// draw per tie instead. The result has the same distribution as pair-by-pair coin flips.
public enum ErdosRenyi {
    /// G(n, p) with p = `meanDegree` / (n - 1), so the expected degree is `meanDegree`.
    ///
    /// Pairs (v, w) with w < v are visited row by row, v ascending, and each tie lands
    /// after `failuresBeforeSuccess(p)` skipped pairs.
    ///
    /// - Precondition: `0 <= meanDegree <= n - 1` (`NetworkSpec.validate` reports it).
    /// - Complexity: O(n + m) draws and skips for m ties; each insertion also scans the
    ///   newer endpoint's list so far (its duplicate check), which is short.
    public static func generate(nodeCount n: Int, meanDegree: Double, random: RandomStream) -> FriendshipGraph {
        precondition(meanDegree >= 0, "mean degree must be >= 0")
        // Room for the mean plus three standard deviations of a Poisson degree.
        let reserve = Int((meanDegree + 3 * meanDegree.squareRoot()).rounded(.up)) + 4
        var graph = FriendshipGraph(nodeCount: n, reservedDegree: reserve)
        guard n >= 2 else { return graph }
        let p = min(1, meanDegree / Double(n - 1))
        guard p > 0 else { return graph }
        // Row v holds the pairs (v, 0), ..., (v, v - 1); w walks along the rows.
        var v = 1, w = -1
        while v < n {
            w += 1 + random.failuresBeforeSuccess(p: p)
            while w >= v && v < n {
                w -= v
                v += 1
            }
            if v < n { graph.addEdge(v, w) }
        }
        return graph
    }
}
