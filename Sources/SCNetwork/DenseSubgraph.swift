#if canImport(Glibc)
import Glibc
#endif

/// Dense-subgraph detection by greedy peeling: Charikar's 2-approximation of the densest
/// subgraph (Charikar 2000), optionally with FRAUDAR's column weighting against
/// camouflage (Hooi et al. 2016), repeated on what is left to find several blocks.
///
/// Pure functions on a `FriendshipGraph`: no randomness, no threads, ties between equal
/// priorities broken by a fixed rule, so the answer is a function of the graph alone
/// (including the order of its neighbour lists, which is itself deterministic).
///
/// Density is the peeling objective g(S) = f(S) / |S|, where f(S) sums the weights of the
/// ties with both ends in S. Unweighted, every tie weighs 1 and g(S) = |E(S)| / |S| (a
/// clique of k has (k - 1) / 2). FRAUDAR's weighting reads the undirected graph as its
/// own user-object matrix (each tie is two entries, u -> v and v -> u), with entry u -> v
/// weighing 1 / log(d_v + c) for v's degree d_v in the whole graph; a tie is the mean of
/// its two entries, w(u, v) = (1 / log(d_u + c) + 1 / log(d_v + c)) / 2. Ties to
/// well-connected citizens count less, so a block cannot hide behind them and honest
/// hubs do not outweigh it; ties a fraudster adds to random honest accounts
/// (camouflage) leave the block's internal ties and so its f(S) unchanged.
public enum DenseSubgraph {
    /// How ties are weighted in the peeling objective.
    public enum Weighting: Sendable, Equatable {
        /// Every tie weighs 1: Charikar's greedy peeling.
        case uniform
        /// FRAUDAR's column weighting, w(u, v) = (1 / log(d_u + c) + 1 / log(d_v + c)) / 2,
        /// with `c` > 1 (FRAUDAR uses 5).
        case logDegree(c: Double)
    }

    /// One block found by a peel.
    public struct Block: Sendable, Equatable {
        /// The block's citizens, ascending.
        public var members: [Int32]
        /// Ties with both ends in the block.
        public var edges: Int
        /// The peeling objective at the block: f(S) / |S| (edges / size when unweighted).
        public var objective: Double
        /// Plain density |E(S)| / |S|, whatever the weighting.
        public var density: Double { members.isEmpty ? 0 : Double(edges) / Double(members.count) }
    }

    /// What `findBlocks` returns.
    public struct Detection: Sendable {
        /// The blocks, in the order found (each peel runs on the graph without the
        /// earlier blocks).
        public var blocks: [Block]
        /// Each citizen's position in the first peel's removal order (0 = removed first):
        /// the later a citizen is peeled, the denser its surroundings, so this is the
        /// peeling's suspicion ranking.
        public var peelPosition: [Int32]
    }

    /// The densest block found by one greedy peel of the citizens with `alive[i] != 0`
    /// (nil: every citizen), and the removal order.
    ///
    /// The peel removes, one at a time, the remaining citizen of least (weighted) degree
    /// among the remaining citizens, and keeps the remaining set of highest objective
    /// seen; with uniform weights its objective is at least half the optimum (Charikar
    /// 2000; FRAUDAR proves the same for its weighted objective). Equal degrees: the
    /// uniform peel takes the citizen pushed last into the degree's bucket, the weighted
    /// peel the lowest id. The best set is the first reached of highest objective, so the
    /// largest such set.
    ///
    /// - Complexity: O(n + m) uniform (a bucket queue: a linked list per degree and a
    ///   pointer to the lowest non-empty one), O(n + m log n) weighted (an indexed binary
    ///   heap with decrease-key), for n citizens and m ties; O(n) memory in flat arrays,
    ///   nothing allocated per citizen.
    public static func peel(_ graph: FriendshipGraph, weighting: Weighting = .uniform,
                            alive: [UInt8]? = nil) -> (block: Block, order: [Int32]) {
        let n = graph.nodeCount
        var mask = alive ?? [UInt8](repeating: 1, count: n)
        precondition(mask.count == n, "alive mask size differs from the graph's")
        return graph.withAdjacency { adjacency in
            mask.withUnsafeMutableBufferPointer { live in
                switch weighting {
                case .uniform: return peelUniform(adjacency, live)
                case .logDegree(let c): return peelWeighted(adjacency, live, c: c)
                }
            }
        }
    }

    /// Up to `count` blocks: a peel, then a peel of the graph without the block found,
    /// and so on, stopping early when nothing is left or a peel's block has no ties.
    ///
    /// - Complexity: O(count (n + m)) uniform, O(count (n + m log n)) weighted.
    public static func findBlocks(_ graph: FriendshipGraph, count: Int, weighting: Weighting = .uniform) -> Detection {
        let n = graph.nodeCount
        var alive = [UInt8](repeating: 1, count: n)
        var position = [Int32](repeating: 0, count: n)
        var blocks: [Block] = []
        var remaining = n
        for round in 0..<max(0, count) {
            guard remaining > 0 else { break }
            let (block, order) = peel(graph, weighting: weighting, alive: alive)
            if round == 0 {
                for (k, citizen) in order.enumerated() { position[Int(citizen)] = Int32(k) }
            }
            guard block.edges > 0 else { break }
            blocks.append(block)
            for citizen in block.members { alive[Int(citizen)] = 0 }
            remaining -= block.members.count
        }
        return Detection(blocks: blocks, peelPosition: position)
    }

    /// The ties of `graph` with both ends in `members` (any order), counted once.
    ///
    /// - Complexity: O(n + sum of the members' degrees).
    public static func internalEdges(_ graph: FriendshipGraph, members: [Int32]) -> Int {
        var inside = [UInt8](repeating: 0, count: graph.nodeCount)
        for m in members { inside[Int(m)] = 1 }
        var count = 0
        graph.withAdjacency { adjacency in
            for m in members {
                for v in adjacency.neighbors(Int(m)) where inside[Int(v)] != 0 && v > m { count += 1 }
            }
        }
        return count
    }

    // MARK: - Uniform peel (bucket queue)

    private static func peelUniform(_ adj: AdjacencyView, _ live: UnsafeMutableBufferPointer<UInt8>) -> (block: Block, order: [Int32]) {
        let n = adj.nodeCount
        var degree = [Int32](repeating: 0, count: n)
        var alive = 0, edges2 = 0, maxDegree = 0
        for v in 0..<n where live[v] != 0 {
            alive += 1
            var d: Int32 = 0
            for u in adj.neighbors(v) where live[Int(u)] != 0 { d += 1 }
            degree[v] = d
            edges2 += Int(d)
            maxDegree = max(maxDegree, Int(d))
        }
        var order: [Int32] = []
        order.reserveCapacity(alive)
        guard alive > 0 else { return (Block(members: [], edges: 0, objective: 0), order) }
        // Buckets: head[d] is a citizen of degree d, next/prev link the rest.
        var head = [Int32](repeating: -1, count: maxDegree + 1)
        var next = [Int32](repeating: -1, count: n)
        var prev = [Int32](repeating: -1, count: n)
        let best: (removed: Int, edges: Int, objective: Double) = head.withUnsafeMutableBufferPointer { head in
            next.withUnsafeMutableBufferPointer { next in
                prev.withUnsafeMutableBufferPointer { prev in
                    degree.withUnsafeMutableBufferPointer { degree in
                        @inline(__always) func push(_ v: Int, _ d: Int) {
                            let h = head[d]
                            next[v] = h
                            prev[v] = -1
                            if h >= 0 { prev[Int(h)] = Int32(v) }
                            head[d] = Int32(v)
                        }
                        @inline(__always) func unlink(_ v: Int, _ d: Int) {
                            let p = prev[v], x = next[v]
                            if p >= 0 { next[Int(p)] = x } else { head[d] = x }
                            if x >= 0 { prev[Int(x)] = p }
                        }
                        for v in 0..<n where live[v] != 0 { push(v, Int(degree[v])) }
                        var lowest = 0
                        var size = alive, edges = edges2 / 2
                        var bestObjective = Double(edges) / Double(size), bestRemoved = 0, bestEdges = edges
                        while size > 0 {
                            while head[lowest] < 0 { lowest += 1 }
                            let v = Int(head[lowest])
                            unlink(v, lowest)
                            live[v] = 0
                            order.append(Int32(v))
                            edges -= lowest
                            size -= 1
                            for u32 in adj.neighbors(v) where live[Int(u32)] != 0 {
                                let u = Int(u32), d = Int(degree[u])
                                unlink(u, d)
                                degree[u] = Int32(d - 1)
                                push(u, d - 1)
                                if d - 1 < lowest { lowest = d - 1 }
                            }
                            if size > 0 {
                                let g = Double(edges) / Double(size)
                                if g > bestObjective { bestObjective = g; bestRemoved = order.count; bestEdges = edges }
                            }
                        }
                        return (bestRemoved, bestEdges, bestObjective)
                    }
                }
            }
        }
        var members = Array(order[best.removed...])
        members.sort()
        return (Block(members: members, edges: best.edges, objective: best.objective), order)
    }

    // MARK: - Weighted peel (indexed heap)

    private static func peelWeighted(_ adj: AdjacencyView, _ live: UnsafeMutableBufferPointer<UInt8>, c: Double) -> (block: Block, order: [Int32]) {
        precondition(c > 1, "FRAUDAR's constant must exceed 1 so that every weight is finite and positive")
        let n = adj.nodeCount
        var inverse = [Double](repeating: 0, count: n)
        for v in 0..<n { inverse[v] = 1 / log(Double(adj.degree[v]) + c) }
        var key = [Double](repeating: 0, count: n)
        var heap = IndexedMinHeap(capacity: n)
        var alive = 0, edges2 = 0, total2 = 0.0
        for v in 0..<n where live[v] != 0 {
            alive += 1
            var d = 0.0
            for u in adj.neighbors(v) where live[Int(u)] != 0 {
                d += 0.5 * (inverse[v] + inverse[Int(u)])
                edges2 += 1
            }
            key[v] = d
            total2 += d
        }
        var order: [Int32] = []
        order.reserveCapacity(alive)
        guard alive > 0 else { return (Block(members: [], edges: 0, objective: 0), order) }
        for v in 0..<n where live[v] != 0 { heap.insert(v, key: key[v]) }
        var size = alive, edges = edges2 / 2, weight = total2 / 2
        var bestObjective = weight / Double(size), bestRemoved = 0, bestEdges = edges
        while size > 0 {
            let v = heap.popMin()
            live[v] = 0
            order.append(Int32(v))
            size -= 1
            for u32 in adj.neighbors(v) where live[Int(u32)] != 0 {
                let u = Int(u32)
                let w = 0.5 * (inverse[v] + inverse[u])
                weight -= w
                edges -= 1
                heap.decrease(u, to: heap.key(of: u) - w)
            }
            if size > 0 {
                let g = weight / Double(size)
                if g > bestObjective { bestObjective = g; bestRemoved = order.count; bestEdges = edges }
            }
        }
        var members = Array(order[bestRemoved...])
        members.sort()
        return (Block(members: members, edges: bestEdges, objective: bestObjective), order)
    }
}

/// A binary min-heap of citizen ids keyed by a Double, with decrease-key through a
/// position index; equal keys come out lowest id first. Flat arrays, no allocation after
/// `init`.
struct IndexedMinHeap {
    private var ids: [Int32]
    private var keys: [Double]
    /// Position of each id in `ids`, or -1.
    private var position: [Int32]
    private(set) var count = 0

    init(capacity: Int) {
        ids = [Int32](repeating: -1, count: capacity)
        keys = [Double](repeating: 0, count: capacity)
        position = [Int32](repeating: -1, count: capacity)
    }

    func key(of id: Int) -> Double { keys[Int(position[id])] }

    @inline(__always)
    private func less(_ a: Int, _ b: Int) -> Bool {
        keys[a] < keys[b] || (keys[a] == keys[b] && ids[a] < ids[b])
    }

    mutating func insert(_ id: Int, key: Double) {
        ids[count] = Int32(id)
        keys[count] = key
        position[id] = Int32(count)
        count += 1
        siftUp(count - 1)
    }

    mutating func popMin() -> Int {
        let top = Int(ids[0])
        count -= 1
        position[top] = -1
        if count > 0 {
            move(count, to: 0)
            siftDown(0)
        }
        return top
    }

    mutating func decrease(_ id: Int, to key: Double) {
        let p = Int(position[id])
        keys[p] = key
        siftUp(p)
    }

    private mutating func move(_ from: Int, to: Int) {
        ids[to] = ids[from]
        keys[to] = keys[from]
        position[Int(ids[to])] = Int32(to)
    }

    private mutating func swapAt(_ a: Int, _ b: Int) {
        ids.swapAt(a, b)
        keys.swapAt(a, b)
        position[Int(ids[a])] = Int32(a)
        position[Int(ids[b])] = Int32(b)
    }

    private mutating func siftUp(_ start: Int) {
        var i = start
        while i > 0 {
            let parent = (i - 1) / 2
            guard less(i, parent) else { break }
            swapAt(i, parent)
            i = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var i = start
        while true {
            let l = 2 * i + 1
            guard l < count else { break }
            var smallest = l
            if l + 1 < count && less(l + 1, l) { smallest = l + 1 }
            guard less(smallest, i) else { break }
            swapAt(i, smallest)
            i = smallest
        }
    }
}
