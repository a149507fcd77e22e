/// Triangles at every citizen, kept up to date from each step's tie changes instead of
/// being recounted.
///
/// After a batch of changes with net additions A and net removals R (`NetTieChanges`), the
/// triangles of the new graph G1 are those of the old graph G0, minus the triangles of G0
/// with an edge in R, plus the triangles of G1 with an edge in A (a triangle in both graphs
/// has no edge in either set). Each such triangle is credited once, from its smallest
/// changed edge, to its three corners. G0 is never built: a tie is in G0 when it is in G1
/// and not in A, or in R. The cost is about (changes x degree x degree) instead of the
/// recount's (ties x degree); the counts are integers, so they equal a recount exactly,
/// which the tests check at every step.
///
/// Only citizens with ids below `nodeCount` are counted; ties to higher ids are ignored
/// (the graph may hold more nodes than there are citizens).
public final class TriangleBookkeeping {
    public let nodeCount: Int
    /// Triangles at each citizen.
    public let corners: UnsafeMutablePointer<Int32>
    /// Triangles in the graph.
    public private(set) var triangles = 0
    /// Whether `corners` describe the graph (false until the first `load`).
    public private(set) var isCounted = false
    /// Batches replayed since the last full count (for tests and profiles).
    public private(set) var replays = 0
    private let mark: UnsafeMutablePointer<Int32>
    private var stamp: Int32 = 0
    /// One byte per citizen: bit 0 an end of a tie in A, bit 1 an end of a tie in R.
    private let touched: UnsafeMutablePointer<UInt8>

    public init(nodeCount: Int) {
        self.nodeCount = nodeCount
        // A spare entry at `nodeCount`, never marked: the replay's loops read it for a
        // friend at or above the limit (`min(id, nodeCount)`) instead of branching on it.
        let n = nodeCount + 1
        corners = .allocate(capacity: n)
        corners.initialize(repeating: 0, count: n)
        mark = .allocate(capacity: n)
        mark.initialize(repeating: -1, count: n)
        touched = .allocate(capacity: n)
        touched.initialize(repeating: 0, count: n)
    }

    deinit {
        corners.deallocate()
        mark.deallocate()
        touched.deallocate()
    }

    /// Takes the counts of a full recount: `triangles(u)` for every citizen.
    public func load(_ triangles: (Int) -> Int) {
        var total = 0
        for u in 0..<nodeCount {
            let t = triangles(u)
            corners[u] = Int32(t)
            total += t
        }
        self.triangles = total / 3
        isCounted = true
        replays = 0
    }

    /// Forgets the counts (the next census must recount).
    public func invalidate() { isCounted = false }

    /// Updates the counts for a batch of changes already applied to the graph.
    ///
    /// - Complexity: O(sum over changed ties of the two ends' degrees, times log of the
    ///   batch size).
    package func apply(_ changes: NetTieChanges, _ adjacency: AdjacencyView) {
        precondition(isCounted, "apply before a full count")
        replays += 1
        let n = nodeCount
        let added = changes.added.filter { Int($0 & 0xFFFF_FFFF) < n }
        let removed = changes.removed.filter { Int($0 & 0xFFFF_FFFF) < n }
        guard !added.isEmpty || !removed.isEmpty else { return }
        for key in added { touched[Int(key >> 32)] |= 1; touched[Int(key & 0xFFFF_FFFF)] |= 1 }
        for key in removed { touched[Int(key >> 32)] |= 2; touched[Int(key & 0xFFFF_FFFF)] |= 2 }
        // Removed ties by either end: (end << 32 | other end), sorted.
        let removedByEnd = NetTieChanges.byEnd(removed)
        added.withUnsafeBufferPointer { addedKeys in
            removed.withUnsafeBufferPointer { removedKeys in
                removedByEnd.withUnsafeBufferPointer { byEnd in
                    let view = Changes(added: addedKeys, removed: removedKeys, removedByEnd: byEnd, touched: touched)
                    let asking = n >= TriangleBookkeeping.prefetchThreshold
                    for k in 0..<addedKeys.count {
                        if asking { askAhead(addedKeys, k, adjacency) }
                        gain(addedKeys[k], adjacency, view)
                    }
                    for k in 0..<removedKeys.count {
                        if asking { askAhead(removedKeys, k, adjacency) }
                        lose(removedKeys[k], adjacency, view)
                    }
                }
            }
        }
        for key in added { touched[Int(key >> 32)] = 0; touched[Int(key & 0xFFFF_FFFF)] = 0 }
        for key in removed { touched[Int(key >> 32)] = 0; touched[Int(key & 0xFFFF_FFFF)] = 0 }
    }

    /// The population from which a replay asks for the memory of the changes ahead. A
    /// change reads both ends' lists and the marks and counts of their friends, at random
    /// places: at 100,000 citizens these miss the caches, at 10,000 they are in them and
    /// asking only costs.
    public static let prefetchThreshold = 50_000

    /// Asks for the lists of the ends of the change `2 * distance` ahead of `k`, and the
    /// marks and counts of the friends of the one `distance` ahead (its lists asked for
    /// earlier), so that a replay does not wait on each.
    @inline(__always)
    private func askAhead(_ keys: UnsafeBufferPointer<UInt64>, _ k: Int, _ adjacency: AdjacencyView) {
        let distance = AdjacencyView.prefetchDistance / 2
        if k + 2 * distance < keys.count {
            let e = keys[k + 2 * distance]
            adjacency.prefetchList(of: Int(e >> 32))
            adjacency.prefetchList(of: Int(e & 0xFFFF_FFFF))
        }
        if k + distance < keys.count {
            let e = keys[k + distance]
            let u = Int(e >> 32), v = Int(e & 0xFFFF_FFFF)
            adjacency.prefetchNeighbours(of: u, in: mark)
            adjacency.prefetchNeighbours(of: v, in: mark)
            adjacency.prefetchNeighbours(of: u, in: corners)
            adjacency.prefetchNeighbours(of: v, in: corners)
        }
    }

    /// The clustering tally of `citizens` from the counts, with the same arithmetic as
    /// `TriangleCounter.tally`, so the averages match a recount bit for bit.
    package func tally(citizens: Range<Int>, _ adjacency: AdjacencyView) -> TriangleCensus.Tally {
        var tally = TriangleCensus.Tally()
        for u in citizens {
            let d = adjacency.degree(of: u, below: nodeCount)
            guard d >= 2 else { continue }
            tally.addCitizen(degree: d, closedPairs: 2 * Int(corners[u]))
        }
        return tally
    }

    /// The batch, for membership tests.
    private struct Changes {
        let added: UnsafeBufferPointer<UInt64>
        let removed: UnsafeBufferPointer<UInt64>
        let removedByEnd: UnsafeBufferPointer<UInt64>
        let touched: UnsafeMutablePointer<UInt8>

        @inline(__always) func isAdded(_ a: Int, _ b: Int) -> Bool {
            touched[a] & 1 != 0 && touched[b] & 1 != 0 && NetTieChanges.contains(added, TieJournal.key(a, b))
        }

        @inline(__always) func isRemoved(_ a: Int, _ b: Int) -> Bool {
            touched[a] & 2 != 0 && touched[b] & 2 != 0 && NetTieChanges.contains(removed, TieJournal.key(a, b))
        }

        /// Calls `body` with every other end of a removed tie at `a`.
        @inline(__always) func forEachRemoved(at a: Int, _ body: (Int) -> Void) {
            guard touched[a] & 2 != 0 else { return }
            var low = NetTieChanges.lowerBound(removedByEnd, UInt64(a) << 32)
            while low < removedByEnd.count && removedByEnd[low] >> 32 == UInt64(a) {
                body(Int(removedByEnd[low] & 0xFFFF_FFFF))
                low += 1
            }
        }
    }

    private func nextStamp() -> Int32 {
        if stamp == Int32.max {
            mark.update(repeating: -1, count: max(1, nodeCount))
            stamp = 0
        }
        stamp += 1
        return stamp
    }

    private func credit(_ u: Int, _ v: Int, _ w: Int, _ sign: Int32) {
        corners[u] += sign
        corners[v] += sign
        corners[w] += sign
        triangles += Int(sign)
    }

    /// Triangles of the new graph through the added tie `e`, unless a smaller added tie
    /// of the same triangle credits it.
    ///
    /// Whether a friend w of v is also u's is a coin flip to the branch predictor, so it
    /// is counted, not branched on: w's count takes 0 or 1, and u's and v's the total at
    /// the end (integers, so the order does not matter). Only a common friend with an
    /// added tie of its own (rare) takes the branch that looks for a smaller added tie.
    private func gain(_ e: UInt64, _ adjacency: AdjacencyView, _ changes: Changes) {
        let u = Int(e >> 32), v = Int(e & 0xFFFF_FFFF), n = nodeCount
        let me = nextStamp()
        for x in adjacency.neighbors(u) where Int(x) < n { mark[Int(x)] = me }
        var found: Int32 = 0
        for x in adjacency.neighbors(v) {
            let w = min(Int(x), n)
            var hit: Int32 = (mark[w] == me ? 1 : 0) & (w != u ? 1 : 0)
            if hit & Int32(changes.touched[w] & 1) != 0 {
                if (TieJournal.key(u, w) < e && changes.isAdded(u, w)) || (TieJournal.key(v, w) < e && changes.isAdded(v, w)) { hit = 0 }
            }
            corners[w] &+= hit
            found &+= hit
        }
        corners[u] &+= found
        corners[v] &+= found
        triangles += Int(found)
    }

    /// Triangles of the old graph through the removed tie `e`, unless a smaller removed
    /// tie of the same triangle debits it. Counted without a branch on a common friend,
    /// as in `gain`.
    private func lose(_ e: UInt64, _ adjacency: AdjacencyView, _ changes: Changes) {
        let u = Int(e >> 32), v = Int(e & 0xFFFF_FFFF), n = nodeCount
        let me = nextStamp()
        // Mark v's friends in the old graph (all its present friends, when it gained no tie).
        if changes.touched[v] & 1 == 0 {
            for x in adjacency.neighbors(v) where Int(x) < n { mark[Int(x)] = me }
        } else {
            for x in adjacency.neighbors(v) where Int(x) < n && !changes.isAdded(v, Int(x)) { mark[Int(x)] = me }
        }
        changes.forEachRemoved(at: v) { x in mark[x] = me }
        // Walk u's friends in the old graph: its present ones not added, then its removed ones.
        let uGained = Int32(changes.touched[u] & 1)
        var lost: Int32 = 0
        for x in adjacency.neighbors(u) {
            let w = min(Int(x), n)
            var hit: Int32 = (mark[w] == me ? 1 : 0) & (w != v ? 1 : 0)
            // Both ends with an added tie (rare): perhaps an added tie, not an old one. The
            // flags are combined by arithmetic, so the branch is on the rare case alone.
            if hit & uGained & Int32(changes.touched[w] & 1) != 0 && changes.isAdded(u, w) { hit = 0 }
            if hit & Int32(changes.touched[w] >> 1 & 1) != 0 && removedEarlier(u, v, w, e, changes) { hit = 0 }
            corners[w] &-= hit
            lost &+= hit
        }
        corners[u] &-= lost
        corners[v] &-= lost
        triangles -= Int(lost)
        changes.forEachRemoved(at: u) { w in closeLost(u, v, w, e, me, changes) }
    }

    /// Whether a removed tie of the triangle u-v-w smaller than `e` debits it instead.
    @inline(__always)
    private func removedEarlier(_ u: Int, _ v: Int, _ w: Int, _ e: UInt64, _ changes: Changes) -> Bool {
        (TieJournal.key(u, w) < e && changes.isRemoved(u, w)) || (TieJournal.key(v, w) < e && changes.isRemoved(v, w))
    }

    /// Debits the old triangle u-v-w if w was v's friend and no smaller removed tie of it
    /// does so.
    @inline(__always)
    private func closeLost(_ u: Int, _ v: Int, _ w: Int, _ e: UInt64, _ me: Int32, _ changes: Changes) {
        guard w != v, mark[w] == me else { return }
        if changes.touched[w] & 2 != 0 && removedEarlier(u, v, w, e, changes) { return }
        credit(u, v, w, -1)
    }
}
