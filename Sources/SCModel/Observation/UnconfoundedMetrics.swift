import SCNetwork

/// The `unconfounded` column group (`output.metrics: [unconfounded]`): variants of
/// `low_isolated_frac`, `low_degree_ratio`, `clustering_avg` and `transitivity` that two
/// features of the model do not bias.
///
/// - `low_isolated_frac` ranks citizens by score, but with the default
///   `score.friendless: mean` a friendless citizen's friend term is 0 (F_i = S_bar), which
///   lifts it out of the bottom score decile: isolation then shows in deciles 2-4, not the
///   bottom one, and the column understates ostracism. The behaviour variants rank by b_i
///   (MODEL.md 7.6), which no friend enters.
/// - Collusion rings are cliques (every pair of members is tied, and drift never ends a ring
///   tie), so they dominate transitivity: one 22-member ring moved a replicate's
///   transitivity from 0.11 to 0.25. The no-ring variants leave out every tie whose two
///   ends are in the same ring.
public enum UnconfoundedMetrics {
    public typealias M = Metric<ReferenceRow>

    public static let group = MetricGroup(
        name: "unconfounded",
        summary: "isolation by behaviour decile, clustering and transitivity without ring ties",
        metrics: metrics)

    public static let metrics: [M] = [
        M("low_behaviour_isolated_frac", label: "low-behaviour citizens with no friends", unit: "share of bottom decile",
          "Share of the bottom behaviour decile of enrolled citizens with no friend: the max(1, floor(n/10)) enrolled citizens of lowest b_i (MODEL.md 7.6, from the credit and signals this step's scoring used; ties by citizen id). Unlike low_isolated_frac it does not move with score.friendless, which no b_i reads.") { row in
            row.simulation.behaviourDecile(row).isolated
        },
        M("low_behaviour_degree_ratio", label: "low-behaviour citizens' friends vs average", unit: "degree ratio",
          "Mean degree of the bottom behaviour decile (as in low_behaviour_isolated_frac) / mean degree of all enrolled citizens; empty when that mean is 0.") { row in
            row.simulation.behaviourDecile(row).degreeRatio
        },
        M("clustering_avg_noring", label: "clustering without ring ties", unit: "mean local coefficient",
          "clustering_avg on the graph without ring ties (ties whose two ends are in the same collusion ring): mean local coefficient over all citizens, a citizen with fewer than 2 remaining friends counting as 0. Always an exact census, on network rows.",
          cost: .network) { row in
            row.network == nil ? .missing : .real(row.simulation.noRingCensus(row).averageClustering)
        },
        M("transitivity_noring", label: "transitivity without ring ties", unit: "coefficient",
          "transitivity on the graph without ring ties: 3 x triangles / connected triples, 0 when there are no triples. Ring cliques do not enter it. Always an exact census, on network rows.",
          cost: .network) { row in
            row.network == nil ? .missing : .real(row.simulation.noRingCensus(row).transitivity)
        },
    ]
}

extension Simulation {
    /// The citizen's behaviour term b_i (MODEL.md 7.6) from its current credit and signals:
    /// after a step, the value that step's scoring used.
    public func behaviour(of i: Int) -> Double {
        let pop = population
        return ScoringRule.behaviour(credit: pop.credit[i], purchaseSignal: pop.purchaseSignal[i], postSignal: pop.postSignal[i],
                                     parameters: parameters)
    }

    /// `row`'s bottom behaviour decile, computed once per row.
    func behaviourDecile(_ row: ReferenceRow) -> (isolated: MetricValue, degreeRatio: MetricValue) {
        if let known = row.shared.behaviourDecile { return known }
        let value = lowBehaviourDecile()
        row.shared.behaviourDecile = value
        return value
    }

    /// `row`'s census without ring ties, computed once per row.
    func noRingCensus(_ row: ReferenceRow) -> (averageClustering: Double, transitivity: Double) {
        if let known = row.shared.noRing { return known }
        let value = noRingTriangleCensus()
        row.shared.noRing = value
        return value
    }

    /// Share with no friend, and mean degree over enrolled citizens' mean degree, of the
    /// max(1, floor(n/10)) enrolled citizens of lowest b_i (ties by citizen id).
    ///
    /// The decile is found by selection, not sorting: each citizen's (b_i, id) becomes a
    /// key whose integer order is that order, and a quickselect puts the k smallest first.
    ///
    /// - Complexity: O(n) expected.
    public func lowBehaviourDecile() -> (isolated: MetricValue, degreeRatio: MetricValue) {
        let pop = population
        var entries: [BehaviourKey] = []
        entries.reserveCapacity(pop.count)
        var degreeSum = 0
        for i in 0..<pop.count where pop.enrolled[i] != 0 {
            entries.append(BehaviourKey(behaviour: behaviour(of: i), citizen: Int32(i)))
            degreeSum += graph.degree(of: i)
        }
        guard !entries.isEmpty else { return (.missing, .missing) }
        let k = max(1, entries.count / 10)
        BehaviourKey.selectLowest(&entries, count: k)
        var zero = 0, decileDegrees = 0
        for entry in entries[0..<k] {
            let d = graph.degree(of: Int(entry.citizen))
            if d == 0 { zero += 1 }
            decileDegrees += d
        }
        let meanDegree = Double(degreeSum) / Double(entries.count)
        return (.real(Double(zero) / Double(k)), meanDegree > 0 ? .real(Double(decileDegrees) / Double(k) / meanDegree) : .missing)
    }

    /// Average clustering and transitivity of the graph without ring ties (both ends in the
    /// same collusion ring), by the forward algorithm on the worker threads; integer
    /// counts, block tallies added in block order, so the result does not depend on the
    /// thread count.
    ///
    /// The graph without ring ties is not copied: only ring members lose ties, so the
    /// degrees are the graph's except theirs, and the one pass that orients the ties (each
    /// from the end of lower rank (degree, id) to the higher, as `TriangleCounter` does)
    /// skips the ring ties as it goes. The triangle counts at each citizen are integers
    /// whatever the orientation, and the tallies are summed exactly as
    /// `triangleCensus(of:)` sums them (citizens in order within a block, blocks in
    /// order), so the values are those of a census of a filtered copy, bit for bit.
    ///
    /// - Complexity: O(n + m) to orient the ties, then O(m x the higher-ranked degree).
    public func noRingTriangleCensus() -> (averageClustering: Double, transitivity: Double) {
        // On an exact network row the kept triangle counts are current: take away the ring
        // triangles instead of counting the graph again.
        if let book = triangleBook, book.isCounted, graph.journal.isRecording, !graph.journal.lost, graph.journal.entries.isEmpty {
            return noRingTriangleCensus(from: book)
        }
        return noRingTriangleRecount()
    }

    /// The census without ring ties from the kept triangle counts: a triangle loses its
    /// place when one of its ties is a ring tie. Two members of ring r and a friend w
    /// outside it make a triangle with one ring tie; three members of r, one with three.
    /// Each is found from its ring tie (the smallest one, for three members), the counts
    /// and degrees corrected at the corners, and the tally taken with the recount's
    /// arithmetic, so the result is `noRingTriangleRecount()`'s bit for bit (tested).
    ///
    /// - Complexity: O(n + ring ties x degree).
    func noRingTriangleCensus(from book: TriangleBookkeeping) -> (averageClustering: Double, transitivity: Double) {
        let n = population.count
        guard n > 0 else { return (0, 0) }
        let ring = population.ring
        let ringTriangles = UnsafeMutablePointer<Int32>.allocate(capacity: n)
        let ringTies = UnsafeMutablePointer<Int32>.allocate(capacity: n)
        let mark = UnsafeMutablePointer<Int32>.allocate(capacity: n)
        ringTriangles.initialize(repeating: 0, count: n)
        ringTies.initialize(repeating: 0, count: n)
        mark.initialize(repeating: -1, count: n)
        defer { ringTriangles.deallocate(); ringTies.deallocate(); mark.deallocate() }
        graph.withAdjacency { adjacency in
            for u in 0..<n where ring[u] >= 0 {
                let r = ring[u]
                for v32 in adjacency.neighbors(u) where Int(v32) < n && ring[Int(v32)] == r {
                    ringTies[u] += 1
                    let v = Int(v32)
                    guard v > u else { continue }
                    for x in adjacency.neighbors(u) where Int(x) < n { mark[Int(x)] = Int32(u) }
                    for w32 in adjacency.neighbors(v) where Int(w32) < n && mark[Int(w32)] == Int32(u) {
                        let w = Int(w32)
                        if ring[w] == r && w < v { continue }   // credited from its smallest ring tie
                        ringTriangles[u] += 1
                        ringTriangles[v] += 1
                        ringTriangles[w] += 1
                    }
                    for x in adjacency.neighbors(u) where Int(x) < n { mark[Int(x)] = -1 }
                }
            }
        }
        var total = TriangleCensus.Tally()
        graph.withAdjacency { adjacency in
            for b in 0..<runner.blockCount {
                var tally = TriangleCensus.Tally()
                for u in runner.range(ofBlock: b) {
                    let d = adjacency.degree(of: u, below: n) - Int(ringTies[u])
                    guard d >= 2 else { continue }
                    let triangles = Int(book.corners[u]) - Int(ringTriangles[u])
                    tally.addCitizen(degree: d, closedPairs: 2 * triangles)
                }
                total.add(tally)
            }
        }
        return total.summary(nodeCount: n)
    }

    /// The census without ring ties counted from scratch (see `noRingTriangleCensus`).
    func noRingTriangleRecount() -> (averageClustering: Double, transitivity: Double) {
        let n = population.count
        guard n > 0 else { return (0, 0) }
        let ring = population.ring
        let workers = runner.threads
        let degree = UnsafeMutablePointer<Int32>.allocate(capacity: n)
        let start = UnsafeMutablePointer<Int>.allocate(capacity: n + 1)
        var higher: UnsafeMutablePointer<Int32>!
        let corners = UnsafeMutablePointer<Int32>.allocate(capacity: n * workers)
        let marks = UnsafeMutablePointer<Int32>.allocate(capacity: n * workers)
        corners.initialize(repeating: 0, count: n * workers)
        marks.initialize(repeating: -1, count: n * workers)
        defer {
            degree.deallocate(); start.deallocate(); higher?.deallocate(); corners.deallocate(); marks.deallocate()
        }
        graph.withAdjacency { adjacency in
            // Degrees without ring ties.
            // Citizens only: with sybil slots (7.19, ids >= n) every citizen's ties to them
            // are left out too.
            let slots = adjacency.nodeCount > n
            degree.update(from: adjacency.degree, count: n)
            for u in 0..<n where ring[u] >= 0 || slots {
                let r = ring[u]
                var d: Int32 = 0
                for v in adjacency.neighbors(u) where Int(v) < n && (r < 0 || ring[Int(v)] != r) { d += 1 }
                degree[u] = d
            }
            var ends = 0
            for u in 0..<n { ends += Int(degree[u]) }
            higher = .allocate(capacity: max(1, ends / 2 + 1))
            // Each remaining tie, once, from its lower-ranked end.
            var k = 0
            for u in 0..<n {
                start[u] = k
                let r = ring[u], du = degree[u]
                for v in adjacency.neighbors(u) {
                    let w = Int(v)
                    if w >= n || (r >= 0 && ring[w] == r) { continue }
                    let dw = degree[w]
                    if dw > du || (dw == du && w > u) {
                        higher[k] = v
                        k += 1
                    }
                }
            }
            start[n] = k
        }
        // Triangles from their lowest-ranked corner, credited to all three corners.
        let oriented: UnsafeMutablePointer<Int32> = higher
        runner.forEachBlock(step: UInt64(step), phase: .observation) { ctx in
            let higher = oriented
            let mark = marks + ctx.worker * n, credit = corners + ctx.worker * n
            for u in ctx.citizens {
                let first = start[u], end = start[u + 1]
                guard end - first >= 2 else { continue }
                let me = Int32(u)
                for k in first..<end { mark[Int(higher[k])] = me }
                for k in first..<end {
                    let v = Int(higher[k])
                    for l in start[v]..<start[v + 1] where mark[Int(higher[l])] == me {
                        credit[u] += 1
                        credit[v] += 1
                        credit[Int(higher[l])] += 1
                    }
                }
                for k in first..<end { mark[Int(higher[k])] = -1 }
            }
        }
        // The tallies of `TriangleCounter.tally`, block by block, added in block order.
        var total = TriangleCensus.Tally()
        for b in 0..<runner.blockCount {
            var tally = TriangleCensus.Tally()
            for u in runner.range(ofBlock: b) {
                let d = Int(degree[u])
                guard d >= 2 else { continue }
                var triangles = 0
                for w in 0..<workers { triangles += Int(corners[w * n + u]) }
                tally.addCitizen(degree: d, closedPairs: 2 * triangles)
            }
            total.add(tally)
        }
        return total.summary(nodeCount: n)
    }
}

/// A citizen's (b_i, id) as one ordered key, for selecting the lowest decile.
struct BehaviourKey: Comparable {
    /// b_i's bits mapped so that unsigned order is numeric order (-0 taken as +0).
    let key: UInt64
    let citizen: Int32

    init(behaviour b: Double, citizen: Int32) {
        let bits = (b == 0 ? 0.0 : b).bitPattern
        key = bits & (1 << 63) != 0 ? ~bits : bits | (1 << 63)
        self.citizen = citizen
    }

    static func < (a: BehaviourKey, b: BehaviourKey) -> Bool {
        a.key != b.key ? a.key < b.key : a.citizen < b.citizen
    }

    /// Reorders `entries` so that its first `count` are the `count` smallest (in no
    /// particular order): Hoare's FIND with a median-of-three pivot. Keys are distinct (the
    /// citizen id breaks ties), so the set is exact.
    static func selectLowest(_ entries: inout [BehaviourKey], count k: Int) {
        guard k > 0, k < entries.count else { return }
        let target = k - 1
        var lo = 0, hi = entries.count - 1
        entries.withUnsafeMutableBufferPointer { a in
            while lo < hi {
                let mid = lo + (hi - lo) / 2
                let x = a[lo], y = a[mid], z = a[hi]
                let pivot = x < y ? (y < z ? y : (x < z ? z : x)) : (x < z ? x : (y < z ? z : y))
                var i = lo, j = hi
                while i <= j {
                    while a[i] < pivot { i += 1 }
                    while pivot < a[j] { j -= 1 }
                    if i <= j {
                        a.swapAt(i, j)
                        i += 1
                        j -= 1
                    }
                }
                if target <= j { hi = j } else if target >= i { lo = i } else { break }
            }
        }
    }
}
