/// Connected components kept up to date from each step's tie changes instead of being
/// recounted.
///
/// Every citizen carries a component label. A batch of changes (`NetTieChanges`) is
/// replayed as removals, then additions:
/// - A removal can only split the component holding both ends. A search runs from both
///   ends at once, one citizen at a time from each side, in the graph as it stands at that
///   point of the replay (the new graph without the batch's additions, with the removals
///   not yet replayed). If the searches meet, nothing changed; if one side runs out first,
///   it has found a whole component, which gets a fresh label. On the model's networks the
///   ends of a removed tie usually share a friend, so most searches stop after a few lists.
/// - An addition joins two labels (union-find over labels, the smaller under the larger);
///   afterwards every citizen's label is pointed at its root.
/// The counts are integers and the labels partition the citizens exactly as a recount
/// would, which the tests check at every step. A replay that would cost more than a recount
/// (more removals than about 1.5% of the citizens, or searches that outgrow their budget)
/// gives up, and the caller recounts: on the baseline, where drift removes about 5% of the
/// citizens' ties' worth each step, that is every census with removals; additions alone,
/// and the few changes of a quiet network, are replayed.
///
/// Only citizens with ids below `nodeCount` are counted; ties to higher ids are ignored.
public final class ComponentBookkeeping {
    public let nodeCount: Int
    /// Each citizen's component label.
    private let label: UnsafeMutablePointer<Int32>
    /// Citizens per label (0 for a label not in use).
    private let size: UnsafeMutablePointer<Int32>
    /// Union-find parent of each label, during the additions of a batch.
    private let parent: UnsafeMutablePointer<Int32>
    /// Labels not in use.
    private var freeLabels: [Int32] = []
    /// Search marks and the two searches' queues.
    private let mark: UnsafeMutablePointer<Int32>
    /// During a replay: bit 0 at the ends of the batch's added ties, bit 1 at the ends of
    /// its removed ties.
    private let ends: UnsafeMutablePointer<UInt8>
    private var stamp: Int32 = 0
    /// The two searches' queues (a side never holds more than every citizen).
    private let queueU: UnsafeMutablePointer<Int32>
    private let queueV: UnsafeMutablePointer<Int32>
    /// Components, isolated citizens included.
    public private(set) var count = 0
    /// Whether the labels describe the graph (false until the first `load`).
    public private(set) var isCounted = false
    /// Batches replayed since the last full count (for tests and profiles).
    public private(set) var replays = 0
    /// Lists read by the searches since the last full count.
    public private(set) var searchedLists = 0
    /// Most removals a replay takes on (more are left to a recount): n / 64.
    public var maximumRemovals: Int
    /// Most lists a replay's searches may read before it gives up: n / 4.
    public var searchBudget: Int

    public init(nodeCount: Int) {
        self.nodeCount = nodeCount
        maximumRemovals = nodeCount / 64
        searchBudget = nodeCount / 4
        let n = max(1, nodeCount)
        label = .allocate(capacity: n)
        label.initialize(repeating: 0, count: n)
        size = .allocate(capacity: n)
        size.initialize(repeating: 0, count: n)
        parent = .allocate(capacity: n)
        for i in 0..<n { parent[i] = Int32(i) }
        mark = .allocate(capacity: n)
        mark.initialize(repeating: 0, count: n)
        ends = .allocate(capacity: n)
        ends.initialize(repeating: 0, count: n)
        queueU = .allocate(capacity: n)
        queueV = .allocate(capacity: n)
    }

    deinit {
        label.deallocate()
        size.deallocate()
        parent.deallocate()
        mark.deallocate()
        ends.deallocate()
        queueU.deallocate()
        queueV.deallocate()
    }

    /// Takes the components of a full recount: `root(i)` names each citizen's component.
    public func load(root: (Int) -> Int) {
        let n = nodeCount
        size.update(repeating: 0, count: max(1, n))
        count = 0
        for i in 0..<n {
            let r = root(i)
            label[i] = Int32(r)
            if size[r] == 0 { count += 1 }
            size[r] += 1
        }
        freeLabels.removeAll(keepingCapacity: true)
        for l in stride(from: n - 1, through: 0, by: -1) where size[l] == 0 { freeLabels.append(Int32(l)) }
        isCounted = true
        replays = 0
        searchedLists = 0
    }

    /// Forgets the labels (the next census must recount).
    public func invalidate() { isCounted = false }

    /// The component label of citizen `i`: two citizens share one exactly when connected.
    public func component(of i: Int) -> Int { Int(label[i]) }

    /// Updates the labels for a batch of changes already applied to the graph. Returns
    /// false, leaving the labels invalid, when the replay gave up; recount then.
    package func apply(_ changes: NetTieChanges, _ adjacency: AdjacencyView) -> Bool {
        precondition(isCounted, "apply before a full count")
        let n = nodeCount
        let added = changes.added.filter { Int($0 & 0xFFFF_FFFF) < n }
        let removed = changes.removed.filter { Int($0 & 0xFFFF_FFFF) < n }
        // Searches jump from list to list where a recount streams through them: measured on
        // the baseline (about 9 lists a removal), replaying costs more than recounting once
        // removals pass about 1% of the citizens a census, so leave those to the recount,
        // and stop any replay that has read a quarter as many lists as a recount would.
        guard removed.count <= maximumRemovals else { isCounted = false; return false }
        var budget = searchBudget
        if !removed.isEmpty {
            let removedByEnd = NetTieChanges.byEnd(removed)
            for key in added { ends[Int(key >> 32)] |= 1; ends[Int(key & 0xFFFF_FFFF)] |= 1 }
            for key in removed { ends[Int(key >> 32)] |= 2; ends[Int(key & 0xFFFF_FFFF)] |= 2 }
            defer {
                for key in added { ends[Int(key >> 32)] = 0; ends[Int(key & 0xFFFF_FFFF)] = 0 }
                for key in removed { ends[Int(key >> 32)] = 0; ends[Int(key & 0xFFFF_FFFF)] = 0 }
            }
            let ok = added.withUnsafeBufferPointer { addedKeys in
                removedByEnd.withUnsafeBufferPointer { byEnd in
                    for e in removed {
                        let graph = Replay(adjacency: adjacency, added: addedKeys, ends: ends, removedByEnd: byEnd, replayed: e, limit: n)
                        guard split(Int(e >> 32), Int(e & 0xFFFF_FFFF), graph, budget: &budget) else { return false }
                    }
                    return true
                }
            }
            guard ok else { isCounted = false; return false }
        }
        if !added.isEmpty { join(added) }
        replays += 1
        return true
    }

    /// Components, largest and second largest.
    public func summary(isolated: Int) -> ComponentSummary {
        var largest = 0, second = 0
        for l in 0..<nodeCount {
            let s = Int(size[l])
            if s > largest { second = largest; largest = s } else if s > second { second = s }
        }
        return ComponentSummary(count: count, largest: largest, isolated: isolated, secondLargest: second)
    }

    /// The graph at one point of a batch's replay: the new graph without the batch's
    /// additions, plus the removed ties not yet replayed (keys above `replayed`).
    private struct Replay {
        let adjacency: AdjacencyView
        let added: UnsafeBufferPointer<UInt64>
        let ends: UnsafeMutablePointer<UInt8>
        let removedByEnd: UnsafeBufferPointer<UInt64>
        let replayed: UInt64
        let limit: Int

        /// Whether x-y, a tie of the new graph, was added by the batch.
        @inline(__always) func isAdded(_ x: Int, _ y: Int) -> Bool {
            ends[x] & 1 != 0 && ends[y] & 1 != 0 && NetTieChanges.contains(added, TieJournal.key(x, y))
        }
    }

    /// Visits the friends of `x` in the replay graph for one side of a search: marks the
    /// unmarked with `side` and queues them. Returns true when a friend carries the other
    /// side's mark (the searches met).
    @inline(__always)
    private static func expand(_ x: Int, _ graph: Replay, mark: UnsafeMutablePointer<Int32>, side: Int32, other: Int32,
                               queue: UnsafeMutablePointer<Int32>, tail: inout Int) -> Bool {
        let limit = graph.limit, ends = graph.ends
        for y32 in graph.adjacency.neighbors(x) {
            let y = Int(y32)
            guard y < limit else { continue }
            let m = mark[y]
            if m == side { continue }
            if graph.isAdded(x, y) { continue }
            if m == other { return true }
            mark[y] = side
            queue[tail] = y32
            tail += 1
        }
        guard ends[x] & 2 != 0 else { return false }
        var k = NetTieChanges.lowerBound(graph.removedByEnd, UInt64(x) << 32)
        let byEnd = graph.removedByEnd
        while k < byEnd.count && byEnd[k] >> 32 == UInt64(x) {
            let y = Int(byEnd[k] & 0xFFFF_FFFF)
            k += 1
            guard TieJournal.key(x, y) > graph.replayed else { continue }
            let m = mark[y]
            if m == side { continue }
            if m == other { return true }
            mark[y] = side
            queue[tail] = Int32(y)
            tail += 1
        }
        return false
    }

    /// Replays the removal of u-v: searches from both ends until they meet (no change) or
    /// one side runs out (that side becomes a component of its own). False when the
    /// searches spent the budget.
    private func split(_ u: Int, _ v: Int, _ graph: Replay, budget: inout Int) -> Bool {
        if stamp >= Int32.max - 2 {
            mark.update(repeating: 0, count: max(1, nodeCount))
            stamp = 0
        }
        let sideU = stamp + 1, sideV = stamp + 2
        stamp += 2
        queueU[0] = Int32(u); mark[u] = sideU
        queueV[0] = Int32(v); mark[v] = sideV
        var headU = 0, tailU = 1, headV = 0, tailV = 1
        let mark = self.mark, queueU = self.queueU, queueV = self.queueV
        defer { searchedLists += headU + headV }
        while true {
            // One citizen from each side; a side whose queue is done has found its component.
            if headU == tailU { relabel(queueU, tailU); return true }
            if headV == tailV { relabel(queueV, tailV); return true }
            budget -= 2
            if budget < 0 { return false }
            if Self.expand(Int(queueU[headU]), graph, mark: mark, side: sideU, other: sideV, queue: queueU, tail: &tailU) { return true }
            headU += 1
            if Self.expand(Int(queueV[headV]), graph, mark: mark, side: sideV, other: sideU, queue: queueV, tail: &tailV) { return true }
            headV += 1
        }
    }

    /// Gives the citizens of a component just split off a fresh label.
    private func relabel(_ members: UnsafeMutablePointer<Int32>, _ memberCount: Int) {
        let old = Int(label[Int(members[0])])
        let fresh = freeLabels.removeLast()
        for k in 0..<memberCount { label[Int(members[k])] = fresh }
        size[old] -= Int32(memberCount)
        size[Int(fresh)] = Int32(memberCount)
        count += 1
    }

    /// Replays the additions: joins labels, then points every citizen at its root label.
    private func join(_ added: [UInt64]) {
        var merged: [Int32] = []
        for e in added {
            var a = find(label[Int(e >> 32)]), b = find(label[Int(e & 0xFFFF_FFFF)])
            guard a != b else { continue }
            if size[Int(a)] < size[Int(b)] || (size[Int(a)] == size[Int(b)] && b < a) { swap(&a, &b) }
            parent[Int(b)] = a
            size[Int(a)] += size[Int(b)]
            size[Int(b)] = 0
            merged.append(b)
            count -= 1
        }
        guard !merged.isEmpty else { return }
        for i in 0..<nodeCount { label[i] = find(label[i]) }
        for l in merged { parent[Int(l)] = l; freeLabels.append(l) }
    }

    @inline(__always)
    private func find(_ l: Int32) -> Int32 {
        var x = l
        while parent[Int(x)] != x {
            let grandparent = parent[Int(parent[Int(x)])]
            parent[Int(x)] = grandparent
            x = grandparent
        }
        return x
    }
}
