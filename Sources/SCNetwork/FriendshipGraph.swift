/// An undirected simple graph stored as flat adjacency with slack.
///
/// Each citizen owns a run of `capacity[i]` slots in one shared `slots` array, starting at
/// `start[i]`, of which the first `degree[i]` hold its friends. Adding a tie writes into
/// the slack; a full run is moved to the end of `slots` with double the room, and the
/// abandoned runs stay behind until `compact()`. So ties are added and removed every step
/// without allocating in the common case, and a whole neighbourhood is one contiguous read.
/// (`grow` compacts once the abandoned runs exceed half the array, which moves alone never
/// reach, since each appends twice what it abandons. Over 520 steps at a million citizens
/// the used part grew by at most 56 bytes a citizen, within the array's first doubling;
/// see docs/PERFORMANCE.md.)
///
/// Removal swaps the last friend into the hole, so the order of a neighbour list is a
/// deterministic function of the history of additions and removals. Nothing here uses a
/// `Set` or `Dictionary`, whose order would change between processes.
public struct FriendshipGraph: Sendable {
    /// First slot of each citizen's run.
    @usableFromInline package private(set) var start: [Int]
    /// Number of friends of each citizen.
    @usableFromInline package private(set) var degree: [Int32]
    /// Number of friends with a larger id than the citizen's: the ties it owns in a pass
    /// that visits each tie once from its lower end (the tie phase's drift trials), known
    /// without reading the list.
    @usableFromInline package private(set) var higher: [Int32]
    /// Slots reserved for each citizen.
    @usableFromInline package private(set) var capacity: [Int32]
    /// Neighbour ids, run after run.
    @usableFromInline package private(set) var slots: [Int32]
    /// Number of undirected ties.
    public private(set) var edgeCount: Int = 0
    /// Slots left behind by runs that moved.
    private var abandonedSlots: Int = 0
    /// Changes since the network census last looked, while it keeps counts up to date
    /// (`addEdge` and `removeEdge` record themselves; `withMutableLists` callers record
    /// their batch).
    package var journal = TieJournal()

    /// An empty graph on `nodeCount` citizens with `reservedDegree` slots each.
    ///
    /// - Complexity: O(nodeCount * reservedDegree).
    public init(nodeCount: Int, reservedDegree: Int = 12) {
        precondition(nodeCount >= 0 && nodeCount < Int(Int32.max), "node count out of range")
        let reserve = max(1, reservedDegree)
        start = (0..<nodeCount).map { $0 * reserve }
        degree = [Int32](repeating: 0, count: nodeCount)
        higher = [Int32](repeating: 0, count: nodeCount)
        capacity = [Int32](repeating: Int32(reserve), count: nodeCount)
        slots = [Int32](repeating: -1, count: nodeCount * reserve)
    }

    /// Number of citizens (vertices).
    @inlinable public var nodeCount: Int { degree.count }

    /// Number of friends of `i`.
    @inlinable public func degree(of i: Int) -> Int { Int(degree[i]) }

    /// The friends of `i`, in storage order (a copy; hot loops use `withAdjacency`).
    public func neighbors(of i: Int) -> [Int32] {
        let s = start[i]
        return Array(slots[s..<(s + Int(degree[i]))])
    }

    /// Whether `i` and `j` are friends.
    ///
    /// - Complexity: O(min(degree(i), degree(j))).
    public func contains(_ i: Int, _ j: Int) -> Bool {
        let (a, b) = degree[i] <= degree[j] ? (i, j) : (j, i)
        let s = start[a], target = Int32(b)
        for k in s..<(s + Int(degree[a])) where slots[k] == target { return true }
        return false
    }

    /// Adds the tie i-j. Returns false, changing nothing, for a self-loop or an existing tie.
    ///
    /// - Complexity: O(min degree), amortised O(1) for the move of a full run.
    @discardableResult
    public mutating func addEdge(_ i: Int, _ j: Int) -> Bool {
        if i == j || contains(i, j) { return false }
        append(Int32(j), to: i)
        append(Int32(i), to: j)
        edgeCount += 1
        journal.record(i, j, added: true)
        return true
    }

    /// Appends `friend` to `i`'s list and nothing else: half of a tie, for rebuilding a
    /// graph list by list in a saved order (the other half comes with `friend`'s list).
    /// The caller must supply both halves of every tie; `edgeCount` counts each pair once.
    package mutating func appendNeighbour(_ friend: Int32, to i: Int) {
        journal.markLost()
        append(friend, to: i)
        if Int(friend) > i { edgeCount += 1 }
    }

    /// Appends `friend` to `i`'s list, growing it if full, without touching `edgeCount`:
    /// the second half of a change applied with `withMutableLists`, whose caller reports
    /// the ties with `noteTieChanges`.
    package mutating func appendHalfTie(_ friend: Int32, to i: Int) {
        append(friend, to: i)
    }

    /// Corrects `edgeCount` after ties were added or removed through `withMutableLists`.
    package mutating func noteTieChanges(added: Int, removed: Int) {
        edgeCount += added - removed
    }

    /// Raw mutable access to the lists, for applying a step's tie changes on several
    /// threads, each thread changing only the lists of the citizens it owns. Lists can
    /// lose friends and gain them within their capacity; a full list cannot grow here
    /// (that moves it within the shared storage), so the caller keeps such additions for
    /// `appendHalfTie` afterwards. The caller must leave the graph symmetric and report the
    /// changes with `noteTieChanges`.
    package mutating func withMutableLists<R>(_ body: (MutableAdjacency) throws -> R) rethrows -> R {
        let n = nodeCount
        return try start.withUnsafeBufferPointer { st in
            try capacity.withUnsafeBufferPointer { cap in
                try degree.withUnsafeMutableBufferPointer { dg in
                    try higher.withUnsafeMutableBufferPointer { hi in
                        try slots.withUnsafeMutableBufferPointer { sl in
                            try body(MutableAdjacency(start: st.baseAddress!, capacity: cap.baseAddress!, degree: dg.baseAddress!,
                                                      higher: hi.baseAddress!, slots: sl.baseAddress!, nodeCount: n))
                        }
                    }
                }
            }
        }
    }

    /// Removes the tie i-j. Returns false when there was none.
    ///
    /// - Complexity: O(degree(i) + degree(j)).
    @discardableResult
    public mutating func removeEdge(_ i: Int, _ j: Int) -> Bool {
        guard i != j, detach(Int32(j), from: i) else { return false }
        let other = detach(Int32(i), from: j)
        assert(other, "adjacency was not symmetric")
        edgeCount -= 1
        journal.record(i, j, added: false)
        return true
    }

    /// Every tie once, as (smaller id, larger id), sorted ascending.
    public func edges() -> [(Int32, Int32)] {
        var result: [(Int32, Int32)] = []
        result.reserveCapacity(edgeCount)
        for i in 0..<nodeCount {
            let s = start[i]
            var mine: [Int32] = []
            for k in s..<(s + Int(degree[i])) where slots[k] > Int32(i) { mine.append(slots[k]) }
            mine.sort()
            for j in mine { result.append((Int32(i), j)) }
        }
        return result
    }

    /// Rewrites `slots` without the abandoned runs, keeping each list's order.
    ///
    /// - Complexity: O(nodeCount + total capacity).
    package mutating func compact(slack: Int = 4) {
        var newSlots = [Int32]()
        var total = 0
        for i in 0..<nodeCount { total += Int(degree[i]) + slack }
        newSlots.reserveCapacity(total)
        for i in 0..<nodeCount {
            let s = start[i], d = Int(degree[i])
            start[i] = newSlots.count
            newSlots.append(contentsOf: slots[s..<(s + d)])
            for _ in 0..<slack { newSlots.append(-1) }
            capacity[i] = Int32(d + slack)
        }
        slots = newSlots
        abandonedSlots = 0
    }

    /// Read-only raw access for hot loops; the view is valid only inside `body`.
    @inlinable
    package func withAdjacency<R>(_ body: (AdjacencyView) throws -> R) rethrows -> R {
        try start.withUnsafeBufferPointer { st in
            try degree.withUnsafeBufferPointer { dg in
                try higher.withUnsafeBufferPointer { hi in
                    try slots.withUnsafeBufferPointer { sl in
                        try body(AdjacencyView(start: st.baseAddress!, degree: dg.baseAddress!, higher: hi.baseAddress!,
                                               slots: sl.baseAddress!, nodeCount: dg.count))
                    }
                }
            }
        }
    }

    /// Problems with the structure: asymmetric ties, self-loops, duplicates, a degree sum
    /// that is not twice the edge count. Empty when the graph is sound.
    public func invariantViolations() -> [String] {
        var problems: [String] = []
        var degreeSum = 0
        for i in 0..<nodeCount {
            let list = neighbors(of: i)
            degreeSum += list.count
            if list.contains(Int32(i)) { problems.append("self-loop at \(i)") }
            if Set(list).count != list.count { problems.append("duplicate neighbour at \(i)") }
            for j in list where j < 0 || Int(j) >= nodeCount || !neighbors(of: Int(j)).contains(Int32(i)) {
                problems.append("tie \(i)-\(j) not symmetric")
            }
            if degree[i] > capacity[i] { problems.append("degree over capacity at \(i)") }
            if Int(higher[i]) != list.count(where: { Int($0) > i }) { problems.append("count of higher friends wrong at \(i)") }
        }
        if degreeSum != 2 * edgeCount { problems.append("degree sum \(degreeSum) != 2 x \(edgeCount) edges") }
        return problems
    }

    // MARK: - Private

    private mutating func append(_ friend: Int32, to i: Int) {
        if degree[i] == capacity[i] { grow(i) }
        slots[start[i] + Int(degree[i])] = friend
        degree[i] += 1
        if Int(friend) > i { higher[i] += 1 }
    }

    private mutating func grow(_ i: Int) {
        let oldStart = start[i], oldCapacity = Int(capacity[i])
        let newCapacity = max(4, oldCapacity * 2)
        let newStart = slots.count
        let d = Int(degree[i])
        // Element by element: appending a slice of `slots` to itself would copy the whole
        // array (the slice keeps the old buffer alive).
        for k in 0..<d { slots.append(slots[oldStart + k]) }
        slots.append(contentsOf: repeatElement(-1, count: newCapacity - d))
        start[i] = newStart
        capacity[i] = Int32(newCapacity)
        abandonedSlots += oldCapacity
        if abandonedSlots > slots.count / 2 { compact() }
    }

    private mutating func detach(_ friend: Int32, from i: Int) -> Bool {
        withMutableLists { $0.detach(friend, from: i) }
    }
}

/// Raw, read-only pointers into a `FriendshipGraph`, for loops over every citizen.
///
/// Valid only inside `FriendshipGraph.withAdjacency`; never store one.
// @unchecked: read-only pointers; the graph is not changed while a view exists.
@usableFromInline package struct AdjacencyView: @unchecked Sendable {
    @usableFromInline package let start: UnsafePointer<Int>
    @usableFromInline package let degree: UnsafePointer<Int32>
    /// Friends with a larger id, per citizen (`FriendshipGraph.higher`).
    @usableFromInline package let higher: UnsafePointer<Int32>
    @usableFromInline package let slots: UnsafePointer<Int32>
    @usableFromInline package let nodeCount: Int

    @inlinable
    @usableFromInline package init(start: UnsafePointer<Int>, degree: UnsafePointer<Int32>, higher: UnsafePointer<Int32>,
                slots: UnsafePointer<Int32>, nodeCount: Int) {
        self.start = start
        self.degree = degree
        self.higher = higher
        self.slots = slots
        self.nodeCount = nodeCount
    }

    /// The friends of `i` as a buffer into the graph's storage.
    @inlinable
    @usableFromInline package func neighbors(_ i: Int) -> UnsafeBufferPointer<Int32> {
        UnsafeBufferPointer(start: slots + start[i], count: Int(degree[i]))
    }

    /// The friends of `i` with ids below `limit`: its degree in the subgraph of the first
    /// `limit` nodes (the citizens, when sybil slots follow them).
    @inlinable
    @usableFromInline package func degree(of i: Int, below limit: Int) -> Int {
        guard limit < nodeCount else { return Int(degree[i]) }
        var d = 0
        for v in neighbors(i) where Int(v) < limit { d += 1 }
        return d
    }

    /// Whether `i` has a friend with an id below `limit` (`degree(of:below:) > 0`, stopping
    /// at the first such friend: for a citizen, usually the first in its list).
    @inlinable
    @usableFromInline package func hasFriend(_ i: Int, below limit: Int) -> Bool {
        guard limit < nodeCount else { return degree[i] > 0 }
        for v in neighbors(i) where Int(v) < limit { return true }
        return false
    }

    /// `degree(of: i, below: limit)` for every i below `limit`, into `degrees`: each degree
    /// less the friends at or above the limit, counted from those nodes' own lists (ties
    /// are mutual). With sybil slots after the citizens that reads the sybils' few lists
    /// instead of every citizen's.
    @inlinable
    @usableFromInline package func degrees(below limit: Int, into degrees: UnsafeMutablePointer<Int32>) {
        precondition(limit <= nodeCount, "the limit is at most the node count")
        for i in 0..<limit { degrees[i] = degree[i] }
        guard limit < nodeCount else { return }
        for s in limit..<nodeCount {
            for v in neighbors(s) where Int(v) < limit { degrees[Int(v)] -= 1 }
        }
    }

    /// Whether `j` is in `i`'s list: the same answer as `contains(i, j)`, reading only
    /// `i`'s list, for a caller that has it at hand and for whom `j` is a random citizen
    /// (reading `j`'s degree would be a miss to memory).
    @inlinable
    @usableFromInline package func listOf(_ i: Int, contains j: Int) -> Bool {
        let target = Int32(j)
        for friend in neighbors(i) where friend == target { return true }
        return false
    }

    /// Whether `i` and `j` are friends (scans the shorter list).
    @inlinable
    @usableFromInline package func contains(_ i: Int, _ j: Int) -> Bool {
        let (a, b) = degree[i] <= degree[j] ? (i, j) : (j, i)
        let target = Int32(b)
        for friend in neighbors(a) where friend == target { return true }
        return false
    }
}

/// Raw, mutable pointers into a `FriendshipGraph`'s lists (see `withMutableLists`).
///
/// Each method changes one citizen's list only, so threads that own disjoint sets of
/// citizens may use one view at once. Valid only inside `withMutableLists`.
// @unchecked: threads that use one view at once change disjoint citizens' lists only.
@usableFromInline package struct MutableAdjacency: @unchecked Sendable {
    @usableFromInline package let start: UnsafePointer<Int>
    @usableFromInline package let capacity: UnsafePointer<Int32>
    @usableFromInline package let degree: UnsafeMutablePointer<Int32>
    @usableFromInline package let higher: UnsafeMutablePointer<Int32>
    @usableFromInline package let slots: UnsafeMutablePointer<Int32>
    @usableFromInline package let nodeCount: Int

    @inlinable
    @usableFromInline package init(start: UnsafePointer<Int>, capacity: UnsafePointer<Int32>, degree: UnsafeMutablePointer<Int32>,
                higher: UnsafeMutablePointer<Int32>, slots: UnsafeMutablePointer<Int32>, nodeCount: Int) {
        self.start = start
        self.capacity = capacity
        self.degree = degree
        self.higher = higher
        self.slots = slots
        self.nodeCount = nodeCount
    }

    /// Whether `j` is in `i`'s list.
    @inlinable
    @usableFromInline package func listOf(_ i: Int, contains j: Int) -> Bool {
        let s = start[i], target = Int32(j)
        for k in s..<(s + Int(degree[i])) where slots[k] == target { return true }
        return false
    }

    /// Removes `friend` from `i`'s list as `FriendshipGraph.removeEdge` does (the last
    /// friend moves into the hole). Returns false when it was not there.
    @inlinable
    @usableFromInline package func detach(_ friend: Int32, from i: Int) -> Bool {
        let s = start[i], d = Int(degree[i])
        for k in s..<(s + d) where slots[k] == friend {
            slots[k] = slots[s + d - 1]
            slots[s + d - 1] = -1
            degree[i] = Int32(d - 1)
            if Int(friend) > i { higher[i] -= 1 }
            return true
        }
        return false
    }

    /// Appends `friend` to `i`'s list if it has room. Returns false, changing nothing,
    /// when the list is full.
    @inlinable
    @usableFromInline package func appendIfRoom(_ friend: Int32, to i: Int) -> Bool {
        let d = degree[i]
        guard d < capacity[i] else { return false }
        slots[start[i] + Int(d)] = friend
        degree[i] = d + 1
        if Int(friend) > i { higher[i] += 1 }
        return true
    }
}
