/// Connected components of the friendship network.
///
/// Unfriending can split the population into groups that no longer hear of each other;
/// the component count and the share in the largest one show when that happens.
public enum ComponentCensus {
    /// Counts components, the largest one's size and the isolated citizens.
    ///
    /// Union-find over the ties (the larger root under the smaller, path halving; sizes
    /// counted once at the end), reading the lists in id order, so they stream from memory
    /// and the random reads (a friend's entry in the forest) can be asked for ahead, which
    /// a breadth-first search, jumping from list to list, cannot. Most ties are never
    /// joined: a first pass joins two friends a citizen, the second reads the rest only of
    /// the citizens outside the giant component (`joinedForest`). The counts depend only on
    /// the graph.
    ///
    /// On several workers the first pass is split (`joinShares`); `runWorkers` must call its
    /// body once for each worker index, in parallel or not. Any order of unions gives the
    /// same components, so the counts do not depend on the number of workers.
    ///
    /// - Complexity: O((n + m) alpha(n)) time, 8n bytes extra space, plus 8 bytes for each
    ///   of the first two friends of a citizen that belongs to another worker's share.
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

    /// How many friends at the head of each list the first pass joins (`joinedForest`).
    static let sampledFriends = 2
    /// How many citizens, evenly spaced, vote for the giant component (`joinedForest`).
    static let giantVoters = 1024

    /// The union-find forest of the ties among citizens below `n`, joined in two passes
    /// (the "Afforest" scheme of Sutton, Ben-Nun and Barak, 2018):
    /// 1. Every citizen is joined with the first `sampledFriends` friends of its list, in
    ///    id order on the workers (`joinShares`). In a network with a giant component that
    ///    already puts most of it in one tree.
    /// 2. That tree is found by a vote of `giantVoters` evenly spaced citizens; then, in id
    ///    order, each citizen not in its tree is joined with the rest of its list, and a
    ///    citizen in it is skipped. Every tie still counts: a tie u-v skipped at u was not
    ///    needed if v is in the giant's tree when v's turn comes (trees only grow), and
    ///    otherwise v joins it from its own list. A wrong vote costs time, never counts.
    /// A recount reading every list in full made a random read of the forest per tie; this
    /// makes about two per citizen, and one read of its own entry per citizen of the giant.
    static func joinedForest(_ graph: FriendshipGraph, nodeCount n: Int, workers: Int, buffers: Buffers,
                             runWorkers: (_ body: (Int) -> Void) -> Void) -> Forest {
        // Room for every node of the graph (sybil slots after the citizens included), so
        // that the friends' entries can be asked for ahead without a check; only the
        // citizens' entries are used.
        let forest = buffers.forest(count: n, room: graph.nodeCount)
        graph.withAdjacency { adjacency in
            joinShares(adjacency, forest, nodeCount: n, workers: workers, runWorkers: runWorkers)
            let giant = mostCommonRoot(forest, nodeCount: n)
            joinOutsideGiant(adjacency, forest, nodeCount: n, giant: giant)
        }
        return forest
    }

    /// Pass 1: joins every citizen with the first `sampledFriends` friends of its list (below
    /// `n`). Worker w owns the citizens v with v * workers / n = w, a contiguous share, and
    /// joins the ties between its own citizens, touching only their entries in the forest;
    /// it keeps the ties that leave its share, joined afterwards on this thread.
    static func joinShares(_ adjacency: AdjacencyView, _ forest: Forest, nodeCount n: Int, workers: Int,
                           runWorkers: (_ body: (Int) -> Void) -> Void) {
        let t = max(1, workers)
        var crossing = [[UInt64]](repeating: [], count: t)
        crossing.withUnsafeMutableBufferPointer { crossing in
            let crossing = crossing
            runWorkers { w in
                var leaving: [UInt64] = []
                let ahead = AdjacencyView.prefetchDistance
                let first = (w * n + t - 1) / t, end = ((w + 1) * n + t - 1) / t
                for u in first..<end {
                    if u + ahead < end {
                        for j in adjacency.neighbors(u + ahead).prefix(sampledFriends) { prefetch(forest.parent + Int(j)) }
                    }
                    var root = -1
                    for v32 in adjacency.neighbors(u).prefix(sampledFriends) {
                        let v = Int(v32)
                        guard v < n else { continue }
                        if v >= first && v < end {
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
    }

    /// The root of the tree holding most of `giantVoters` evenly spaced citizens.
    static func mostCommonRoot(_ forest: Forest, nodeCount n: Int) -> Int {
        let voters = min(n, giantVoters)
        var roots = (0..<voters).map { Int32(forest.find($0 * n / voters)) }
        roots.sort()
        var best = Int(roots[0]), bestRun = 0, run = 0
        for k in 0..<voters {
            run = k > 0 && roots[k] == roots[k - 1] ? run + 1 : 1
            if run > bestRun { bestRun = run; best = Int(roots[k]) }
        }
        return best
    }

    /// Pass 2: in id order, joins each citizen outside `giant`'s tree with the rest of its
    /// list (after the first `sampledFriends`). The giant's root can move when another tree
    /// joins it (the smaller id is the root), so a citizen whose entry does not name the
    /// known root is checked by a find of both.
    static func joinOutsideGiant(_ adjacency: AdjacencyView, _ forest: Forest, nodeCount n: Int, giant: Int) {
        var giantRoot = giant
        for u in 0..<n {
            if Int(forest.parent[u]) == giantRoot { continue }
            var root = forest.find(u)
            giantRoot = forest.find(giantRoot)
            if root == giantRoot {
                // Point u straight at the root: the counts that follow find it in one step.
                forest.parent[u] = Int32(giantRoot)
                continue
            }
            for v32 in adjacency.neighbors(u).dropFirst(sampledFriends) {
                let v = Int(v32)
                guard v < n else { continue }
                root = forest.union(root: root, v)
            }
        }
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
