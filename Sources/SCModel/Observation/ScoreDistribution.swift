/// Summary statistics of the enrolled citizens' scores (MODEL.md 7.11).
public struct ScoreDistribution: Equatable, Sendable {
    public var count: Int
    public var mean: Double
    /// Population standard deviation (divisor n).
    public var standardDeviation: Double
    public var p10: Double
    public var p50: Double
    public var p90: Double
    public var gini: Double

    /// Computes the summary from scores sorted ascending.
    ///
    /// Percentiles interpolate linearly between order statistics at position (n - 1) q,
    /// as numpy's default does. Gini = sum_i (2i - n - 1) x_(i) / (n sum x), i from 1.
    /// - Complexity: O(n).
    public init?(sortedScores x: UnsafeBufferPointer<Double>) {
        let n = x.count
        guard n > 0 else { return nil }
        var sum = 0.0
        for v in x { sum += v }
        let mean = sum / Double(n)
        var squares = 0.0, weighted = 0.0
        for (k, v) in x.enumerated() {
            squares += (v - mean) * (v - mean)
            weighted += Double(2 * (k + 1) - n - 1) * v
        }
        count = n
        self.mean = mean
        standardDeviation = (squares / Double(n)).squareRoot()
        p10 = ScoreDistribution.percentile(x, 0.10)
        p50 = ScoreDistribution.percentile(x, 0.50)
        p90 = ScoreDistribution.percentile(x, 0.90)
        gini = sum > 0 ? weighted / (Double(n) * sum) : 0
    }

    /// Linear-interpolation percentile of sorted values.
    public static func percentile(_ x: UnsafeBufferPointer<Double>, _ q: Double) -> Double {
        let position = Double(x.count - 1) * q
        let lower = Int(position.rounded(.down))
        let upper = min(lower + 1, x.count - 1)
        let fraction = position - Double(lower)
        return x[lower] + fraction * (x[upper] - x[lower])
    }
}
