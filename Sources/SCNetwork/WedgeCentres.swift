/// Citizens weighted by their wedge counts d (d - 1), for drawing wedge centres in
/// proportion to them: the cumulative counts, and the same search a binary search over
/// them makes, done in two levels so that it stays in the cache.
///
/// A plain binary search over a million cumulative counts (8 MB) misses the cache on
/// about ten of its twenty probes, and that was most of the sampled clustering's time at a
/// million citizens. Here the search first finds the block of `blockSize` citizens in a
/// table of each block's last count (16 KB per million citizens, usually cached), then
/// searches that block (512 bytes). Both levels look for the first count above the target,
/// so the centre is the one the single binary search finds, and the draws are unchanged.
///
/// The counts are integers summed in Double; they are exact below 2^53, so the total and
/// every prefix are the numbers the running sum in citizen order gives.
public final class WedgeCentres {
    /// Citizens per block of the upper table.
    public static let blockSize = 64
    /// cumulative[u] = sum of d (d - 1) over citizens 0...u.
    private var cumulative: UnsafeMutablePointer<Double>
    /// last[b] = cumulative at the last citizen of block b.
    private var last: UnsafeMutablePointer<Double>
    private var capacity = 0
    /// Citizens counted by the last `load`.
    public private(set) var count = 0
    /// Sum of d (d - 1) over the citizens, twice the number of wedges.
    public private(set) var total = 0.0

    public init() {
        cumulative = .allocate(capacity: 1)
        last = .allocate(capacity: 1)
    }

    deinit {
        cumulative.deallocate()
        last.deallocate()
    }

    /// Counts the wedges at citizens 0..<n, `degree(u)` friends each. The buffers are kept
    /// from one call to the next (a fresh 8 MB array per network row at a million citizens
    /// cost its page faults every row).
    @inline(__always)
    public func load(count n: Int, degree: (Int) -> Int) {
        if n > capacity {
            cumulative.deallocate()
            last.deallocate()
            // Blocks on cache lines: a block is then exactly eight lines.
            cumulative = UnsafeMutableRawPointer.allocate(byteCount: n * 8, alignment: 64).bindMemory(to: Double.self, capacity: n)
            last = .allocate(capacity: n / Self.blockSize + 1)
            capacity = n
        }
        count = n
        var running = 0.0
        for u in 0..<n {
            let d = Double(degree(u))
            running += d * (d - 1)
            cumulative[u] = running
        }
        total = running
        let size = Self.blockSize
        for b in 0..<blockCount { last[b] = cumulative[min(n, (b + 1) * size) - 1] }
    }

    private var blockCount: Int { count == 0 ? 0 : (count - 1) / Self.blockSize + 1 }

    /// The block `centre(at: target)` will search: its first level, done ahead by the
    /// sampler's scout, which then asks for the block's eight cache lines.
    @inline(__always)
    public func prefetchBlock(at target: Double) {
        guard count > 0 else { return }
        let b = block(at: target)
        let first = b * Self.blockSize, end = min(count, first + Self.blockSize)
        for k in stride(from: first, to: end, by: 8) { prefetch(cumulative + k) }
    }

    @inline(__always)
    private func block(at target: Double) -> Int {
        var low = 0, high = blockCount - 1
        while low < high {
            let mid = (low + high) / 2
            if last[mid] > target { high = mid } else { low = mid + 1 }
        }
        return low
    }

    /// The first citizen whose cumulative count exceeds `target` (the last citizen when
    /// none does): the centre drawn for target = uniform x total.
    @inline(__always)
    public func centre(at target: Double) -> Int {
        precondition(count > 0, "no citizens loaded")
        let low = block(at: target)
        let size = Self.blockSize
        var first = low * size, end = min(count, (low + 1) * size) - 1
        while first < end {
            let mid = (first + end) / 2
            if cumulative[mid] > target { end = mid } else { first = mid + 1 }
        }
        return first
    }
}
