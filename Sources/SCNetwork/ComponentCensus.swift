/// Connected components of the friendship network.
///
/// Unfriending can split the population into groups that no longer hear of each other;
/// the component count and the share in the largest one show when that happens.
public enum ComponentCensus {
    /// Counts components, the largest one's size and the isolated citizens.
    ///
    /// Union-find over the ties (the larger root under the smaller, path halving; sizes
    /// counted once at the end), reading each citizen's
    /// list in id order, so the lists stream from memory and the random reads (a friend's
    /// entry in the forest) can be asked for ahead, which a breadth-first search, jumping
    /// from list to list, cannot. The counts depend only on the graph.
    ///
    /// On several workers: worker w owns the citizens v with v * workers / n = w, a
    /// contiguous share. `runWorkers` must call its body once for each worker index, in
    /// parallel or not. Each worker joins the ties between
    /// its own citizens, touching only their entries in the forest, and keeps the ties that
    /// leave them; those are joined afterwards on one thread. Any order of unions gives the
    /// same components, so the counts do not depend on the number of workers.
    ///
    /// - Complexity: O((n + m) alpha(n)) time, 8n bytes extra space, plus 8 bytes per tie
    ///   between citizens of different workers.
    ///
    /// With `nodeCount` below the graph's, only the subgraph of the first `nodeCount` ids
    /// is counted.
    ///
    /// `buffers` holds the forest; a caller that counts every row passes the same one.
    public static func compute(_ graph: FriendshipGraph, nodeCount: Int? = nil, workers: Int = 1, buffers: Buffers = Buffers(),
                               runWorkers: (_ body: (Int) -> Void) -> Void = { $0(0) }) -> ComponentSummary {
        let n = min(nodeCount ?? graph.nodeCount, graph.nodeCount)
        guard n > 0 else { return ComponentSummary(count: 0, largest: 0, isolated: 0) }
        return withExtendedLifetime(buffers) { summary(graph, nodeCount: n, workers: workers, buffers: buffers, runWorkers: runWorkers) }
    }

    private static func summary(_ graph: FriendshipGraph, nodeCount n: Int, workers: Int, buffers: Buffers,
                                runWorkers: (_ body: (Int) -> Void) -> Void) -> ComponentSummary {
        let forest = joinedForest(graph, nodeCount: n, workers: workers, buffers: buffers, runWorkers: runWorkers)
        // Sizes: each citizen counted at its root.
        var count = 0, largest = 0, second = 0, isolated = 0
        for i in 0..<n { forest.size[forest.find(i)] += 1 }
        graph.withAdjacency { adjacency in
            for i in 0..<n {
                if !adjacency.hasFriend(i, below: n) { isolated += 1 }
                if forest.parent[i] == Int32(i) {
                    count += 1
                    let size = Int(forest.size[i])
                    if size > largest { second = largest; largest = size } else if size > second { second = size }
                }
            }
        }
        return ComponentSummary(count: count, largest: largest, isolated: isolated, secondLargest: second)
    }

    /// Recounts the components among the citizens below `book.nodeCount` into `book`,
    /// the same way as `compute`.
    public static func recount(_ graph: FriendshipGraph, into book: ComponentBookkeeping, workers: Int = 1, buffers: Buffers = Buffers(),
                               runWorkers: (_ body: (Int) -> Void) -> Void = { $0(0) }) {
        let n = book.nodeCount
        guard n > 0 else { book.load { $0 }; return }
        withExtendedLifetime(buffers) {
            let forest = joinedForest(graph, nodeCount: n, workers: workers, buffers: buffers, runWorkers: runWorkers)
            book.load { forest.find($0) }
        }
    }

    /// The forest's storage, kept from one count to the next by a caller that counts every
    /// row. Allocated afresh, its 8 MB at a million citizens cost a page fault per 4 KB on
    /// every row, unless the allocator happened to hand back memory freed by another pass
    /// (the sampled clustering's, before it kept its own buffers: keeping those made this
    /// census 5 ms a row slower until this storage was kept too).
    public final class Buffers: @unchecked Sendable {
        private var parent: UnsafeMutablePointer<Int32>?
        private var size: UnsafeMutablePointer<Int32>?
        private var capacity = 0

        public init() {}

        deinit {
            parent?.deallocate()
            size?.deallocate()
        }

        /// A forest of `n` single citizens in this storage (grown when too small), with
        /// room for `room` entries so that asking ahead for any node's entry stays inside it.
        func forest(count n: Int, room: Int) -> Forest {
            let room = max(n, room)
            if room > capacity {
                parent?.deallocate()
                size?.deallocate()
                parent = .allocate(capacity: room)
                size = .allocate(capacity: room)
                capacity = room
            }
            return Forest(parent: parent!, size: size!, count: n)
        }
    }

    /// The union-find forest of the ties among citizens below `n`.
    static func joinedForest(_ graph: FriendshipGraph, nodeCount n: Int, workers: Int, buffers: Buffers,
                             runWorkers: (_ body: (Int) -> Void) -> Void) -> Forest {
        // Room for every node of the graph (sybil slots after the citizens included), so
        // that the friends' entries can be asked for ahead without a check; only the
        // citizens' entries are used.
        let forest = buffers.forest(count: n, room: graph.nodeCount)
        let t = max(1, workers)
        var crossing = [[UInt64]](repeating: [], count: t)
        graph.withAdjacency { adjacency in
            crossing.withUnsafeMutableBufferPointer { crossing in
                let crossing = crossing
                runWorkers { w in
                    var leaving: [UInt64] = []
                    let ahead = AdjacencyView.prefetchDistance
                    // The citizens v with v * t / n == w.
                    let first = (w * n + t - 1) / t, end = ((w + 1) * n + t - 1) / t
                    for u in first..<end {
                        if u + ahead < end { adjacency.prefetchNeighbours(of: u + ahead, in: forest.parent) }
                        var root = -1
                        for v32 in adjacency.neighbors(u) where Int(v32) > u {
                            let v = Int(v32)
                            guard v < n else { continue }
                            if v < end {
                                if root < 0 { root = forest.find(u) }
                                root = forest.union(root: root, v)
                            } else {
                                leaving.append(UInt64(u) << 32 | UInt64(v))
                            }
                        }
                    }
                    crossing[w] = leaving
                }
            }
        }
        // Ties between workers' citizens, on this thread.
        for leaving in crossing {
            let count = leaving.count
            for k in 0..<count {
                if k + 8 < count {
                    let next = leaving[k + 8]
                    prefetch(forest.parent + Int(next >> 32))
                    prefetch(forest.parent + Int(next & 0xFFFF_FFFF))
                }
                let edge = leaving[k]
                _ = forest.union(root: forest.find(Int(edge >> 32)), Int(edge & 0xFFFF_FFFF))
            }
        }
        return forest
    }

    /// A union-find forest on raw buffers (at ten million citizens, array checks in the
    /// inner loop cost more than the work).
    // @unchecked: raw buffers shared by the workers; each worker unions only the citizens of
    // its own share, and the roots are read after every worker has finished.
    struct Forest: @unchecked Sendable {
        let parent: UnsafeMutablePointer<Int32>
        /// Component size, valid at roots once counted at the end.
        let size: UnsafeMutablePointer<Int32>

        /// Every citizen its own tree, in storage of at least `n` entries.
        init(parent: UnsafeMutablePointer<Int32>, size: UnsafeMutablePointer<Int32>, count n: Int) {
            self.parent = parent
            self.size = size
            for i in 0..<n { parent[i] = Int32(i) }
            size.initialize(repeating: 0, count: n)
        }

        /// The root of `x`'s tree, halving the path on the way.
        @inline(__always)
        func find(_ x: Int) -> Int { unionFindRoot(parent, x) }

        /// Joins the tree whose root is `root` with `b`'s, the root with the larger id
        /// under the one with the smaller, and returns the joined tree's root.
        ///
        /// Linking by id instead of by size reads no sizes (a random read per tie, a third
        /// of the census's time at a million citizens): with citizens visited in id order a
        /// newcomer joins under an existing root, and path halving keeps the trees shallow.
        @inline(__always)
        func union(root: Int, _ b: Int) -> Int {
            let rb = find(b)
            if root < rb { parent[rb] = Int32(root); return root }
            if rb < root { parent[root] = Int32(rb); return rb }
            return root
        }
    }
}
