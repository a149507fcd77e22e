import Foundation
import SCOutput

/// A force-directed layout of the sampled network (Fruchterman and Reingold 1991, with
/// repulsion only between nearby citizens, found through a grid, a weak pull to the centre
/// that keeps components together, and a ring around them for citizens without a tie in
/// the sample), warm-started from the previous frame's
/// positions so the picture moves smoothly as ties change.
///
/// Deterministic: a citizen new to the sample starts at the mean of its placed friends
/// (or on a spiral when it has none) moved by an offset hashed from its id; the forces are
/// summed in a fixed order. The same frames laid out in the same order give the same
/// positions. Runs on the layout thread, never on the simulation's.
///
/// - Complexity: O(sample + ties) per iteration (repulsion within neighbouring grid cells).
struct NetworkLayout {
    /// Positions from the last frame, by citizen id (looked up, never iterated).
    private var previous: [Int32: SIMD2<Float>] = [:]
    /// Ideal distance between friends.
    static let spacing: Float = 1
    /// Iterations for a frame that is mostly new (the first), and for a warm start.
    static let coldIterations = 200
    static let warmIterations = 10

    /// Lays out `frame`: one position per sampled citizen, in `frame.ids` order.
    mutating func layOut(_ frame: NetworkFrame) -> [SIMD2<Float>] {
        let n = frame.ids.count
        guard n > 0 else {
            previous = [:]
            return []
        }
        var position = [SIMD2<Float>](repeating: .zero, count: n)
        var placed = [Bool](repeating: false, count: n)
        var fresh = 0
        for (k, id) in frame.ids.enumerated() {
            if let p = previous[id] {
                position[k] = p
                placed[k] = true
            } else {
                fresh += 1
            }
        }
        // Friends of each citizen within the sample (compressed rows).
        var degree = [Int32](repeating: 0, count: n + 1)
        var e = 0
        while e < frame.edges.count {
            degree[Int(frame.edges[e])] += 1
            degree[Int(frame.edges[e + 1])] += 1
            e += 2
        }
        var rowStart = [Int](repeating: 0, count: n + 1)
        for k in 0..<n { rowStart[k + 1] = rowStart[k] + Int(degree[k]) }
        var fill = rowStart
        var adjacent = [Int32](repeating: 0, count: frame.edges.count)
        e = 0
        while e < frame.edges.count {
            let a = Int(frame.edges[e]), b = Int(frame.edges[e + 1])
            adjacent[fill[a]] = Int32(b); fill[a] += 1
            adjacent[fill[b]] = Int32(a); fill[b] += 1
            e += 2
        }
        // New citizens: next to their placed friends, else on a spiral around the picture.
        let radius = Self.spacing * Float(n).squareRoot() * 0.6
        for k in 0..<n where !placed[k] {
            var sum = SIMD2<Float>.zero
            var count: Float = 0
            for j in rowStart[k]..<rowStart[k + 1] where placed[Int(adjacent[j])] {
                sum += position[Int(adjacent[j])]
                count += 1
            }
            let h = Self.hash(frame.ids[k])
            let jitter = SIMD2<Float>(Float(h & 0xFFFF) / 65536 - 0.5, Float((h >> 16) & 0xFFFF) / 65536 - 0.5) * Self.spacing
            if count > 0 {
                position[k] = sum / count + jitter
            } else {
                let angle = Float(k) * 2.399963  // the golden angle
                let r = radius * (Float(k) / Float(n)).squareRoot() + 0.5
                position[k] = SIMD2(r * cos(angle), r * sin(angle)) + jitter
            }
            placed[k] = true
        }
        let cold = previous.isEmpty || fresh * 3 > n
        let iterations = cold ? Self.coldIterations : Self.warmIterations
        let start = cold ? radius / 4 : Self.spacing
        let end = Self.spacing * 0.05
        var displacement = [SIMD2<Float>](repeating: .zero, count: n)
        var grid = Grid()
        for iteration in 0..<iterations {
            let fraction = Float(iteration) / Float(max(1, iterations - 1))
            let temperature = start * pow(end / start, fraction)
            step(&position, &displacement, &grid, rowStart: rowStart, adjacent: adjacent, temperature: temperature,
                 outerRadius: radius * 1.15, gravity: 0.06)
        }
        var next: [Int32: SIMD2<Float>] = [:]
        next.reserveCapacity(n)
        for (k, id) in frame.ids.enumerated() { next[id] = position[k] }
        previous = next
        return position
    }

    /// One iteration: repulsion k^2/d from citizens within 2k (through the grid), attraction
    /// d^2/k along ties, a pull to the centre; each move capped at `temperature`.
    private func step(_ position: inout [SIMD2<Float>], _ displacement: inout [SIMD2<Float>], _ grid: inout Grid,
                      rowStart: [Int], adjacent: [Int32], temperature: Float, outerRadius: Float, gravity: Float) {
        let n = position.count
        let k = Self.spacing
        let cutoff = 2 * k
        grid.build(position, cell: cutoff)
        for i in 0..<n { displacement[i] = .zero }
        let (width, height) = (grid.width, grid.height)
        let cells = grid
        position.withUnsafeBufferPointer { p in
          displacement.withUnsafeMutableBufferPointer { d in
           cells.start.withUnsafeBufferPointer { start in
            cells.members.withUnsafeBufferPointer { members in
             rowStart.withUnsafeBufferPointer { rowStart in
              adjacent.withUnsafeBufferPointer { adjacent in
                // Repulsion between citizens in the same or neighbouring cells.
                for i in 0..<n {
                    let (cx, cy) = cells.cell(of: p[i])
                    var force = SIMD2<Float>.zero
                    for gy in max(0, cy - 1)...min(height - 1, cy + 1) {
                        for gx in max(0, cx - 1)...min(width - 1, cx + 1) {
                            let c = gy * width + gx
                            for s in start[c]..<start[c + 1] {
                                let j = Int(members[s])
                                if j == i { continue }
                                var delta = p[i] - p[j]
                                var d2 = (delta * delta).sum()
                                if d2 >= cutoff * cutoff { continue }
                                if d2 < 1e-6 {
                                    // Two citizens on one spot: push apart along a fixed direction.
                                    delta = SIMD2(Float(i < j ? 1 : -1) * 0.01, 0)
                                    d2 = 1e-4
                                }
                                force += delta * (k * k / d2)
                            }
                        }
                    }
                    d[i] += force
                }
                // Attraction along ties.
                for i in 0..<n {
                    for s in rowStart[i]..<rowStart[i + 1] {
                        let j = Int(adjacent[s])
                        let delta = p[j] - p[i]
                        let distance = (delta * delta).sum().squareRoot()
                        d[i] += delta * (distance / k)
                    }
                    if rowStart[i + 1] > rowStart[i] {
                        // The pull to the centre: keeps the components together.
                        d[i] -= p[i] * gravity
                    } else {
                        // A citizen without a tie in the sample goes to a ring around them.
                        let r = (p[i] * p[i]).sum().squareRoot()
                        if r > 1e-3 { d[i] -= p[i] * ((r - outerRadius) / r * 0.3) }
                    }
                }
              }
             }
            }
           }
          }
        }
        for i in 0..<n {
            let length = (displacement[i] * displacement[i]).sum().squareRoot()
            if length > 0 && length.isFinite { position[i] += displacement[i] * (min(length, temperature) / length) }
        }
    }

    static func hash(_ id: Int32) -> UInt64 {
        var z = UInt64(UInt32(bitPattern: id)) &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Citizens bucketed by grid cell (counting sort), rebuilt each iteration into the same
    /// buffers. The grid is at most 256 cells a side; citizens beyond it share its edge cells.
    private struct Grid {
        var width = 1, height = 1
        var origin = SIMD2<Float>.zero
        var cellSize: Float = 1
        var start: [Int] = []
        var members: [Int32] = []
        var cellOf: [Int] = []

        func cell(of p: SIMD2<Float>) -> (Int, Int) {
            // Clamped as floats first, so no position can make the conversion trap.
            let q = (p - origin) / cellSize
            let x = q.x.isFinite ? min(max(q.x, 0), Float(width - 1)) : 0
            let y = q.y.isFinite ? min(max(q.y, 0), Float(height - 1)) : 0
            return (Int(x), Int(y))
        }

        mutating func build(_ position: [SIMD2<Float>], cell: Float) {
            var low = position[0], high = position[0]
            for p in position {
                low = pointwiseMin(low, p)
                high = pointwiseMax(high, p)
            }
            origin = low
            cellSize = cell
            let span = (high - low) / cell
            width = span.x.isFinite ? Int(min(max(span.x, 0), 255)) + 1 : 1
            height = span.y.isFinite ? Int(min(max(span.y, 0), 255)) + 1 : 1
            let cells = width * height
            if start.count != cells + 1 { start = [Int](repeating: 0, count: cells + 1) } else { for c in 0...cells { start[c] = 0 } }
            if cellOf.count != position.count { cellOf = [Int](repeating: 0, count: position.count) }
            if members.count != position.count { members = [Int32](repeating: 0, count: position.count) }
            for (i, p) in position.enumerated() {
                let (x, y) = self.cell(of: p)
                cellOf[i] = y * width + x
                start[cellOf[i] + 1] += 1
            }
            for c in 0..<cells { start[c + 1] += start[c] }
            var fill = start
            for i in 0..<position.count {
                members[fill[cellOf[i]]] = Int32(i)
                fill[cellOf[i]] += 1
            }
        }
    }
}

extension NetworkFrame {
    /// The `network` message (docs/EXPLORER.md): positions scaled into [0, 10000] on both
    /// axes (one scale, so the picture keeps its shape), scores rounded to 0.001.
    func message(positions: [SIMD2<Float>]) -> String {
        var low = SIMD2<Float>(0, 0), high = SIMD2<Float>(1, 1)
        if let first = positions.first {
            low = first; high = first
            for p in positions { low = pointwiseMin(low, p); high = pointwiseMax(high, p) }
        }
        let span = max(high.x - low.x, high.y - low.y, 1e-3)
        let scale = 10_000 / span
        let offset = (SIMD2<Float>(span, span) - (high - low)) / 2
        var out = "{\"type\":\"network\",\"epoch\":\(epoch),\"step\":\(step),\"population\":\(population),\"sampled\":\(ids.count)"
        out += ",\"lowScore\":" + (lowScore.map { $0.isFinite ? CSV.number($0) : "null" } ?? "null")
        out += ",\"scoreRange\":[\(CSV.number(scoreRange.min)),\(CSV.number(scoreRange.max))]"
        out.reserveCapacity(ids.count * 40 + edges.count * 6 + 200)
        func list<T>(_ name: String, _ values: [T], _ write: (T, inout String) -> Void) {
            out += ",\"\(name)\":["
            for (k, v) in values.enumerated() {
                if k > 0 { out += "," }
                write(v, &out)
            }
            out += "]"
        }
        list("ids", ids) { v, s in s += String(v) }
        list("x", positions) { p, s in s += String(Int(((p.x - low.x + offset.x) * scale).rounded())) }
        list("y", positions) { p, s in s += String(Int(((p.y - low.y + offset.y) * scale).rounded())) }
        list("score", scores) { v, s in s += v.isNaN ? "null" : CSV.number((Double(v) * 1000).rounded() / 1000) }
        list("strategy", strategies) { v, s in s += String(v) }
        list("flags", flags) { v, s in s += String(v) }
        list("degree", degrees) { v, s in s += String(v) }
        list("edges", edges) { v, s in s += String(v) }
        out += "}"
        return out
    }
}

/// The layout thread: takes the latest frame the simulation thread offers, lays it out and
/// hands the `network` message to `publish`. The simulation thread never waits for it: a
/// frame offered while another waits replaces it (a busy layout drops frames).
// @unchecked: `pending`, `busy` and `stopped` are read and written only under `condition`;
// `layout` and `layoutEpoch` only on the layout thread.
final class NetworkLayoutWorker: @unchecked Sendable {
    private let condition = NSCondition()
    private var pending: NetworkFrame?
    private var busy = false
    private var stopped = false
    // The layout thread's own: positions belong to one run.
    private var layout = NetworkLayout()
    private var layoutEpoch = -1
    private let publish: @Sendable (_ epoch: Int, _ message: String) -> Void

    init(publish: @escaping @Sendable (_ epoch: Int, _ message: String) -> Void) {
        self.publish = publish
        let thread = Thread { [self] in self.main() }
        thread.name = "scsim-explorer-layout"
        thread.start()
    }

    /// Whether a frame is being laid out or waiting: the simulation thread then puts off
    /// making the next (it does not wait).
    var isIdle: Bool {
        condition.lock()
        defer { condition.unlock() }
        return !busy && pending == nil
    }

    /// Hands over a frame (replacing one still waiting). Never blocks for long.
    func offer(_ frame: NetworkFrame) {
        condition.lock()
        pending = frame
        condition.signal()
        condition.unlock()
    }

    /// Drops a waiting frame (its run is over). The positions are forgotten when a frame of
    /// a new run comes.
    func dropPending() {
        condition.lock()
        pending = nil
        condition.unlock()
    }

    func stop() {
        condition.lock()
        stopped = true
        condition.signal()
        condition.unlock()
    }

    private func main() {
        while true {
            condition.lock()
            while pending == nil && !stopped { condition.wait() }
            if stopped {
                condition.unlock()
                return
            }
            let frame = pending!
            pending = nil
            busy = true
            condition.unlock()
            if frame.epoch != layoutEpoch {
                layout = NetworkLayout()
                layoutEpoch = frame.epoch
            }
            let positions = layout.layOut(frame)
            let message = frame.message(positions: positions)
            publish(frame.epoch, message)
            condition.lock()
            busy = false
            condition.unlock()
        }
    }
}
