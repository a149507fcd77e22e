/// One cell of the time series.
public enum MetricValue: Equatable, Sendable, CustomStringConvertible {
    case integer(Int)
    case real(Double)
    case text(String)
    /// Undefined this row (for example a mean over nobody): an empty CSV cell, which
    /// pandas and polars read as missing and R as NA.
    case missing

    public var description: String {
        switch self {
        case .integer(let x): return String(x)
        case .real(let x): return x.isFinite ? String(x) : ""
        case .text(let x): return x
        case .missing: return ""
        }
    }

    /// The value as a Double, when it is a number.
    public var number: Double? {
        switch self {
        case .integer(let x): return Double(x)
        case .real(let x): return x
        default: return nil
        }
    }
}

/// One row of the time series: values in the order of the model's metric list.
public struct Observation: Equatable, Sendable {
    /// The column names, shared by every row of a run.
    public let columns: [String]
    /// Values in `columns` order.
    public var values: [MetricValue]

    public init(columns: [String], values: [MetricValue]) {
        precondition(values.count == columns.count, "a row needs one value per column")
        self.columns = columns
        self.values = values
    }

    /// The value of the column named `name` (a precondition failure if there is none).
    public subscript(_ name: String) -> MetricValue {
        guard let index = columns.firstIndex(of: name) else { preconditionFailure("no column named \(name)") }
        return values[index]
    }
}
