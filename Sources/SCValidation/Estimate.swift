import Foundation

/// A mean over independent realisations with its standard error.
///
/// Every measured number in the suite is one of these: tolerances are multiples of the
/// standard error, so they shrink as the number of realisations grows and are never set
/// by hand to make a check pass.
public struct Estimate: Equatable, Sendable, CustomStringConvertible {
    /// The sample mean.
    public var mean: Double
    /// The standard error of the mean: sample standard deviation / sqrt(count); 0 for one sample.
    public var standardError: Double
    /// Realisations averaged.
    public var count: Int

    public init(mean: Double, standardError: Double, count: Int) {
        self.mean = mean
        self.standardError = standardError
        self.count = count
    }

    /// The mean and standard error of `samples` (at least one).
    public init(_ samples: [Double]) {
        precondition(!samples.isEmpty, "an estimate needs at least one sample")
        let n = Double(samples.count)
        let mean = samples.reduce(0, +) / n
        let squares = samples.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        self.init(mean: mean, standardError: samples.count > 1 ? (squares / (n - 1) / n).squareRoot() : 0, count: samples.count)
    }

    public var description: String { "\(Format.number(mean)) ± \(Format.number(standardError))" }
}

/// Number formatting for the report: four significant digits, plain decimals.
enum Format {
    static func number(_ x: Double, digits: Int = 4) -> String {
        guard x.isFinite else { return "n/a" }
        if x == 0 { return "0" }
        let magnitude = Int((abs(x)).log10Floor)
        let decimals = max(0, digits - 1 - magnitude)
        return String(format: "%.\(min(decimals, 8))f", x)
    }
}

extension Double {
    /// floor(log10(|x|)), for choosing decimals.
    var log10Floor: Double {
        var value = abs(self), power = 0.0
        while value >= 10 { value /= 10; power += 1 }
        while value < 1 && value > 0 { value *= 10; power -= 1 }
        return power
    }
}
