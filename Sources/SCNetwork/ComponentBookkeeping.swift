/// Connected components kept up to date from each step's tie changes instead of being
/// recounted.
///
/// Every citizen carries a component label. A batch of changes (`NetTieChanges`) is
/// replayed as additions, then removals, all against the new graph as it stands:
/// - An addition joins two labels (union-find over labels, the smaller under the larger);
///   afterwards every citizen's label is pointed at its root. The labels are then the
///   components of the old graph plus the additions, which the new graph refines.
/// - Removals: a component C of that graph splits into pieces (the new graph's components
///   inside C), and every piece holds an end of a removed tie, because C was connected
///   through them. So it is enough to place every end: C's first end is its anchor, and
///   each later end is either shown connected to the anchor or its whole piece is found
///   and given a fresh label (an end in a piece already found needs nothing). To show an
///   end connected, a search runs from the end and from the anchor at once, a citizen at
///   a time from each side; if they meet, nothing changed; if the end's side runs out,
///   that side is the end's piece; if the anchor's side runs out, that is the anchor's
///   piece and the end becomes the anchor. At the end of the batch, the pieces not found
///   are the anchors' pieces, one per component, which keep the label.
/// - What the searches learn is kept for the rest of the batch: citizens proven connected
///   in the new graph (the ends of a removed tie that still share a friend, checked first
///   with two lists; everything both sides of a search reached, when they met) are joined
///   in a union-find over citizens, and a search treats each such set as one citizen: it
///   meets the other side on reaching any member, and reads the members' lists (one a
///   step) only after the rest of its queue. So the anchor's set grows with every search that
///   meets, and a later end's search stops at the first friend in it: on the baseline
///   (10,000 citizens, about 580 removals and two splits a step) the searches of
///   a batch read about 900 lists (besides two a removal for the common-friend check)
///   where searches between the two ends of each removed tie read 6,000 and took as long
///   as a recount: two balls grown from the ends meet only when they collide at random.
/// The counts are integers and the labels partition the citizens exactly as a recount
/// would, which the tests check at every step. A batch whose searches read more lists
/// than `searchBudget` (a component broken into big pieces) gives up, and the caller
/// recounts.
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
    /// Search marks: the side that reached a citizen (or a proven set, at its root), and the
    /// friends of a removed tie's first end in the common-friend check.
    private let mark: UnsafeMutablePointer<Int32>
    private var stamp: Int32 = 0
    /// The two searches' queues (a side never holds more than every citizen).
    private let queueU: UnsafeMutablePointer<Int32>
    private let queueV: UnsafeMutablePointer<Int32>
    /// Sets proven connected in the new graph, during a batch: union-find parent and a
    /// circular list of each set's members. Valid for citizens whose `provenStamp` is the
    /// batch's; any other citizen is a set of its own.
    private let provenParent: UnsafeMutablePointer<Int32>
    private let provenNext: UnsafeMutablePointer<Int32>
    private let provenStamp: UnsafeMutablePointer<Int32>
    /// Per label, during a batch (when `labelStamp` is the batch's): the component's anchor,
    /// or -1 for a piece found by the batch (complete).
    private let anchor: UnsafeMutablePointer<Int32>
    private let labelStamp: UnsafeMutablePointer<Int32>
    private var batch: Int32 = 0
    /// Proven sets reached by each side of a search (their roots).
    private var touchedU: [Int32] = []
    private var touchedV: [Int32] = []
    /// Components, isolated citizens included.
    public private(set) var count = 0
    /// Whether the labels describe the graph (false until the first `load`).
    public private(set) var isCounted = false
    /// Batches replayed since the last full count (for tests and profiles).
    public private(set) var replays = 0
    /// Lists read by the searches since the last full count.
    public private(set) var searchedLists = 0
    /// Most removals a replay takes on (more are left to a recount):
    /// `defaultMaximumRemovals`.
    public var maximumRemovals: Int
    /// The default `maximumRemovals` for `nodeCount` citizens: n / 8 up to 2^14 citizens
    /// (2^17 when the replay runs `besideTriangles`, on a worker of its own while another
    /// replays the triangle counts), n / 64 above. Each removal costs two lists for the
    /// common-friend check and perhaps a search, read in random order, where a recount
    /// (`ComponentCensus`) streams through the lists and joins about two friends a citizen.
    /// Measured on the baseline's batches (about n / 17 removals a step), replay against
    /// recount: 10,000 citizens 0.22 against 0.23 ms a row; 100,000, 4.2-5.0 against 2.8 ms;
    /// a million, 65 against 19 ms (55,000 removals; each list and mark a miss to memory).
    /// Beside the triangle replay, which takes as long at 100,000, the replay costs nothing.
    public static func defaultMaximumRemovals(nodeCount: Int, besideTriangles: Bool = false) -> Int {
        nodeCount <= (besideTriangles ? 1 << 17 : 1 << 14) ? nodeCount / 8 : nodeCount / 64
    }
    /// Most lists a replay's searches may read before it gives up: n / 4.
    public var searchBudget: Int

    public init(nodeCount: Int, besideTriangles: Bool = false) {
        self.nodeCount = nodeCount
        maximumRemovals = Self.defaultMaximumRemovals(nodeCount: nodeCount, besideTriangles: besideTriangles)
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
        queueU = .allocate(capacity: n)
        queueV = .allocate(capacity: n)
        provenParent = .allocate(capacity: n)
        provenNext = .allocate(capacity: n)
        provenStamp = .allocate(capacity: n)
        provenStamp.initialize(repeating: 0, count: n)
        anchor = .allocate(capacity: n)
        labelStamp = .allocate(capacity: n)
        labelStamp.initialize(repeating: 0, count: n)
    }

    deinit {
        label.deallocate()
        size.deallocate()
        parent.deallocate()
        mark.deallocate()
        queueU.deallocate()
        queueV.deallocate()
        provenParent.deallocate()
        provenNext.deallocate()
        provenStamp.deallocate()
        anchor.deallocate()
        labelStamp.deallocate()
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
        let removed = changes.removed.filter { Int($0 & 0xFFFF_FFFF) < n }
        guard removed.count <= maximumRemovals else { isCounted = false; return false }
        let added = changes.added.filter { Int($0 & 0xFFFF_FFFF) < n }
        if !added.isEmpty { join(added) }
        if !removed.isEmpty {
            guard place(removed, adjacency) else { isCounted = false; return false }
        }
        replays += 1
        return true
    }

    /// Whether the ends of the removed tie u-v still share a friend (below the limit):
    /// then they are connected, with no search.
    @inline(__always)
    private func shareAFriend(_ u: Int, _ v: Int, _ adjacency: AdjacencyView) -> Bool {
        nextStamp(1)
        let s = stamp, n = nodeCount
        // Mark the shorter list, scan the longer.
        let (a, b) = adjacency.degree[u] <= adjacency.degree[v] ? (u, v) : (v, u)
        for w in adjacency.neighbors(a) where Int(w) < n { mark[Int(w)] = s }
        for w in adjacency.neighbors(b) where Int(w) < n && mark[Int(w)] == s { return true }
        return false
    }

    /// Makes `used` fresh stamps available (clearing the marks when the stamps run out).
    @inline(__always)
    private func nextStamp(_ used: Int32) {
        if stamp >= Int32.max - used {
            mark.update(repeating: 0, count: max(1, nodeCount))
            stamp = 0
        }
        stamp += used
    }

    /// Replays the removals (see the type's comment): places every end of a removed tie
    /// in its component's anchor's piece or in a piece of its own. False when the
    /// searches spent the budget.
    private func place(_ removed: [UInt64], _ adjacency: AdjacencyView) -> Bool {
        if batch == Int32.max {
            provenStamp.update(repeating: 0, count: max(1, nodeCount))
            labelStamp.update(repeating: 0, count: max(1, nodeCount))
            batch = 0
        }
        batch += 1
        // Ends that share a friend are connected: one proven set, before any search.
        for key in removed {
            let u = Int(key >> 32), v = Int(key & 0xFFFF_FFFF)
            if shareAFriend(u, v, adjacency) { unionProven(u, v) }
        }
        var budget = searchBudget
        for key in removed {
            for end in 0..<2 {
                let e = end == 0 ? Int(key >> 32) : Int(key & 0xFFFF_FFFF)
                let l = Int(label[e])
                guard labelStamp[l] == batch else {
                    labelStamp[l] = batch
                    anchor[l] = Int32(e)
                    continue
                }
                let a = Int(anchor[l])
                guard a >= 0, findProven(e) != findProven(a) else { continue }
                switch search(e, a, adjacency, budget: &budget) {
                case .met: break
                case .firstRanOut: break
                case .secondRanOut: anchor[l] = Int32(e)
                case .overBudget: return false
                }
            }
        }
        return true
    }

    private enum Outcome { case met, firstRanOut, secondRanOut, overBudget }

    /// One side of a search: its queue of citizens, and the proven sets it reached, whose
    /// members it reads after the queue (`cursor` walks the current set's circle).
    private struct Side {
        let queue: UnsafeMutablePointer<Int32>
        var head = 0, tail = 0
        var touchedRead = 0
        var cursor = -1, circleRoot = -1
        let mark: Int32
    }

    /// Marks `y` (or its proven set, at the root) for `side`. Returns true when the other
    /// side had it (the searches met).
    @inline(__always)
    private func visit(_ y: Int, _ side: inout Side, other: Int32, touched: inout [Int32]) -> Bool {
        if provenStamp[y] == batch {
            let r = findProven(y)
            let m = mark[r]
            if m == side.mark { return false }
            if m == other { return true }
            mark[r] = side.mark
            touched.append(Int32(r))
        } else {
            let m = mark[y]
            if m == side.mark { return false }
            if m == other { return true }
            mark[y] = side.mark
            side.queue[side.tail] = Int32(y)
            side.tail += 1
        }
        return false
    }

    /// The next citizen whose list `side` reads: its queue first, then the members of the
    /// proven sets it reached; nil when it has read everything (it has found its piece).
    @inline(__always)
    private func next(_ side: inout Side, touched: [Int32]) -> Int? {
        if side.head < side.tail {
            side.head += 1
            return Int(side.queue[side.head - 1])
        }
        if side.cursor < 0 {
            guard side.touchedRead < touched.count else { return nil }
            side.circleRoot = Int(touched[side.touchedRead])
            side.touchedRead += 1
            side.cursor = side.circleRoot
        }
        let x = side.cursor
        let following = Int(provenNext[x])
        side.cursor = following == side.circleRoot ? -1 : following
        return x
    }

    /// Reads `x`'s list for `side`. True when it met the other side.
    @inline(__always)
    private func expand(_ x: Int, _ side: inout Side, other: Int32, touched: inout [Int32], _ adjacency: AdjacencyView) -> Bool {
        let n = nodeCount
        for y32 in adjacency.neighbors(x) where Int(y32) < n {
            if visit(Int(y32), &side, other: other, touched: &touched) { return true }
        }
        return false
    }

    /// Searches from `e` and `a` at once, a list from each side in turn, in the new graph
    /// (proven sets standing for their members). Met: everything either side reached is
    /// one proven set. A side that ran out has found its piece, which gets a fresh label.
    private func search(_ e: Int, _ a: Int, _ adjacency: AdjacencyView, budget: inout Int) -> Outcome {
        nextStamp(2)
        var first = Side(queue: queueU, mark: stamp - 1), second = Side(queue: queueV, mark: stamp)
        // Held in locals during the search (no exclusivity checks on the class's storage),
        // handed back with their capacity.
        var touchedFirst = touchedU, touchedSecond = touchedV
        touchedU = []
        touchedV = []
        touchedFirst.removeAll(keepingCapacity: true)
        touchedSecond.removeAll(keepingCapacity: true)
        var read = 0
        defer {
            searchedLists += read
            budget -= read
            touchedU = touchedFirst
            touchedV = touchedSecond
        }
        _ = visit(e, &first, other: second.mark, touched: &touchedFirst)
        _ = visit(a, &second, other: first.mark, touched: &touchedSecond)
        while read <= budget {
            guard let x = next(&first, touched: touchedFirst) else { relabel(first, touchedFirst); return .firstRanOut }
            read += 1
            if expand(x, &first, other: second.mark, touched: &touchedFirst, adjacency) {
                prove(first, touchedFirst, second, touchedSecond)
                return .met
            }
            guard let z = next(&second, touched: touchedSecond) else { relabel(second, touchedSecond); return .secondRanOut }
            read += 1
            if expand(z, &second, other: first.mark, touched: &touchedSecond, adjacency) {
                prove(first, touchedFirst, second, touchedSecond)
                return .met
            }
        }
        return .overBudget
    }

    /// After a search met: everything both sides reached is one proven set.
    private func prove(_ first: Side, _ touchedFirst: [Int32], _ second: Side, _ touchedSecond: [Int32]) {
        let start = touchedFirst.first.map(Int.init) ?? Int(first.queue[0])
        startProven(start)
        let root = findProven(start)
        for k in 0..<first.tail { attachProven(Int(first.queue[k]), to: root) }
        for r in touchedFirst { attachProven(Int(r), to: root) }
        for k in 0..<second.tail { attachProven(Int(second.queue[k]), to: root) }
        for r in touchedSecond { attachProven(Int(r), to: root) }
    }

    /// Puts `x`'s set under `root` (a root), which stays the root. Most citizens a search
    /// reached are in no set yet: they go straight under the root, with no find.
    @inline(__always)
    private func attachProven(_ x: Int, to root: Int) {
        if provenStamp[x] != batch {
            provenStamp[x] = batch
            provenParent[x] = Int32(root)
            provenNext[x] = provenNext[root]
            provenNext[root] = Int32(x)
            return
        }
        let r = findProven(x)
        guard r != root else { return }
        provenParent[r] = Int32(root)
        let t = provenNext[root]
        provenNext[root] = provenNext[r]
        provenNext[r] = t
    }

    /// Gives a piece just found (a side's queue and the members of the sets it reached) a
    /// fresh label, marked complete for the rest of the batch.
    private func relabel(_ side: Side, _ touched: [Int32]) {
        let old = Int(label[side.tail > 0 ? Int(side.queue[0]) : Int(touched[0])])
        let fresh = freeLabels.removeLast()
        var members = 0
        for k in 0..<side.tail { label[Int(side.queue[k])] = fresh }
        members += side.tail
        for r in touched {
            var x = Int(r)
            repeat { label[x] = fresh; members += 1; x = Int(provenNext[x]) } while x != Int(r)
        }
        size[old] -= Int32(members)
        size[Int(fresh)] = Int32(members)
        labelStamp[Int(fresh)] = batch
        anchor[Int(fresh)] = -1
        count += 1
    }

    /// The root of `x`'s proven set (itself when it is in none), halving the path.
    @inline(__always)
    private func findProven(_ x: Int) -> Int {
        guard provenStamp[x] == batch else { return x }
        return unionFindRoot(provenParent, x)
    }

    /// Makes `x` a set of its own in this batch's union-find, unless it is in one.
    @inline(__always)
    private func startProven(_ x: Int) {
        guard provenStamp[x] != batch else { return }
        provenStamp[x] = batch
        provenParent[x] = Int32(x)
        provenNext[x] = Int32(x)
    }

    /// Joins the proven sets of `a` and `b` (b's root under a's) and their member circles.
    @inline(__always)
    private func unionProven(_ a: Int, _ b: Int) {
        startProven(a)
        startProven(b)
        let ra = findProven(a), rb = findProven(b)
        guard ra != rb else { return }
        provenParent[rb] = Int32(ra)
        let t = provenNext[ra]
        provenNext[ra] = provenNext[rb]
        provenNext[rb] = t
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
    private func find(_ l: Int32) -> Int32 { Int32(unionFindRoot(parent, Int(l))) }
}
