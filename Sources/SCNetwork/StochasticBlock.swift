import SCRandom

/// The stochastic block model: communities with dense ties inside and sparse ties across.
///
/// Citizen i belongs to block `i * blocks / n`, so blocks are contiguous id ranges whose
/// sizes differ by at most one and membership needs no stored table. Each block pair is a
/// rectangle (or, within a block, a triangle) of candidate pairs sampled by geometric
/// skipping, as in `ErdosRenyi`, so the cost follows the number of ties, not n^2.
public enum StochasticBlock {
    /// The block that citizen `citizen` belongs to, among `blocks` blocks of `nodeCount`.
    @inlinable
    public static func block(of citizen: Int, blocks: Int, nodeCount: Int) -> Int {
        citizen * blocks / nodeCount
    }

    /// `blocks` communities of near-equal size, each pair inside a block tied with
    /// probability `pIn` and each pair across blocks with probability `pOut`.
    ///
    /// Block pairs are sampled in a fixed order (a <= b, a ascending, then b), so the
    /// draws, and hence the graph, depend only on the stream.
    ///
    /// - Precondition: `1 <= blocks <= max(1, n)`, `pIn` and `pOut` in 0...1.
    /// - Complexity: O(blocks^2 + n + m) draws and skips for m ties.
    public static func generate(nodeCount n: Int, blocks: Int, pIn: Double, pOut: Double, random: RandomStream) -> FriendshipGraph {
        precondition(blocks >= 1 && blocks <= max(1, n), "stochastic block model needs 1 <= blocks <= n")
        precondition((0...1).contains(pIn) && (0...1).contains(pOut), "tie probability outside 0...1")
        // First citizen of each block: the least i with i * blocks / n >= b, i.e. ceil(b n / blocks).
        let first = (0...blocks).map { b in (b * n + blocks - 1) / blocks }
        let largestBlock = (0..<blocks).map { first[$0 + 1] - first[$0] }.max() ?? 0
        let expectedDegree = pIn * Double(max(0, largestBlock - 1)) + pOut * Double(n - largestBlock)
        let reserve = Int((expectedDegree + 3 * expectedDegree.squareRoot()).rounded(.up)) + 4
        var graph = FriendshipGraph(nodeCount: n, reservedDegree: min(reserve, max(n, 1) + 4))
        guard n >= 2 else { return graph }

        for a in 0..<blocks {
            for b in a..<blocks {
                if a == b {
                    sampleWithin(first: first[a], size: first[a + 1] - first[a], p: pIn, random: random, into: &graph)
                } else {
                    sampleAcross(firstA: first[a], sizeA: first[a + 1] - first[a],
                                 firstB: first[b], sizeB: first[b + 1] - first[b],
                                 p: pOut, random: random, into: &graph)
                }
            }
        }
        return graph
    }

    /// G(size, p) on the citizens first ..< first + size (the Batagelj-Brandes row walk).
    private static func sampleWithin(first: Int, size: Int, p: Double, random: RandomStream, into graph: inout FriendshipGraph) {
        guard size >= 2, p > 0 else { return }
        var v = 1, w = -1
        while v < size {
            w += 1 + random.failuresBeforeSuccess(p: p)
            while w >= v && v < size {
                w -= v
                v += 1
            }
            if v < size { graph.addEdge(first + v, first + w) }
        }
    }

    /// Each of the sizeA * sizeB cross pairs tied with probability p, walking the pairs
    /// in row-major order (row = citizen of block a).
    private static func sampleAcross(firstA: Int, sizeA: Int, firstB: Int, sizeB: Int, p: Double,
                                     random: RandomStream, into graph: inout FriendshipGraph) {
        let total = sizeA * sizeB
        guard total > 0, p > 0 else { return }
        var index = -1
        while true {
            let skip = random.failuresBeforeSuccess(p: p)
            if skip >= total - index - 1 { return }
            index += 1 + skip
            graph.addEdge(firstA + index / sizeB, firstB + index % sizeB)
        }
    }
}
