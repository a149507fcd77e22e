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
}
