import Testing
import SCRandom
@testable import SCModel

/// The score summary and ranking of MODEL.md 7.11.
struct ScoreStatisticsTests {
    @Test func distributionOfOneToFour() {
        // Mean 2.5; population sd sqrt(1.25); percentiles at (n - 1) q = 0.3, 1.5, 2.7 give
        // 1.3, 2.5, 3.7; Gini = sum (2i - n - 1) x_(i) / (n sum x) = (-3 - 2 + 3 + 12) / 40 = 0.25
        // (mean absolute difference 20/16 over twice the mean 5).
        let d = [1.0, 2, 3, 4].withUnsafeBufferPointer { ScoreDistribution(sortedScores: $0)! }
        #expect(d.mean == 2.5)
        #expect(abs(d.standardDeviation - 1.25.squareRoot()) < 1e-12)
        #expect(abs(d.p10 - 1.3) < 1e-12 && d.p50 == 2.5 && abs(d.p90 - 3.7) < 1e-12)
        #expect(abs(d.gini - 0.25) < 1e-12)
        // Equal scores: no inequality.
        #expect([600.0, 600, 600].withUnsafeBufferPointer { ScoreDistribution(sortedScores: $0)! }.gini == 0)
        #expect([Double]().withUnsafeBufferPointer { ScoreDistribution(sortedScores: $0) } == nil)
    }

    @Test func rankingMatchesAComparisonSortWithTiesByID() {
        let r = RandomStream(seed: 5)
        let n = 50_000
        // Scores on a coarse grid in [350, 950], so many ties; every third citizen excluded.
        let scores = (0..<n).map { _ in 350 + Double(r.uniformInt(601)) }
        var ranking = ScoreRanking()
        ranking.rank(count: n, score: { scores[$0] }, include: { $0 % 3 != 0 })
        let expected = (0..<n).filter { $0 % 3 != 0 }.sorted { scores[$0] != scores[$1] ? scores[$0] < scores[$1] : $0 < $1 }
        #expect(ranking.citizens.map(Int.init) == expected)
        #expect(ranking.scores == expected.map { scores[$0] })
    }

    @Test func rankingOfFractionalScores() {
        let r = RandomStream(seed: 6)
        let scores = (0..<10_000).map { _ in r.uniform() * 600 + 350 }
        var ranking = ScoreRanking()
        ranking.rank(count: scores.count, score: { scores[$0] }, include: { _ in true })
        #expect(ranking.scores == scores.sorted())
    }

    /// Scores drawn in shapes that reach every path of the bucket sort: spread out (small
    /// buckets), on a coarse grid (ties), piled at the bounds (large buckets of equal keys),
    /// clustered with a far outlier (a large bucket of distinct keys), all equal, zeros
    /// with denormals, and a span of 600 orders of magnitude.
    static func scores(shape: Int, count n: Int, random r: RandomStream) -> [Double] {
        (0..<n).map { i in
            switch shape {
            case 0: return 670 + 69 * r.normal(mean: 0, sd: 1)
            case 1: return 350 + Double(r.uniformInt(601))
            case 2: return min(950, max(350, 650 + 300 * r.normal(mean: 0, sd: 1)))
            case 3: return i == n / 2 ? 1e300 : 600 + r.uniform() * 1e-9
            case 4: return 500
            case 5: return r.bernoulli(0.5) ? 0 : r.uniform() * 1e-310
            default: return r.bernoulli(0.5) ? 1e-300 * r.uniform() : 1e300 * r.uniform()
            }
        }
    }

    @Test(arguments: [0, 1, 2, 3, 100, 5_000, 70_000])
    func rankingIsASortByScoreThenID(n: Int) {
        let r = RandomStream(seed: UInt64(n) + 11)
        for shape in 0..<7 {
            let scores = Self.scores(shape: shape, count: n, random: r)
            let included = (0..<n).map { _ in r.bernoulli(0.7) }
            var ranking = ScoreRanking()
            // Twice, so the second ranking reuses the first one's buffers.
            for _ in 0..<2 { ranking.rank(count: n, score: { scores[$0] }, include: { included[$0] }) }
            let expected = (0..<n).filter { included[$0] }.sorted { scores[$0] != scores[$1] ? scores[$0] < scores[$1] : $0 < $1 }
            #expect(ranking.citizens.map(Int.init) == expected, "shape \(shape), \(n) citizens")
            #expect(ranking.scores.map(\.bitPattern) == expected.map { scores[$0].bitPattern }, "shape \(shape), \(n) citizens")
        }
    }

    /// Split over workers (run in reverse order, and concurrently) the ranking is the same
    /// sort, whatever the shares: fewer citizens than workers, shares with no one included,
    /// every shape of scores.
    @Test(arguments: [0, 1, 2, 3, 100, 5_000, 70_000])
    func rankingOnSeveralWorkersIsTheSameSort(n: Int) {
        let r = RandomStream(seed: UInt64(n) + 31)
        for shape in 0..<7 {
            let scores = Self.scores(shape: shape, count: n, random: r)
            // The first half excluded in shape 0: a worker's share with no one in it.
            let mask: [UInt8] = (0..<n).map { i in (shape == 0 && i < n / 2) || !r.bernoulli(0.7) ? 0 : 1 }
            let expected = (0..<n).filter { mask[$0] != 0 }.sorted {
                scores[$0].bitPattern != scores[$1].bitPattern ? scores[$0].bitPattern < scores[$1].bitPattern : $0 < $1
            }
            for workers in [2, 3, 5] {
                let pool = WorkerPool(count: workers)
                for concurrent in [false, true] {
                    var ranking = ScoreRanking()
                    scores.withUnsafeBufferPointer { score in
                        mask.withUnsafeBufferPointer { include in
                            for _ in 0..<2 {
                                ranking.rank(count: n, workers: workers, runWorkers: { body in
                                    if concurrent {
                                        pool.run(body)
                                    } else {
                                        for w in (0..<workers).reversed() { body(w) }
                                    }
                                }, score: score.baseAddress ?? UnsafePointer(bitPattern: 8)!,
                                   include: include.baseAddress ?? UnsafePointer(bitPattern: 8)!)
                            }
                        }
                    }
                    #expect(ranking.citizens.map(Int.init) == expected, "shape \(shape), \(n) citizens, \(workers) workers")
                    #expect(ranking.scores.map(\.bitPattern) == expected.map { scores[$0].bitPattern })
                }
            }
        }
    }

    /// One ranking reused across changing counts, masks (none: everyone) and worker
    /// counts, as the wealth ranking is (all citizens for the Gini, then the enrolled).
    @Test func oneRankingReusedAcrossSizesAndWorkers() {
        let r = RandomStream(seed: 77)
        var ranking = ScoreRanking()
        for (n, workers, everyone) in [(3_000, 2, true), (2_000, 3, false), (5, 4, true), (4_000, 1, false), (4_000, 2, true), (0, 2, true)] {
            let scores = (0..<n).map { _ in r.bernoulli(0.2) ? 2.5 : r.uniform() * 100 }
            let mask: [UInt8] = (0..<n).map { _ in r.bernoulli(0.6) ? 1 : 0 }
            let pool = WorkerPool(count: workers)
            scores.withUnsafeBufferPointer { score in
                mask.withUnsafeBufferPointer { include in
                    ranking.rank(count: n, workers: workers, runWorkers: { pool.run($0) },
                                 score: score.baseAddress ?? UnsafePointer(bitPattern: 8)!,
                                 include: everyone ? nil : include.baseAddress)
                }
            }
            let expected = (0..<n).filter { everyone || mask[$0] != 0 }.sorted { scores[$0] != scores[$1] ? scores[$0] < scores[$1] : $0 < $1 }
            #expect(ranking.citizens.map(Int.init) == expected, "\(n) citizens, \(workers) workers, everyone \(everyone)")
            #expect(ranking.scores == expected.map { scores[$0] })
        }
    }

    /// Bucket index bits: one bucket per key up to 2^18 keys, 2^18 up to 2^20, then about
    /// four keys a bucket, at most 2^21 buckets.
    @Test func bucketBits() {
        #expect([2, 1_000, 1 << 18, (1 << 18) + 1, 1 << 20, (1 << 20) + 1, 1 << 22, 10_000_000, 1 << 30]
            .map(ScoreRanking.bucketBits(forKeys:)) == [1, 10, 18, 18, 18, 19, 20, 21, 21])
    }

    @Test func rankingOrdersBitPatternsForAnyDouble() {
        // Outside the scores' domain (-0.0, negatives, infinities) the order is that of the
        // bit patterns as unsigned integers, then id, as the radix sort before it gave:
        // -0.0 and negatives after every positive score. Scores are never negative.
        let r = RandomStream(seed: 12)
        let pool: [Double] = [-0.0, 0.0, -1, 1, 600, -600, .infinity, -.infinity, 5e-324, 950]
        for n in [2, 50, 3_000] {
            var scores = (0..<n).map { _ -> Double in
                let base = pool[r.uniformInt(pool.count)]
                return r.bernoulli(0.3) ? base + r.uniform() : base
            }
            scores[n - 1] = -0.0
            var ranking = ScoreRanking()
            // A smaller ranking after a larger one, and the other way round.
            ranking.rank(count: n / 2, score: { scores[$0] }, include: { _ in true })
            ranking.rank(count: n, score: { scores[$0] }, include: { $0 % 5 != 1 })
            let expected = (0..<n).filter { $0 % 5 != 1 }.sorted {
                scores[$0].bitPattern != scores[$1].bitPattern ? scores[$0].bitPattern < scores[$1].bitPattern : $0 < $1
            }
            #expect(ranking.citizens.map(Int.init) == expected)
            #expect(ranking.scores.map(\.bitPattern) == expected.map { scores[$0].bitPattern })
        }
    }
}
