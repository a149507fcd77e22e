import SCRandom

/// The Watts-Strogatz small-world generator, step for step as
/// `networkx.watts_strogatz_graph`.
///
/// Following networkx's order of draws (rewire by lattice distance j, then by node) keeps
/// the algorithm recognisable to anyone who checks it against the reference; only the
/// generator behind the draws differs (GSL here, Python's Mersenne Twister there). The
/// edge count never changes: every rewiring removes one tie and adds one.
public enum WattsStrogatz {
    /// A ring of `nodeCount` citizens, each tied to `k / 2` neighbours on either side, with
    /// each lattice tie (u, u + j) rewired with probability `rewire` to (u, w) for a
    /// uniformly drawn w that is neither u nor already a friend of u.
    ///
    /// As in networkx, `k == nodeCount` gives the complete graph, and a node already tied
    /// to everyone keeps its tie (after one more draw) rather than looping forever.
    ///
    /// - Precondition: `k` even, `0 <= k <= nodeCount`, `rewire` in 0...1
    ///   (`NetworkSpec.validate` reports these as errors).
    /// - Complexity: O(n * k) ties, each addition or removal O(k); the retry loop for a
    ///   taken w is short unless k is close to n.
    public static func generate(nodeCount n: Int, k: Int, rewire: Double, random: RandomStream) -> FriendshipGraph {
        precondition(k >= 0 && k % 2 == 0 && k <= n, "watts-strogatz needs an even k in 0...n")
        precondition((0...1).contains(rewire), "rewire probability outside 0...1")
        // Rewiring moves ties around, so leave room for a few more than k per citizen.
        var graph = FriendshipGraph(nodeCount: n, reservedDegree: k + 4)
        if n == 0 { return graph }
        if k == n {
            for u in 0..<n { for v in (u + 1)..<n { graph.addEdge(u, v) } }
            return graph
        }
        let half = k / 2
        for j in stride(from: 1, through: half, by: 1) {
            for u in 0..<n { graph.addEdge(u, (u + j) % n) }
        }
        for j in stride(from: 1, through: half, by: 1) {
            for u in 0..<n where random.uniform() < rewire {
                let v = (u + j) % n
                // networkx: draw w; while w is u or a friend, draw again, giving up once
                // u is tied to everyone (the check follows the redraw, as there).
                var w = random.uniformInt(n)
                var skipped = false
                while w == u || graph.contains(u, w) {
                    w = random.uniformInt(n)
                    if graph.degree(of: u) >= n - 1 { skipped = true; break }
                }
                if skipped { continue }
                graph.removeEdge(u, v)
                graph.addEdge(u, w)
            }
        }
        return graph
    }
}
