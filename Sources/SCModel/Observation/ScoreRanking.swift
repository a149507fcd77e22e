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
/// The order is the same as that of a stable sort by bit pattern, and so as the least-
/// significant-digit radix sort this replaced (four passes of 16 bits, about twice as
/// slow at 10,000 citizens and a quarter slower at a million), for any input; for non-
/// negative scores it is the order of (score, id) (-0.0's bits sort after every positive
/// score, as they did before; scores are never -0.0).
struct ScoreRanking {
    private(set) var scores: [Double] = []
    private(set) var citizens: [Int32] = []
    /// Scratch, at least as long as the population: gathered and bucketed keys and ids.
    private var gatheredKeys: [UInt64] = []
    private var gatheredCitizens: [Int32] = []
    private var sortedKeys: [UInt64] = []
    private var sortedCitizens: [Int32] = []
    /// Bucket starts, then ends.
    private var counts: [Int] = []

    /// The largest number of buckets is 2^maxBucketBits (2 MiB of counts).
    static let maxBucketBits = 18
    /// Buckets up to this size are insertion-sorted.
    static let insertionLimit = 64

    /// Ranks the citizens `i` with `include(i)`, by `score(i)` ascending.
    ///
    /// - Complexity: O(n) for scores spread over their range; O(n log n) at worst, when
    ///   many distinct scores fall into one bucket.
    mutating func rank(count n: Int, score: (Int) -> Double, include: (Int) -> Bool) {
        // The buffers hold the included citizens (plus the spare place the gather writes
        // to), not all N: at ten million citizens with a third enrolled that is 160 MB less.
        var included = 0
        for i in 0..<n where include(i) { included += 1 }
        if gatheredKeys.count < included + 1 {
            let room = included + included / 4 + 1
            gatheredKeys = [UInt64](repeating: 0, count: room)
            gatheredCitizens = [Int32](repeating: 0, count: room)
            sortedKeys = [UInt64](repeating: 0, count: room)
            sortedCitizens = [Int32](repeating: 0, count: room)
        }
        var m = 0
        var lowest = UInt64.max, highest = UInt64.min
        gatheredKeys.withUnsafeMutableBufferPointer { keys in
            gatheredCitizens.withUnsafeMutableBufferPointer { ids in
                // Write every citizen at the next free place, move on only past the
                // included (the buffers have one spare place for the last write).
                for i in 0..<n {
                    let key = score(i).bitPattern
                    keys[m] = key
                    ids[m] = Int32(i)
                    let included = include(i)
                    lowest = min(lowest, included ? key : .max)
                    highest = max(highest, included ? key : .min)
                    m += included ? 1 : 0
                }
            }
        }
        let sorted = m > 1 && lowest < highest
        if sorted { sortByBucket(count: m, lowest: lowest, highest: highest) }
        // Copy out the first m: sorted, or already in order (one score, or none).
        let keys = sorted ? sortedKeys : gatheredKeys, ids = sorted ? sortedCitizens : gatheredCitizens
        citizens.removeAll(keepingCapacity: true)
        ids.withUnsafeBufferPointer { citizens.append(contentsOf: UnsafeBufferPointer(rebasing: $0[0..<m])) }
        scores.removeAll(keepingCapacity: true)
        keys.withUnsafeBufferPointer { keys in
            keys.withMemoryRebound(to: Double.self) { scores.append(contentsOf: $0[0..<m]) }
        }
    }

    /// Passes 2 and 3: the first m gathered keys and ids, sorted into `sortedKeys` and
    /// `sortedCitizens`.
    private mutating func sortByBucket(count m: Int, lowest: UInt64, highest: UInt64) {
        // About one citizen per bucket: bucket b holds the keys k with
        // (k - lowest) >> shift == b.
        let bucketBits = min(Self.maxBucketBits, Int.bitWidth - (m - 1).leadingZeroBitCount)
        let spanBits = UInt64.bitWidth - (highest - lowest).leadingZeroBitCount
        let shift = UInt64(max(0, spanBits - bucketBits))
        let bucketCount = Int((highest - lowest) >> shift) + 1
        if counts.count < bucketCount { counts = [Int](repeating: 0, count: bucketCount) }
        var large: [Range<Int>] = []
        gatheredKeys.withUnsafeBufferPointer { keys in
            gatheredCitizens.withUnsafeBufferPointer { ids in
                sortedKeys.withUnsafeMutableBufferPointer { sortedKeys in
                    sortedCitizens.withUnsafeMutableBufferPointer { sortedIDs in
                        counts.withUnsafeMutableBufferPointer { counts in
                            for b in 0..<bucketCount { counts[b] = 0 }
                            for k in 0..<m { counts[Int((keys[k] &- lowest) >> shift)] += 1 }
                            var running = 0
                            for b in 0..<bucketCount {
                                let c = counts[b]
                                counts[b] = running
                                running += c
                            }
                            // Stable: ids enter each bucket in increasing order.
                            for k in 0..<m {
                                let b = Int((keys[k] &- lowest) >> shift)
                                let slot = counts[b]
                                counts[b] = slot + 1
                                sortedKeys[slot] = keys[k]
                                sortedIDs[slot] = ids[k]
                            }
                            // counts[b] is now the end of bucket b.
                            var begin = 0
                            for b in 0..<bucketCount {
                                let end = counts[b]
                                if end - begin > Self.insertionLimit {
                                    let first = sortedKeys[begin]
                                    var allEqual = true
                                    for k in begin..<end where sortedKeys[k] != first { allEqual = false; break }
                                    if !allEqual { large.append(begin..<end) }
                                } else if end - begin > 1 {
                                    // Insertion sort; a key moves only past larger ones, so
                                    // equal keys keep their id order.
                                    for k in (begin + 1)..<end {
                                        let key = sortedKeys[k], id = sortedIDs[k]
                                        var h = k
                                        while h > begin && sortedKeys[h - 1] > key {
                                            sortedKeys[h] = sortedKeys[h - 1]
                                            sortedIDs[h] = sortedIDs[h - 1]
                                            h -= 1
                                        }
                                        sortedKeys[h] = key
                                        sortedIDs[h] = id
                                    }
                                }
                                begin = end
                            }
                        }
                    }
                }
            }
        }
        for range in large {
            var pairs = range.map { (sortedKeys[$0], sortedCitizens[$0]) }
            pairs.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
            for (offset, pair) in pairs.enumerated() {
                sortedKeys[range.lowerBound + offset] = pair.0
                sortedCitizens[range.lowerBound + offset] = pair.1
            }
        }
    }
}
