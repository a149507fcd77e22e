/// Citizens weighted by their wedge counts d (d - 1), for drawing wedge centres in
/// proportion to them: the first citizen whose running sum of counts exceeds a target,
/// found in two levels so that it stays in the cache.
///
/// A plain binary search over a million cumulative counts (8 MB) misses the cache on
/// about ten of its twenty probes, and that was most of the sampled clustering's time at a
/// million citizens. Here the search first finds the block of `blockSize` citizens in a
/// table of each block's last running sum (125 KB per million citizens, in the L2 cache),
/// then walks that block's degrees (256 bytes), adding the counts from the sum before the
/// block. Only the table is stored: keeping every citizen's running sum cost 8 bytes a
/// citizen and 80 MB of writes a network row at ten million.
///
/// The counts are integers summed in Double; they are exact below 2^53, and the walk adds
/// the same numbers in the same order as the running sum in citizen order, so the centre
/// is the one a search over all the running sums finds, and the draws are unchanged.
public final class WedgeCentres {
    /// Citizens per block of the table.
    public static let blockSize = 64
    /// last[b] = the running sum of d (d - 1) at the last citizen of block b.
    private var last: UnsafeMutablePointer<Double>
    private var capacity = 0
    /// The degrees given to the last `load` (the caller's storage).
    private var degrees: UnsafePointer<Int32>?
    /// Citizens counted by the last `load`.
    public private(set) var count = 0
    /// Sum of d (d - 1) over the citizens, twice the number of wedges.
    public private(set) var total = 0.0

    public init() {
        last = .allocate(capacity: 1)
    }

    deinit {
        last.deallocate()
    }

    /// Counts the wedges at citizens 0..<n, `degrees[u]` friends each. `degrees` must stay
    /// valid and unchanged while centres are drawn; `release` then forgets it (drawing
    /// again needs a `load`). The table is kept from one call to the next.
    public func load(count n: Int, degrees: UnsafePointer<Int32>) {
        let blocks = n == 0 ? 0 : (n - 1) / Self.blockSize + 1
        if blocks > capacity {
            last.deallocate()
            last = .allocate(capacity: blocks)
            capacity = blocks
        }
        count = n
        self.degrees = degrees
        var running = 0.0
        let size = Self.blockSize
        for b in 0..<blocks {
            for u in (b * size)..<min(n, (b + 1) * size) {
                let d = Double(degrees[u])
                running += d * (d - 1)
            }
            last[b] = running
        }
        total = running
    }

    /// Forgets the degrees given to `load` (their storage may go once the draws are made):
    /// `centre(at:)` and `prefetchBlock(at:)` then need a new `load`.
    public func release() {
        degrees = nil
        count = 0
    }

    private var blockCount: Int { count == 0 ? 0 : (count - 1) / Self.blockSize + 1 }

    /// The block `centre(at: target)` will walk: its first level, done ahead by the
    /// sampler's scout, which then asks for the block's degrees (four cache lines).
    @inline(__always)
    public func prefetchBlock(at target: Double) {
        guard count > 0, let degrees else { return }
        let b = block(at: target)
        let first = b * Self.blockSize, end = min(count, first + Self.blockSize)
        for k in stride(from: first, to: end, by: 16) { prefetch(degrees + k) }
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

    /// The first citizen whose running sum of counts exceeds `target` (the last citizen
    /// when none does): the centre drawn for target = uniform x total.
    @inline(__always)
    public func centre(at target: Double) -> Int {
        precondition(count > 0, "no citizens loaded")
        let degrees = self.degrees!
        let b = block(at: target)
        let size = Self.blockSize
        let first = b * size, end = min(count, first + size)
        var running = b > 0 ? last[b - 1] : 0
        for u in first..<(end - 1) {
            let d = Double(degrees[u])
            running += d * (d - 1)
            if running > target { return u }
        }
        return end - 1
    }
}
