/// Enrolled citizens ranked by score, ties broken by citizen id (MODEL.md 7.11).
///
/// Sorted by the scores' bit patterns as unsigned integers (a non-negative double's bits
/// order like its value), with the citizen ids carried along, in three passes:
///
/// 1. Gather the included citizens in id order, without a branch on `include` (a miss-
///    predicted branch per citizen cost more than the write it skips).
/// 2. One stable counting pass into about one bucket per citizen (at most 2^18), each
///    bucket a slice of the key range [lowest, highest], so the buckets come out in key
///    order and, within a bucket, in id order.
/// 3. Each bucket sorted by key, stably: an insertion sort (a bucket holds one or two
///    citizens on average); a large bucket whose keys are all equal (scores piled at a
///    bound) is already in order; any other large one is sorted by (key, id).
///
/// On several workers each pass is split: worker w gathers, counts and scatters the
/// citizens of its contiguous share of ids (the counts of worker w's citizens in a bucket
/// placed after those of lower workers', so the buckets still fill in id order) and then
/// sorts the buckets that start in its share of the ranked places. Every pass writes the
/// places the one-worker sort writes, so the ranking does not depend on the thread count.
///
/// The order is the same as that of a stable sort by bit pattern, and so as the least-
/// significant-digit radix sort this replaced (four passes of 16 bits, about twice as
/// slow at 10,000 citizens and a quarter slower at a million), for any input; for non-
/// negative scores it is the order of (score, id) (-0.0's bits sort after every positive
/// score, as they did before; scores are never -0.0).
struct ScoreRanking {
    private(set) var scores: [Double] = []
    private(set) var citizens: [Int32] = []
    /// Scratch: gathered and bucketed keys and ids, and each worker's bucket counts.
    private var buffers = Buffers()

    /// The largest number of buckets is 2^maxBucketBits (8 MiB of counts per worker).
    static let maxBucketBits = 21
    /// Buckets up to this size are insertion-sorted.
    static let insertionLimit = 64

    /// Bits of bucket index for `m` keys: about one bucket per key up to 2^18 keys, then
    /// 2^18 buckets up to 2^20 keys (counts that stay in the cache), then about four keys
    /// per bucket up to 2^21 buckets. With 2^18 buckets at ten million citizens a bucket
    /// held 38 keys and its insertion sort moved about ten of them per key, a third of a
    /// second a step.
    static func bucketBits(forKeys m: Int) -> Int {
        let bits = Int.bitWidth - (m - 1).leadingZeroBitCount
        return min(bits, max(18, min(maxBucketBits, bits - 2)))
    }

    /// Ranks the citizens `i` with `include(i)`, by `score(i)` ascending, on one thread
    /// (for tests: it copies the scores and the mask first).
    ///
    /// - Complexity: O(n) for scores spread over their range; O(n log n) at worst, when
    ///   many distinct scores fall into one bucket.
    mutating func rank(count n: Int, score: (Int) -> Double, include: (Int) -> Bool) {
        let scores = (0..<n).map(score), mask = (0..<n).map { include($0) ? UInt8(1) : 0 }
        scores.withUnsafeBufferPointer { scores in
            mask.withUnsafeBufferPointer { mask in
                rank(count: n, workers: 1, runWorkers: { $0(0) }, score: scores.baseAddress!, include: mask.baseAddress!)
            }
        }
    }

    /// Ranks the citizens `i` with `include[i] != 0` (every citizen when `include` is nil)
    /// by `score[i]`, its passes split over
    /// `workers` shares; `runWorkers` must call its body once for each worker index below
    /// `workers`, in parallel or not.
    mutating func rank(count n: Int, workers: Int, runWorkers: (_ body: (Int) -> Void) -> Void,
                       score: UnsafePointer<Double>, include: UnsafePointer<UInt8>?) {
        // Fewer shares than workers when there are fewer citizens; the rest idle (each
        // pass's body returns at once for a worker without a share).
        let t = max(1, min(workers, n))
        let shares = (0...t).map { w in w * n / t }
        // Pass 1: the included citizens of each share, counted and gathered at the share's
        // offset (plus w: each share has one spare place after it for the branch-free
        // gather's last write).
        var included = [Int](repeating: 0, count: t)
        included.withUnsafeMutableBufferPointer { included in
            let included = included
            runWorkers { w in
                guard w < t else { return }
                var m = 0
                if let include {
                    for i in shares[w]..<shares[w + 1] { m += Int(include[i] != 0 ? 1 : 0) }
                } else {
                    m = shares[w + 1] - shares[w]
                }
                included[w] = m
            }
        }
        var offsets = [Int](repeating: 0, count: t + 1)
        for w in 0..<t { offsets[w + 1] = offsets[w] + included[w] }
        let m = offsets[t]
        // The buffers hold the included citizens (plus the spare places), not all N: at
        // ten million citizens with a third enrolled that is 160 MB less.
        buffers.reserve(keys: m + t, workers: t)
        let b = buffers
        var bounds = [(lowest: UInt64, highest: UInt64)](repeating: (.max, .min), count: t)
        bounds.withUnsafeMutableBufferPointer { bounds in
            let bounds = bounds
            runWorkers { w in
                guard w < t else { return }
                // Write every citizen at the next free place, move on only past the
                // included.
                var k = offsets[w] + w
                var lowest = UInt64.max, highest = UInt64.min
                for i in shares[w]..<shares[w + 1] {
                    let key = score[i].bitPattern
                    b.gatheredKeys[k] = key
                    b.gatheredCitizens[k] = Int32(i)
                    let included = include.map { $0[i] != 0 } ?? true
                    lowest = min(lowest, included ? key : .max)
                    highest = max(highest, included ? key : .min)
                    k += included ? 1 : 0
                }
                bounds[w] = (lowest, highest)
            }
        }
        let lowest = bounds.map(\.lowest).min() ?? .max, highest = bounds.map(\.highest).max() ?? .min
        let sorted = m > 1 && lowest < highest
        if sorted {
            sortByBucket(count: m, offsets: offsets, lowest: lowest, highest: highest, runWorkers: runWorkers)
        } else {
            // Already in order (one score, or none): close the spare places.
            for w in 0..<t {
                for k in 0..<included[w] {
                    b.sortedKeys[offsets[w] + k] = b.gatheredKeys[offsets[w] + w + k]
                    b.sortedCitizens[offsets[w] + k] = b.gatheredCitizens[offsets[w] + w + k]
                }
            }
        }
        // Copy out the first m, each worker its share of places.
        // Resized in place: the arrays keep their capacity as the enrolled count moves.
        if citizens.count != m {
            citizens.removeAll(keepingCapacity: true)
            citizens.append(contentsOf: repeatElement(0, count: m))
            scores.removeAll(keepingCapacity: true)
            scores.append(contentsOf: repeatElement(0, count: m))
        }
        citizens.withUnsafeMutableBufferPointer { ids in
            scores.withUnsafeMutableBufferPointer { values in
                let ids = ids, values = values
                runWorkers { w in
                guard w < t else { return }
                    for k in (w * m / t)..<((w + 1) * m / t) {
                        ids[k] = b.sortedCitizens[k]
                        values[k] = Double(bitPattern: b.sortedKeys[k])
                    }
                }
            }
        }
    }

    /// Passes 2 and 3: the m gathered keys and ids (worker w's at offsets[w] + w), sorted
    /// into `sortedKeys` and `sortedCitizens`.
    private func sortByBucket(count m: Int, offsets: [Int], lowest: UInt64, highest: UInt64,
                              runWorkers: (_ body: (Int) -> Void) -> Void) {
        let t = offsets.count - 1
        // About one citizen per bucket: bucket b holds the keys k with
        // (k - lowest) >> shift == b.
        let bucketBits = Self.bucketBits(forKeys: m)
        let spanBits = UInt64.bitWidth - (highest - lowest).leadingZeroBitCount
        let shift = UInt64(max(0, spanBits - bucketBits))
        let bucketCount = Int((highest - lowest) >> shift) + 1
        let b = buffers
        b.reserve(buckets: bucketCount)
        // Each worker's counts per bucket.
        runWorkers { w in
                guard w < t else { return }
            let counts = b.counts[w]
            for c in 0..<bucketCount { counts[c] = 0 }
            for k in (offsets[w] + w)..<(offsets[w + 1] + w) {
                counts[Int((b.gatheredKeys[k] &- lowest) >> shift)] &+= 1
            }
        }
        // Where each worker's citizens of each bucket start: bucket by bucket, worker by
        // worker, so a bucket holds worker 0's citizens (the lowest ids) first.
        var running: Int32 = 0
        for c in 0..<bucketCount {
            for w in 0..<t {
                let count = b.counts[w][c]
                b.counts[w][c] = running
                running &+= count
            }
        }
        // Stable: ids enter each bucket in increasing order.
        runWorkers { w in
                guard w < t else { return }
            let counts = b.counts[w]
            for k in (offsets[w] + w)..<(offsets[w + 1] + w) {
                let key = b.gatheredKeys[k]
                let c = Int((key &- lowest) >> shift)
                let slot = Int(counts[c])
                counts[c] = Int32(slot + 1)
                b.sortedKeys[slot] = key
                b.sortedCitizens[slot] = b.gatheredCitizens[k]
            }
        }
        // The last worker's counts are now the buckets' ends. Each worker sorts the
        // buckets that begin in its share of places.
        let ends = b.counts[t - 1]
        var large = [[Range<Int>]](repeating: [], count: t)
        large.withUnsafeMutableBufferPointer { large in
            let large = large
            runWorkers { w in
                guard w < t else { return }
                // The first bucket beginning at or after place w m / t.
                func firstBucket(from place: Int) -> Int {
                    var low = 0, high = bucketCount
                    while low < high {
                        let mid = (low + high) / 2
                        let begin = mid == 0 ? 0 : Int(ends[mid - 1])
                        if begin >= place { high = mid } else { low = mid + 1 }
                    }
                    return low
                }
                let firstOfShare = w == 0 ? 0 : firstBucket(from: w * m / t)
                let endOfShare = w == t - 1 ? bucketCount : firstBucket(from: (w + 1) * m / t)
                var begin = firstOfShare == 0 ? 0 : Int(ends[firstOfShare - 1])
                for c in firstOfShare..<endOfShare {
                    let end = Int(ends[c])
                    if end - begin > Self.insertionLimit {
                        let first = b.sortedKeys[begin]
                        var allEqual = true
                        for k in begin..<end where b.sortedKeys[k] != first { allEqual = false; break }
                        if !allEqual { large[w].append(begin..<end) }
                    } else if end - begin > 1 {
                        // Insertion sort; a key moves only past larger ones, so equal keys
                        // keep their id order.
                        for k in (begin + 1)..<end {
                            let key = b.sortedKeys[k], id = b.sortedCitizens[k]
                            var h = k
                            while h > begin && b.sortedKeys[h - 1] > key {
                                b.sortedKeys[h] = b.sortedKeys[h - 1]
                                b.sortedCitizens[h] = b.sortedCitizens[h - 1]
                                h -= 1
                            }
                            b.sortedKeys[h] = key
                            b.sortedCitizens[h] = id
                        }
                    }
                    begin = end
                }
            }
        }
        for range in large.joined() {
            var pairs = range.map { (b.sortedKeys[$0], b.sortedCitizens[$0]) }
            pairs.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
            for (offset, pair) in pairs.enumerated() {
                b.sortedKeys[range.lowerBound + offset] = pair.0
                b.sortedCitizens[range.lowerBound + offset] = pair.1
            }
        }
    }

    /// The ranking's scratch on raw buffers, which the workers write in disjoint places.
    // @unchecked: each pass's workers write only their own share's places and counts, and
    // the passes are separated by `runWorkers` returning.
    final class Buffers: @unchecked Sendable {
        private(set) var gatheredKeys = UnsafeMutablePointer<UInt64>.allocate(capacity: 1)
        private(set) var gatheredCitizens = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
        private(set) var sortedKeys = UnsafeMutablePointer<UInt64>.allocate(capacity: 1)
        private(set) var sortedCitizens = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
        /// Each worker's bucket counts, then starts, then ends.
        private(set) var counts: [UnsafeMutablePointer<Int32>] = []
        private var keyCapacity = 1, bucketCapacity = 0

        /// Room for `keys` keys (grown by a quarter when it grows) and `workers` count arrays.
        func reserve(keys: Int, workers: Int) {
            if keys > keyCapacity {
                free(keysOnly: true)
                keyCapacity = keys + keys / 4
                gatheredKeys = .allocate(capacity: keyCapacity)
                gatheredCitizens = .allocate(capacity: keyCapacity)
                sortedKeys = .allocate(capacity: keyCapacity)
                sortedCitizens = .allocate(capacity: keyCapacity)
            }
            if counts.count != workers {
                for c in counts { c.deallocate() }
                counts = (0..<workers).map { _ in .allocate(capacity: max(1, bucketCapacity)) }
            }
        }

        func reserve(buckets: Int) {
            guard buckets > bucketCapacity else { return }
            bucketCapacity = buckets
            counts = counts.map { $0.deallocate(); return .allocate(capacity: buckets) }
        }

        private func free(keysOnly: Bool) {
            gatheredKeys.deallocate(); gatheredCitizens.deallocate()
            sortedKeys.deallocate(); sortedCitizens.deallocate()
            if !keysOnly { for c in counts { c.deallocate() } }
        }

        deinit { free(keysOnly: false) }
    }
}
