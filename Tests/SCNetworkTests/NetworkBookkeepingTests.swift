import Testing
@testable import SCNetwork

/// Triangle counts and component labels kept from a journal of tie changes, against
/// counts from scratch after random batches (issue 17).
struct NetworkBookkeepingTests {
    /// A reproducible stream of integers (SplitMix64).
    struct Mix {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(bound))
        }
    }

    /// Triangles at each node of the first `limit` nodes, by brute force.
    static func triangles(_ graph: FriendshipGraph, limit: Int) -> [Int] {
        var at = [Int](repeating: 0, count: limit)
        for u in 0..<limit {
            let friends = graph.neighbors(of: u).map(Int.init).filter { $0 < limit }
            for a in 0..<friends.count { for b in (a + 1)..<friends.count where graph.contains(friends[a], friends[b]) { at[u] += 1 } }
        }
        return at
    }

    /// Components of the first `limit` nodes by breadth-first search: (label per node, count).
    static func components(_ graph: FriendshipGraph, limit: Int) -> [Int] {
        var label = [Int](repeating: -1, count: limit)
        var next = 0
        for s in 0..<limit where label[s] < 0 {
            label[s] = next
            var queue = [s]
            while let x = queue.popLast() {
                for y in graph.neighbors(of: x).map(Int.init) where y < limit && label[y] < 0 { label[y] = next; queue.append(y) }
            }
            next += 1
        }
        return label
    }

    /// Random batches on sparse graphs (many components, many splits and joins), some
    /// ties removed and added again within a batch, and nodes above the limit whose ties
    /// must be ignored.
    @Test(arguments: [(60, 60, 1), (60, 50, 2), (200, 200, 3), (200, 170, 4)])
    func keptCountsEqualCountsFromScratch(nodes: Int, limit: Int, seed: UInt64) {
        var mix = Mix(state: seed)
        var graph = FriendshipGraph(nodeCount: nodes, reservedDegree: 3)
        for _ in 0..<(nodes * 3 / 2) { graph.addEdge(mix.next(nodes), mix.next(nodes)) }
        let triangles = TriangleBookkeeping(nodeCount: limit)
        let components = ComponentBookkeeping(nodeCount: limit)
        components.maximumRemovals = .max
        components.searchBudget = .max
        let recount = {
            let counts = Self.triangles(graph, limit: limit)
            triangles.load { counts[$0] }
            ComponentCensus.recount(graph, into: components)
        }
        recount()
        graph.journal.start(limit: 1 << 20)
        var splits = 0, joins = 0
        for batch in 0..<60 {
            let before = Set(Self.components(graph, limit: limit)).count
            // A batch: removals, additions, and a few ties cut and made again.
            for _ in 0..<(1 + mix.next(12)) {
                let u = mix.next(nodes), friends = graph.neighbors(of: u)
                if !friends.isEmpty { graph.removeEdge(u, Int(friends[mix.next(friends.count)])) }
            }
            for _ in 0..<(1 + mix.next(12)) { graph.addEdge(mix.next(nodes), mix.next(nodes)) }
            for _ in 0..<2 {
                let u = mix.next(nodes), friends = graph.neighbors(of: u)
                if let v = friends.first { graph.removeEdge(u, Int(v)); graph.addEdge(u, Int(v)) }
            }
            let changes = graph.journal.take()!
            graph.withAdjacency { triangles.apply(changes, $0) }
            let replayed = graph.withAdjacency { components.apply(changes, $0) }
            #expect(replayed, "batch \(batch)")
            let expected = Self.triangles(graph, limit: limit)
            #expect((0..<limit).map { Int(triangles.corners[$0]) } == expected, "batch \(batch)")
            #expect(triangles.triangles * 3 == expected.reduce(0, +), "batch \(batch)")
            let truth = Self.components(graph, limit: limit)
            let count = Set(truth).count
            #expect(components.count == count, "batch \(batch)")
            // Same partition: a label per true component and a true component per label.
            var labelOf = [Int: Int](), truthOf = [Int: Int]()
            for i in 0..<limit {
                let l = components.component(of: i)
                #expect(labelOf[truth[i], default: l] == l && truthOf[l, default: truth[i]] == truth[i], "batch \(batch) node \(i)")
                labelOf[truth[i]] = l
                truthOf[l] = truth[i]
            }
            let sizes = Dictionary(grouping: truth, by: { $0 }).values.map(\.count).sorted(by: >)
            let summary = components.summary(isolated: 0)
            #expect(summary.largest == sizes[0] && summary.secondLargest == (sizes.count > 1 ? sizes[1] : 0), "batch \(batch)")
            if count > before { splits += 1 }
            if count < before { joins += 1 }
        }
        #expect(splits > 5 && joins > 5, "splits \(splits), joins \(joins)")
    }

    /// A book loaded from `graph`, the changes `change` makes to it, replayed: the book,
    /// and whether the replay succeeded.
    static func replay(_ graph: inout FriendshipGraph, _ change: (inout FriendshipGraph) -> Void) -> (ComponentBookkeeping, Bool) {
        let book = ComponentBookkeeping(nodeCount: graph.nodeCount)
        // n / 8 removals and n / 4 lists are 0 and 1 for these few citizens.
        book.maximumRemovals = .max
        book.searchBudget = .max
        ComponentCensus.recount(graph, into: book)
        graph.journal.start(limit: 1 << 10)
        change(&graph)
        let changes = graph.journal.take()!
        let replayed = graph.withAdjacency { book.apply(changes, $0) }
        return (book, replayed)
    }

    /// Whether the book's labels are the true partition of `graph`.
    static func samePartition(_ book: ComponentBookkeeping, _ graph: FriendshipGraph) -> Bool {
        let truth = components(graph, limit: graph.nodeCount)
        var labelOf = [Int: Int](), truthOf = [Int: Int]()
        for i in 0..<graph.nodeCount {
            let l = book.component(of: i)
            if labelOf[truth[i], default: l] != l || truthOf[l, default: truth[i]] != truth[i] { return false }
            labelOf[truth[i]] = l
            truthOf[l] = truth[i]
        }
        return book.count == Set(truth).count
    }

    /// A removed tie whose ends still share a friend splits nothing and needs no search;
    /// one that does not, searches, and here splits.
    @Test func sharedFriendNeedsNoSearch() {
        // Triangle 0-1-2 with a tail 2-3-4.
        var graph = FriendshipGraph(nodeCount: 5, reservedDegree: 3)
        for (i, j) in [(0, 1), (1, 2), (0, 2), (2, 3), (3, 4)] { graph.addEdge(i, j) }
        let (shared, sharedOK) = Self.replay(&graph) { $0.removeEdge(0, 1) }
        #expect(sharedOK && shared.count == 1 && shared.searchedLists == 0)
        #expect(Self.samePartition(shared, graph))
        // Cutting the tail's 2-3 (no common friend) splits {3, 4} off, found by a search.
        let (cut, cutOK) = Self.replay(&graph) { $0.removeEdge(2, 3) }
        #expect(cutOK && cut.count == 2 && cut.searchedLists > 0)
        #expect(Self.samePartition(cut, graph))
        #expect(cut.summary(isolated: 0) == ComponentSummary(count: 2, largest: 3, isolated: 0, secondLargest: 2))
        // Additions are joined before the removals are placed: a tie cut whose ends gain a
        // common friend in the same batch splits nothing and needs no search.
        let (rejoined, rejoinedOK) = Self.replay(&graph) { $0.addEdge(1, 3); $0.addEdge(2, 3); $0.removeEdge(1, 2) }
        #expect(rejoinedOK && rejoined.count == 1 && rejoined.searchedLists == 0)
        #expect(Self.samePartition(rejoined, graph))
    }

    /// One component cut into three pieces by two removals through a middle citizen: every
    /// end is placed against the component's anchor, so the two big pieces are not left
    /// with one label; and with the anchor in the smallest piece, the anchor moves.
    @Test func endsArePlacedAgainstTheAnchor() {
        // P = triangle 0-1-2, M = 3, Q = triangle 4-5-6; ties 2-3 and 3-4 removed.
        var graph = FriendshipGraph(nodeCount: 7, reservedDegree: 3)
        for (i, j) in [(0, 1), (1, 2), (0, 2), (2, 3), (3, 4), (4, 5), (5, 6), (4, 6)] { graph.addEdge(i, j) }
        let (three, ok) = Self.replay(&graph) { $0.removeEdge(2, 3); $0.removeEdge(3, 4) }
        #expect(ok && three.count == 3 && Self.samePartition(three, graph))
        #expect(three.summary(isolated: 1) == ComponentSummary(count: 3, largest: 3, isolated: 1, secondLargest: 3))
        // 0-1 and 1-2 removed from the path 0-1-2 joined to a triangle by 2-4: 0 is the
        // anchor, 1 is found alone, and 2's search against 0 sees 0's side run out first,
        // so {0} is the piece found and 2 becomes the anchor; 5-6 (whose ends share 4) is
        // then placed against 2, not against 0's finished piece.
        var path = FriendshipGraph(nodeCount: 7, reservedDegree: 3)
        for (i, j) in [(0, 1), (1, 2), (2, 4), (4, 5), (5, 6), (4, 6), (2, 3)] { path.addEdge(i, j) }
        let (moved, movedOK) = Self.replay(&path) { $0.removeEdge(0, 1); $0.removeEdge(1, 2); $0.removeEdge(5, 6) }
        #expect(movedOK && moved.count == 3 && Self.samePartition(moved, path))
    }

    /// Where replays pay against the two-pass recount: n / 8 up to 2^14 citizens on one
    /// thread, up to 2^17 beside the triangle replay, n / 64 above.
    @Test func removalLimits() {
        let limit = ComponentBookkeeping.defaultMaximumRemovals
        #expect(limit(1 << 14, false) == (1 << 14) / 8 && limit((1 << 14) + 1, false) == ((1 << 14) + 1) / 64)
        #expect(limit(100_000, false) == 100_000 / 64 && limit(100_000, true) == 100_000 / 8)
        #expect(limit(1 << 17, true) == (1 << 17) / 8 && limit((1 << 17) + 1, true) == ((1 << 17) + 1) / 64)
        #expect(ComponentBookkeeping(nodeCount: 100_000, besideTriangles: true).maximumRemovals == 12_500)
        #expect(ComponentBookkeeping(nodeCount: 100_000).maximumRemovals == 1_562)
    }

    /// A replay whose searches outgrow the budget gives up (the caller recounts).
    @Test func overBudgetGivesUp() {
        // Two paths of 40 joined at their ends by 0-40; the cut needs long searches.
        var graph = FriendshipGraph(nodeCount: 80, reservedDegree: 3)
        for i in 1..<40 { graph.addEdge(i - 1, i); graph.addEdge(40 + i - 1, 40 + i) }
        graph.addEdge(0, 40)
        graph.addEdge(39, 79)
        let book = ComponentBookkeeping(nodeCount: 80)
        book.searchBudget = 10
        #expect(book.maximumRemovals == 10, "n / 8 up to 2^14 citizens")
        ComponentCensus.recount(graph, into: book)
        graph.journal.start(limit: 1 << 10)
        graph.removeEdge(0, 40)
        let changes = graph.journal.take()!
        #expect(!graph.withAdjacency { book.apply(changes, $0) })
        #expect(!book.isCounted)
    }

    /// Journal arithmetic: a tie added then removed nets to nothing; removed then added
    /// again nets to nothing; an overfull journal is lost.
    @Test func journalNetsEachPair() {
        var graph = FriendshipGraph(nodeCount: 6, reservedDegree: 3)
        graph.addEdge(0, 1)
        graph.addEdge(2, 3)
        graph.journal.start(limit: 6)
        graph.addEdge(4, 5); graph.removeEdge(4, 5)     // nothing
        graph.removeEdge(0, 1); graph.addEdge(1, 0)     // nothing
        graph.removeEdge(3, 2)                           // removed
        graph.addEdge(5, 1)                              // added
        let changes = graph.journal.take()
        #expect(changes == NetTieChanges(added: [TieJournal.key(1, 5)], removed: [TieJournal.key(2, 3)]))
        for k in 0..<4 { graph.addEdge(k, 4) }
        graph.addEdge(0, 5); graph.addEdge(2, 5); graph.addEdge(3, 5)
        #expect(graph.journal.take() == nil, "seven entries overflow a limit of six")
    }
}
