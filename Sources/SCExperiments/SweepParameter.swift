import SCModel

/// One scenario key that a sweep varies, and the values it takes.
///
/// A grid takes the listed values or the stepped range; a sampling design (Latin
/// hypercube, Sobol, Halton) draws from the interval `from ... to`.
public struct SweepParameter: Equatable, Sendable {
    /// The values as written in the sweep file.
    public enum Values: Equatable, Sendable {
        /// `[0, 0.3, 0.6]`: exactly these values.
        case list([ParameterValue])
        /// `{from: 0, to: 0.6, step: 0.15}`: from, from + step, ... up to `to` inclusive.
        case range(from: Double, to: Double, step: Double)
        /// `{from: 0, to: 0.6}`: the interval a sampling design draws from.
        case interval(from: Double, to: Double)
    }

    /// The scenario key path (`score.eta`), as for `--set`; also the column's name in the
    /// database's `runs` table.
    public var path: String
    public var values: Values
    /// Where the parameter is written in the sweep file, for messages.
    public var line: Int?

    public init(path: String, values: Values, line: Int? = nil) {
        self.path = path
        self.values = values
        self.line = line
    }

    /// The grid values: a list as written, a range expanded. Empty for an interval.
    ///
    /// Range values are rounded to 12 significant digits so that `0.1 + 2 * 0.1` is the
    /// 0.3 a person wrote in mind, not 0.30000000000000004.
    public var gridValues: [ParameterValue] {
        switch values {
        case .list(let list):
            return list
        case .range(let from, let to, let step):
            let count = SweepParameter.rangeCount(from: from, to: to, step: step)
            return (0..<count).map { .number(SweepParameter.tidy(from + Double($0) * step)) }
        case .interval:
            return []
        }
    }

    /// Values in a stepped range: `to` is included when it lies on the grid, allowing
    /// for rounding (1e-9 of a step).
    static func rangeCount(from: Double, to: Double, step: Double) -> Int {
        guard step > 0, to >= from else { return 0 }
        return Int(((to - from) / step + 1e-9).rounded(.down)) + 1
    }

    /// `x` rounded to 12 significant digits.
    static func tidy(_ x: Double) -> Double {
        guard x != 0, x.isFinite else { return x }
        return Double(String(format: "%.12g", x)) ?? x
    }
}
