import Foundation
import SCRandom

/// Student's t distribution, as far as 95% intervals need it.
public enum StudentT {
    /// The 97.5% quantile of t with `degreesOfFreedom` (>= 1; NaN below), from GSL
    /// (`gsl_cdf_tdist_Pinv` through `Distributions.studentTQuantile`).
    public static func quantile975(degreesOfFreedom df: Int) -> Double {
        guard df >= 1 else { return .nan }
        return Distributions.studentTQuantile(0.975, degreesOfFreedom: Double(df))
    }
}

/// Mean, standard deviation and 95% t-interval of a sample.
public struct IntervalEstimate: Equatable, Sendable {
    /// Values used (missing ones left out).
    public var n: Int
    public var mean: Double
    /// Sample standard deviation (n - 1); NaN for n < 2.
    public var sd: Double
    /// mean -/+ t(0.975, n - 1) sd / sqrt(n); NaN for n < 2.
    public var lower: Double
    public var upper: Double

    /// Half the interval's width.
    public var halfWidth: Double { (upper - lower) / 2 }

    public init(_ values: [Double]) {
        n = values.count
        mean = n > 0 ? values.reduce(0, +) / Double(n) : .nan
        guard n >= 2 else {
            sd = .nan
            lower = .nan
            upper = .nan
            return
        }
        let m = mean
        sd = (values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(n - 1)).squareRoot()
        let half = StudentT.quantile975(degreesOfFreedom: n - 1) * sd / Double(n).squareRoot()
        lower = mean - half
        upper = mean + half
    }

    /// The unpaired (two-sample, pooled variance) interval of mean(a) - mean(b): what the
    /// difference would look like without common random numbers.
    public static func unpairedDifference(_ a: [Double], _ b: [Double]) -> (mean: Double, lower: Double, upper: Double) {
        let x = IntervalEstimate(a), y = IntervalEstimate(b)
        let difference = x.mean - y.mean
        guard x.n >= 2, y.n >= 2 else { return (difference, .nan, .nan) }
        let df = x.n + y.n - 2
        let pooled = ((Double(x.n - 1) * x.sd * x.sd + Double(y.n - 1) * y.sd * y.sd) / Double(df)).squareRoot()
        let half = StudentT.quantile975(degreesOfFreedom: df) * pooled * (1 / Double(x.n) + 1 / Double(y.n)).squareRoot()
        return (difference, difference - half, difference + half)
    }
}
