import SCRandom

/// The Barabasi-Albert preferential-attachment generator, as
/// `networkx.barabasi_albert_graph` with its default star seed.
///
/// Preferential attachment is done the classic way: a list holding each citizen once per
/// tie, so a uniform pick from it is a pick proportional to degree. networkx collects the
/// m distinct targets in a `set`; here they are kept in draw order, so the neighbour order
/// (and everything downstream of it) does not depend on hashing.
public enum BarabasiAlbert {
    /// Starts from a star on citizens 0...m (0 at the centre), then ties each newcomer
    /// m + 1, ..., n - 1 to `m` distinct existing citizens drawn in proportion to degree.
    ///
    /// The graph has m + (n - m - 1) * m ties.
    ///
    /// - Precondition: `1 <= m < n` (`NetworkSpec.validate` reports it).
    /// - Complexity: O(n * m) expected; a redraw happens only when a pick repeats a
    ///   target already chosen for this newcomer.
    public static func generate(nodeCount n: Int, m: Int, random: RandomStream) -> FriendshipGraph {
        precondition(m >= 1 && m < n, "barabasi-albert needs 1 <= m < n")
        // The mean degree is about 2m; hubs outgrow any reserve and move once or twice.
        var graph = FriendshipGraph(nodeCount: n, reservedDegree: 2 * m + 4)
        // Each citizen appears once per tie it has.
        var repeated: [Int32] = []
        repeated.reserveCapacity(2 * (m + (n - m - 1) * m))
        for leaf in 1...m {
            graph.addEdge(0, leaf)
        }
        // networkx lists nodes in order, each repeated degree times: the centre m times,
        // then each leaf once.
        repeated.append(contentsOf: repeatElement(0, count: m))
        for leaf in 1...m { repeated.append(Int32(leaf)) }

        // chosenFor[t] == source marks t as already a target of this newcomer, which is
        // cheaper than a set and has no iteration order to leak.
        var chosenFor = [Int32](repeating: -1, count: n)
        var targets = [Int32](repeating: 0, count: m)
        for source in (m + 1)..<max(m + 1, n) {
            var found = 0
            while found < m {
                let pick = repeated[random.uniformInt(repeated.count)]
                if chosenFor[Int(pick)] == Int32(source) { continue }
                chosenFor[Int(pick)] = Int32(source)
                targets[found] = pick
                found += 1
            }
            for target in targets {
                graph.addEdge(source, Int(target))
            }
            repeated.append(contentsOf: targets)
            repeated.append(contentsOf: repeatElement(Int32(source), count: m))
        }
        return graph
    }
}
