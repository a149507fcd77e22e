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
