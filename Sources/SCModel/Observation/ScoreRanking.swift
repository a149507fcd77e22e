/// Enrolled citizens ranked by score, ties broken by citizen id (MODEL.md 7.11).
///
/// A stable least-significant-digit radix sort on the scores' bit patterns (a positive
/// double's bits order like its value), carrying the citizen ids along. Citizens go in
/// by id, and a stable sort keeps equal scores in that order, so ties are broken by id
/// without comparing ids. Passes whose 16-bit digit is the same for every score (most of
/// the exponent, for scores in [350, 950]) are skipped. About five times faster than a
/// comparison sort of (score, id) pairs at a million citizens.
struct ScoreRanking {
    private(set) var scores: [Double] = []
    private(set) var citizens: [Int32] = []
    private var keys: [UInt64] = []
    private var spareKeys: [UInt64] = []
    private var spareCitizens: [Int32] = []
    private var counts = [Int](repeating: 0, count: 1 << 16)

    /// Ranks the citizens `i` with `include(i)`, by `score(i)` ascending. Scores must be
    /// positive and finite.
    ///
    /// - Complexity: O(n) per 16-bit pass, at most four passes.
    mutating func rank(count n: Int, score: (Int) -> Double, include: (Int) -> Bool) {
        keys.removeAll(keepingCapacity: true)
        citizens.removeAll(keepingCapacity: true)
        for i in 0..<n where include(i) {
            keys.append(score(i).bitPattern)
            citizens.append(Int32(i))
        }
        let m = keys.count
        if spareKeys.count < m {
            spareKeys = [UInt64](repeating: 0, count: m)
            spareCitizens = [Int32](repeating: 0, count: m)
        }
        for pass in 0..<4 {
            let shift = UInt64(16 * pass)
            var moved = false
            // Raw buffers: the scatter is a random write per citizen, and array checks in
            // it cost as much as the write.
            keys.withUnsafeMutableBufferPointer { keys in
                citizens.withUnsafeMutableBufferPointer { citizens in
                    spareKeys.withUnsafeMutableBufferPointer { spareKeys in
                        spareCitizens.withUnsafeMutableBufferPointer { spareCitizens in
                            counts.withUnsafeMutableBufferPointer { counts in
                                for d in 0..<counts.count { counts[d] = 0 }
                                for k in 0..<m { counts[Int((keys[k] >> shift) & 0xFFFF)] += 1 }
                                // One digit value: nothing moves.
                                if m == 0 || counts[Int((keys[0] >> shift) & 0xFFFF)] == m { return }
                                var running = 0
                                for d in 0..<counts.count {
                                    let c = counts[d]
                                    counts[d] = running
                                    running += c
                                }
                                for k in 0..<m {
                                    let digit = Int((keys[k] >> shift) & 0xFFFF)
                                    let slot = counts[digit]
                                    counts[digit] = slot + 1
                                    spareKeys[slot] = keys[k]
                                    spareCitizens[slot] = citizens[k]
                                }
                                moved = true
                            }
                        }
                    }
                }
            }
            // The sorted order is now in the spares: swap rather than copy back.
            if moved {
                swap(&keys, &spareKeys)
                swap(&citizens, &spareCitizens)
            }
        }
        // A spare may have been longer than m.
        if keys.count > m { keys.removeLast(keys.count - m) }
        if citizens.count > m { citizens.removeLast(citizens.count - m) }
        scores.removeAll(keepingCapacity: true)
        for key in keys { scores.append(Double(bitPattern: key)) }
    }
}
