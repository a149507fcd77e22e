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
/// (a search that outgrows its budget) gives up, and the caller recounts.
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
    private var stamp: Int32 = 0
    private var queueU: [Int32] = []
    private var queueV: [Int32] = []
    /// Components, isolated citizens included.
    public private(set) var count = 0
    /// Whether the labels describe the graph (false until the first `load`).
    public private(set) var isCounted = false
    /// Batches replayed since the last full count (for tests and profiles).
    public private(set) var replays = 0

    public init(nodeCount: Int) {
        self.nodeCount = nodeCount
        let n = max(1, nodeCount)
        label = .allocate(capacity: n)
        label.initialize(repeating: 0, count: n)
        size = .allocate(capacity: n)
        size.initialize(repeating: 0, count: n)
        parent = .allocate(capacity: n)
        for i in 0..<n { parent[i] = Int32(i) }
        mark = .allocate(capacity: n)
        mark.initialize(repeating: 0, count: n)
    }

    deinit {
        label.deallocate()
        size.deallocate()
        parent.deallocate()
        mark.deallocate()
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
        // The searches may read as many lists as a recount does.
        var budget = n
        if !removed.isEmpty {
            var removedByEnd: [UInt64] = []
            removedByEnd.reserveCapacity(2 * removed.count)
            for key in removed { removedByEnd.append(key); removedByEnd.append((key & 0xFFFF_FFFF) << 32 | key >> 32) }
            removedByEnd.sort()
            let ok = added.withUnsafeBufferPointer { addedKeys in
                removedByEnd.withUnsafeBufferPointer { byEnd in
                    for e in removed {
                        let graph = Replay(adjacency: adjacency, added: addedKeys, removedByEnd: byEnd, replayed: e, limit: n)
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
        let removedByEnd: UnsafeBufferPointer<UInt64>
        let replayed: UInt64
        let limit: Int

        /// Calls `body` with each friend of `x`; stops early when `body` returns false.
        @inline(__always)
        func forEachFriend(of x: Int, _ body: (Int) -> Bool) -> Bool {
            for y32 in adjacency.neighbors(x) {
                let y = Int(y32)
                guard y < limit else { continue }
                if !added.isEmpty && NetTieChanges.contains(added, TieJournal.key(x, y)) { continue }
                if !body(y) { return false }
            }
            let first = UInt64(x) << 32
            var low = 0, high = removedByEnd.count
            while low < high {
                let mid = (low + high) >> 1
                if removedByEnd[mid] < first { low = mid + 1 } else { high = mid }
            }
            while low < removedByEnd.count && removedByEnd[low] >> 32 == UInt64(x) {
                let y = Int(removedByEnd[low] & 0xFFFF_FFFF)
                low += 1
                if TieJournal.key(x, y) > replayed && !body(y) { return false }
            }
            return true
        }
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
        queueU.removeAll(keepingCapacity: true)
        queueV.removeAll(keepingCapacity: true)
        queueU.append(Int32(u)); mark[u] = sideU
        queueV.append(Int32(v)); mark[v] = sideV
        var headU = 0, headV = 0
        while true {
            // One citizen from each side; a side whose queue is done has found its component.
            if headU == queueU.count { relabel(queueU); return true }
            if headV == queueV.count { relabel(queueV); return true }
            budget -= 2
            if budget < 0 { return false }
            var met = false
            let x = Int(queueU[headU]); headU += 1
            _ = graph.forEachFriend(of: x) { y in
                if mark[y] == sideV { met = true; return false }
                if mark[y] != sideU { mark[y] = sideU; queueU.append(Int32(y)) }
                return true
            }
            if met { return true }
            let z = Int(queueV[headV]); headV += 1
            _ = graph.forEachFriend(of: z) { y in
                if mark[y] == sideU { met = true; return false }
                if mark[y] != sideV { mark[y] = sideV; queueV.append(Int32(y)) }
                return true
            }
            if met { return true }
        }
    }

    /// Gives the citizens of a component just split off a fresh label.
    private func relabel(_ members: [Int32]) {
        let old = Int(label[Int(members[0])])
        let fresh = freeLabels.removeLast()
        for m in members { label[Int(m)] = fresh }
        size[old] -= Int32(members.count)
        size[Int(fresh)] = Int32(members.count)
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
