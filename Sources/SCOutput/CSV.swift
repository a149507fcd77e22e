import SCModel

/// The one CSV formatter of scsim's outputs: `timeseries.csv`, a snapshot's `citizens.csv`
/// and `edges.csv`, and `scsim summarize --csv`.
///
/// RFC 4180: fields separated by commas, lines ended by LF (as every scsim CSV always
/// was; RFC 4180 readers accept it), and a field quoted when it holds a comma, a double
/// quote, CR or LF, with each double quote doubled. Numbers are written in shortest
/// round-trip form (Swift's `description`: `0.1`, `3.0`, `1e-05`), which reads back to the
/// same Double; a missing value, or a number that is not finite, is an empty field, which
/// pandas and polars read as missing and R as NA.
public enum CSV {
    /// `text` as one field, quoted only when it must be.
    public static func field(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }) else {
            return text
        }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// `x` in shortest round-trip form; empty when it is not finite.
    public static func number(_ x: Double) -> String {
        x.isFinite ? String(x) : ""
    }

    /// One value as a field.
    public static func field(_ value: MetricValue) -> String {
        switch value {
        case .integer(let x): return String(x)
        case .real(let x): return number(x)
        case .text(let x): return field(x)
        case .missing: return ""
        }
    }

    /// A line of text fields (a header), without its line end.
    public static func line(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",")
    }

    /// A line of values, without its line end.
    public static func line(_ values: [MetricValue]) -> String {
        values.map(field).joined(separator: ",")
    }
}

/// A whole CSV document built in memory: a header line, then rows, each ended by LF.
public struct CSVDocument {
    public private(set) var text: String

    public init(header: [String], reservingRows rows: Int = 0, bytesPerRow: Int = 0) {
        text = ""
        text.reserveCapacity(rows * bytesPerRow + 256)
        text += CSV.line(header)
        text += "\n"
    }

    /// Appends one row of values.
    public mutating func append(_ values: [MetricValue]) {
        text += CSV.line(values)
        text += "\n"
    }
}
