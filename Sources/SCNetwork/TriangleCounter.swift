/// Triangles at every citizen by the forward algorithm, split into blocks of citizens
/// that may run on several threads.
///
/// Each tie is oriented from the end of lower rank to the higher, rank = (degree, id), so
/// every triangle is found exactly once, from its lowest-ranked corner, and credited to its
/// three corners. That reads each oriented tie's far list once (about m x 5 checks on the
/// model's networks) instead of every friend's full list from every citizen (sum of
/// degree^2, about four times more). Corners are credited in per-worker arrays; the
/// counts are integers, so their sum does not depend on which worker found which triangle.
///
/// Use: `prepare` (sequential, O(n + m)), `count` for every block (any worker, any order),
/// then `tally` for every block, adding the tallies in block order.
public final class TriangleCounter {
    public let nodeCount: Int
    public let workers: Int
    /// Higher-ranked friends of each citizen, as offsets into `higher`.
    private let higherStart: UnsafeMutablePointer<Int>
    private var higher: UnsafeMutablePointer<Int32>
    private var higherCapacity: Int
    /// Triangles credited to each citizen, one array per worker.
    private let corners: [UnsafeMutablePointer<Int32>]
    /// Marks of the current citizen's higher friends, one array per worker (-1 when clear).
    private let marks: [UnsafeMutablePointer<Int32>]

    public init(nodeCount: Int, workers: Int) {
        self.nodeCount = nodeCount
        self.workers = max(1, workers)
        higherStart = .allocate(capacity: nodeCount + 1)
        higherStart.initialize(repeating: 0, count: nodeCount + 1)
        higherCapacity = max(1, 6 * nodeCount)
        higher = .allocate(capacity: higherCapacity)
        corners = (0..<self.workers).map { _ in
            let p = UnsafeMutablePointer<Int32>.allocate(capacity: max(1, nodeCount))
            p.initialize(repeating: 0, count: max(1, nodeCount))
            return p
        }
        marks = (0..<self.workers).map { _ in
            let p = UnsafeMutablePointer<Int32>.allocate(capacity: max(1, nodeCount))
            p.initialize(repeating: -1, count: max(1, nodeCount))
            return p
        }
    }

    deinit {
        higherStart.deallocate()
        higher.deallocate()
        corners.forEach { $0.deallocate() }
        marks.forEach { $0.deallocate() }
    }

    /// Orients the ties and clears the counts. Ties to ids at or above `nodeCount` are
    /// left out (the graph may hold more nodes than the citizens counted).
    ///
    /// - Complexity: O(n + m).
    package func prepare(_ adjacency: AdjacencyView) {
        let n = nodeCount
        var total = 0
        for u in 0..<n {
            higherStart[u] = total
            let du = adjacency.degree[u]
            for v in adjacency.neighbors(u) where Int(v) < n && TriangleCounter.ranksAbove(Int(v), u, adjacency, du) { total += 1 }
        }
        higherStart[n] = total
        if total > higherCapacity {
            higher.deallocate()
            higherCapacity = total + total / 2
            higher = .allocate(capacity: higherCapacity)
        }
        var k = 0
        for u in 0..<n {
            let du = adjacency.degree[u]
            for v in adjacency.neighbors(u) where Int(v) < n && TriangleCounter.ranksAbove(Int(v), u, adjacency, du) {
                higher[k] = v
                k += 1
            }
        }
        for w in 0..<workers { corners[w].update(repeating: 0, count: max(1, n)) }
    }

    /// Finds the triangles whose lowest-ranked corner is in `citizens`, crediting corners in
    /// `worker`'s array.
    public func count(citizens: Range<Int>, worker: Int) {
        let mark = marks[worker], credit = corners[worker]
        for u in citizens {
            let start = higherStart[u], end = higherStart[u + 1]
            guard end - start >= 2 else { continue }
            let me = Int32(u)
            for k in start..<end { mark[Int(higher[k])] = me }
            for k in start..<end {
                let v = Int(higher[k])
                for l in higherStart[v]..<higherStart[v + 1] {
                    let w = Int(higher[l])
                    if mark[w] == me {
                        credit[u] += 1
                        credit[v] += 1
                        credit[w] += 1
                    }
                }
            }
            for k in start..<end { mark[Int(higher[k])] = -1 }
        }
    }

    /// Triangles at `u` once every block is counted.
    package func triangles(at u: Int) -> Int {
        var triangles = 0
        for w in 0..<workers { triangles += Int(corners[w][u]) }
        return triangles
    }

    /// The clustering tally of `citizens` once every block is counted.
    package func tally(citizens: Range<Int>, _ adjacency: AdjacencyView) -> TriangleCensus.Tally {
        var tally = TriangleCensus.Tally()
        for u in citizens {
            // Ties to ids at or above nodeCount were left out by `prepare`.
            let d = adjacency.degree(of: u, below: nodeCount)
            guard d >= 2 else { continue }
            var triangles = 0
            for w in 0..<workers { triangles += Int(corners[w][u]) }
            tally.addCitizen(degree: d, closedPairs: 2 * triangles)
        }
        return tally
    }

    /// Whether v ranks above u: higher degree, or equal degree and higher id.
    @inline(__always)
    static func ranksAbove(_ v: Int, _ u: Int, _ adjacency: AdjacencyView, _ du: Int32) -> Bool {
        let dv = adjacency.degree[v]
        return dv > du || (dv == du && v > u)
    }
}
