import SCRandom

/// The Watts-Strogatz small-world generator, step for step as
/// `networkx.watts_strogatz_graph`.
///
/// Following networkx's order of draws (rewire by lattice distance j, then by node) keeps
/// the algorithm recognisable to anyone who checks it against the reference; only the
/// generator behind the draws differs (GSL here, Python's Mersenne Twister there). The
/// edge count never changes: every rewiring removes one tie and adds one.
public enum WattsStrogatz {
    /// A ring of `nodeCount` citizens, each tied to `k / 2` neighbours on either side, with
    /// each lattice tie (u, u + j) rewired with probability `rewire` to (u, w) for a
    /// uniformly drawn w that is neither u nor already a friend of u.
    ///
    /// As in networkx, `k == nodeCount` gives the complete graph, and a node already tied
    /// to everyone keeps its tie (after one more draw) rather than looping forever.
    ///
    /// - Precondition: `k` even, `0 <= k <= nodeCount`, `rewire` in 0...1
    ///   (`NetworkSpec.validate` reports these as errors).
    /// The lists come out exactly as a plain `addEdge`/`removeEdge` rendering of those
    /// loops leaves them (the test target keeps that rendering as the readable rule and
    /// compares list by list): the lattice is written straight into the lists, in the
    /// order the loops give, and the rewiring works on the raw lists, reading only u's
    /// list to check a drawn w.
    ///
    /// - Complexity: O(n * k); each rewiring O(k), and the retry loop for a taken w is
    ///   short unless k is close to n.
    public static func generate(nodeCount n: Int, k: Int, rewire: Double, random: RandomStream) -> FriendshipGraph {
        precondition(k >= 0 && k % 2 == 0 && k <= n, "watts-strogatz needs an even k in 0...n")
        precondition((0...1).contains(rewire), "rewire probability outside 0...1")
        // Rewiring moves ties around, so leave room for a few more than k per citizen.
        var graph = FriendshipGraph(nodeCount: n, reservedDegree: k + 4)
        if n == 0 { return graph }
        if k == n {
            for u in 0..<n { for v in (u + 1)..<n { graph.addEdge(u, v) } }
            return graph
        }
        let half = k / 2
        writeRingLattice(into: &graph, half: half)
        rewireLattice(&graph, half: half, rewire: rewire, random: random)
        return graph
    }

    /// The ring lattice of the loops `for j in 1...half { for u in 0..<n { addEdge(u, (u + j) % n) } }`,
    /// written list by list. In pass j, citizen u gains u + j at its own turn and u - j
    /// at the turn of u - j (mod n), which comes first when u >= j; every pair is new,
    /// since j <= half < n / 2. The graph must be empty with room for 2 * half friends each.
    static func writeRingLattice(into graph: inout FriendshipGraph, half: Int) {
        let n = graph.nodeCount
        guard half > 0 else { return }
        graph.withMutableLists { lists in
            for u in 0..<n {
                precondition(lists.degree[u] == 0 && Int(lists.capacity[u]) >= 2 * half, "lattice needs an empty graph with room")
                var slot = lists.slots + lists.start[u]
                var higher: Int32 = 0
                for j in 1...half {
                    let forward = u + j < n ? u + j : u + j - n
                    let backward = u >= j ? u - j : u - j + n
                    if u >= j {
                        slot[0] = Int32(backward)
                        slot[1] = Int32(forward)
                    } else {
                        slot[0] = Int32(forward)
                        slot[1] = Int32(backward)
                    }
                    slot += 2
                    if forward > u { higher += 1 }
                    if backward > u { higher += 1 }
                }
                lists.degree[u] = Int32(2 * half)
                lists.higher[u] = higher
            }
        }
        graph.noteTieChanges(added: n * half, removed: 0)
    }

    /// networkx's rewiring loops on the raw lists: for each lattice distance j and each
    /// citizen u, with probability `rewire`, the tie (u, u + j) moves to (u, w). The
    /// operations are those of `removeEdge(u, v)` then `addEdge(u, w)`, in that order, so
    /// the lists (and the storage layout) are the same; a list that is full leaves the
    /// raw pass for `appendHalfTie`, which grows it as `addEdge` would.
    ///
    /// w is a random citizen, so its list and counts are misses to memory at a million
    /// citizens. A scout, a copy of the stream run a few rewirings ahead, draws the same
    /// numbers and asks for w's entries before the loop gets there; its guesses hold
    /// while every rewiring takes one draw of w, and it starts again from the stream
    /// after a redraw. It only asks for memory: the draws and the graph are the loop's.
    static func rewireLattice(_ graph: inout FriendshipGraph, half: Int, rewire: Double, random: RandomStream) {
        let n = graph.nodeCount
        let total = half * n
        var position = 0  // lattice distance position / n + 1, citizen position % n
        var removed = 0, added = 0
        let scout = random.copy()
        var scoutPosition = 0
        // Positions of the rewirings the scout foresees, oldest first.
        let aheadLimit = 8, reachLimit = 4096
        var foreseen = [Int](repeating: 0, count: aheadLimit), first = 0, count = 0
        while position < total {
            // The half-ties still to append when a list was full, in addEdge's order.
            var pending: [(friend: Int32, owner: Int)] = []
            graph.withMutableLists { lists in
                while position < total {
                    while count < aheadLimit && scoutPosition < total && scoutPosition < position + reachLimit {
                        if scout.uniform() < rewire {
                            let w = scout.uniformInt(n)
                            prefetch(UnsafePointer(lists.degree + w))
                            prefetch(lists.capacity + w)
                            prefetch(lists.start + w)
                            prefetch(UnsafePointer(lists.higher + w))
                            let u = scoutPosition % n
                            prefetch(UnsafePointer(lists.slots + lists.start[u]))
                            foreseen[(first + count) % aheadLimit] = scoutPosition
                            count += 1
                        }
                        scoutPosition += 1
                    }
                    let here = position
                    position += 1
                    guard random.uniform() < rewire else { continue }
                    let j = here / n + 1, u = here - (j - 1) * n
                    let v = u + j < n ? u + j : u + j - n
                    // Draw w; while w is u or a friend, draw again, giving up once u is
                    // tied to everyone (the check follows the redraw, as in networkx).
                    var w = random.uniformInt(n)
                    var skipped = false, redrawn = false
                    while w == u || lists.listOf(u, contains: w) {
                        redrawn = true
                        w = random.uniformInt(n)
                        if Int(lists.degree[u]) >= n - 1 { skipped = true; break }
                    }
                    if count > 0 && foreseen[first] == here && !redrawn {
                        first = (first + 1) % aheadLimit
                        count -= 1
                    } else {
                        // Out of step: start the scout again from here.
                        scout.follow(random)
                        scoutPosition = position
                        count = 0
                    }
                    if skipped { continue }
                    if lists.detach(Int32(v), from: u) {
                        let other = lists.detach(Int32(u), from: v)
                        assert(other, "adjacency was not symmetric")
                        removed += 1
                    }
                    // w is neither u nor a friend of u, so the tie is new.
                    added += 1
                    if !lists.appendIfRoom(Int32(w), to: u) {
                        pending = [(Int32(w), u), (Int32(u), w)]
                        return
                    }
                    if !lists.appendIfRoom(Int32(u), to: w) {
                        pending = [(Int32(u), w)]
                        return
                    }
                }
            }
            for half in pending { graph.appendHalfTie(half.friend, to: half.owner) }
        }
        graph.noteTieChanges(added: added, removed: removed)
    }
}
