import Foundation

/// Student's t distribution, as far as 95% intervals need it.
///
/// The same numbers as the analysis package (scsim_analysis.sweep.t_quantile_975), so a
/// summary printed by scsim and a band drawn by scsim-plot agree.
public enum StudentT {
    /// t(0.975, df) for df = 1 ... 30.
    static let table: [Double] = [
        12.706205, 4.302653, 3.182446, 2.776445, 2.570582, 2.446912, 2.364624, 2.306004,
        2.262157, 2.228139, 2.200985, 2.178813, 2.160369, 2.144787, 2.131450, 2.119905,
        2.109816, 2.100922, 2.093024, 2.085963, 2.079614, 2.073873, 2.068658, 2.063899,
        2.059539, 2.055529, 2.051831, 2.048407, 2.045230, 2.042272,
    ]
    static let z975 = 1.959963984540054

    /// The 97.5% quantile of t with `degreesOfFreedom` (>= 1; NaN below): a table up to 30,
    /// beyond it the Cornish-Fisher expansion in 1/df, exact to about 1e-7 there.
    public static func quantile975(degreesOfFreedom df: Int) -> Double {
        guard df >= 1 else { return .nan }
        if df <= table.count { return table[df - 1] }
        let z = z975
        let terms = [
            (pow(z, 3) + z) / 4,
            (5 * pow(z, 5) + 16 * pow(z, 3) + 3 * z) / 96,
            (3 * pow(z, 7) + 19 * pow(z, 5) + 17 * pow(z, 3) - 15 * z) / 384,
            (79 * pow(z, 9) + 776 * pow(z, 7) + 1482 * pow(z, 5) - 1920 * pow(z, 3) - 945 * z) / 92160,
        ]
        var result = z
        for (power, term) in terms.enumerated() { result += term / pow(Double(df), Double(power + 1)) }
        return result
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
