/// Connected components of the friendship network.
///
/// Unfriending can split the population into groups that no longer hear of each other;
/// the component count and the share in the largest one show when that happens.
public enum ComponentCensus {
    /// Counts components, the largest one's size and the isolated citizens.
    ///
    /// Union-find over the ties (union by size, path halving), reading each citizen's
    /// list in id order, so the lists stream from memory and the random reads (a friend's
    /// entry in the forest) can be asked for ahead, which a breadth-first search, jumping
    /// from list to list, cannot. The counts depend only on the graph.
    ///
    /// - Complexity: O((n + m) alpha(n)) time, 8n bytes extra space.
    public static func compute(_ graph: FriendshipGraph) -> ComponentSummary {
        let n = graph.nodeCount
        guard n > 0 else { return ComponentSummary(count: 0, largest: 0, isolated: 0) }
        var forest = Forest(count: n)
        defer { forest.free() }
        graph.withAdjacency { adjacency in
            let ahead = AdjacencyView.prefetchDistance
            for u in 0..<n {
                if u + ahead < n { adjacency.prefetchNeighbours(of: u + ahead, in: forest.parent) }
                var root = forest.find(u)
                for v in adjacency.neighbors(u) where Int(v) > u { root = forest.union(root: root, Int(v)) }
            }
        }
        var count = 0, largest = 0, isolated = 0
        graph.withAdjacency { adjacency in
            for i in 0..<n {
                if adjacency.degree[i] == 0 { isolated += 1 }
                if forest.parent[i] == Int32(i) {
                    count += 1
                    largest = max(largest, Int(forest.size[i]))
                }
            }
        }
        return ComponentSummary(count: count, largest: largest, isolated: isolated)
    }

    /// A union-find forest on raw buffers (at ten million citizens, array checks in the
    /// inner loop cost more than the work).
    struct Forest {
        let parent: UnsafeMutablePointer<Int32>
        /// Component size, valid at roots.
        let size: UnsafeMutablePointer<Int32>

        init(count n: Int) {
            parent = .allocate(capacity: n)
            size = .allocate(capacity: n)
            for i in 0..<n { parent[i] = Int32(i) }
            size.initialize(repeating: 1, count: n)
        }

        func free() {
            parent.deallocate()
            size.deallocate()
        }

        /// The root of `x`'s tree, halving the path on the way.
        @inline(__always)
        func find(_ x: Int) -> Int {
            var x = x
            while Int(parent[x]) != x {
                let grandparent = parent[Int(parent[x])]
                parent[x] = grandparent
                x = Int(grandparent)
            }
            return x
        }

        /// Joins the tree whose root is `root` with `b`'s, the smaller under the larger,
        /// and returns the joined tree's root.
        @inline(__always)
        func union(root: Int, _ b: Int) -> Int {
            var ra = root, rb = find(b)
            guard ra != rb else { return ra }
            if size[ra] < size[rb] { swap(&ra, &rb) }
            parent[rb] = Int32(ra)
            size[ra] += size[rb]
            return ra
        }
    }
}
