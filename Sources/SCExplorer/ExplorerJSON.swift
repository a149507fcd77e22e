import Foundation
import SCModel
import SCOutput

/// A small JSON writer for the server's messages.
///
/// Written by hand rather than through `JSONSerialization` so that numbers go out in the
/// same shortest round-trip form as `timeseries.csv` (`CSV.number`): a row's values read
/// back to the very Doubles the CSV holds, and keys keep the catalogue's order.
enum JSON {
    case null
    case bool(Bool)
    case integer(Int)
    case number(Double)
    case string(String)
    case array([JSON])
    case object([(String, JSON)])

    var text: String {
        var out = ""
        write(to: &out)
        return out
    }

    func write(to out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .integer(let x): out += String(x)
        case .number(let x): out += x.isFinite ? CSV.number(x) : "null"
        case .string(let s): JSON.quote(s, to: &out)
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                item.write(to: &out)
            }
            out += "]"
        case .object(let fields):
            out += "{"
            for (i, (key, value)) in fields.enumerated() {
                if i > 0 { out += "," }
                JSON.quote(key, to: &out)
                out += ":"
                value.write(to: &out)
            }
            out += "}"
        }
    }

    static func quote(_ s: String, to out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }

    /// A time-series cell: numbers as in the CSV, a missing value (or a number that is not
    /// finite) as null.
    init(_ value: MetricValue) {
        switch value {
        case .integer(let x): self = .integer(x)
        case .real(let x): self = x.isFinite ? .number(x) : .null
        case .text(let s): self = .string(s)
        case .missing: self = .null
        }
    }

    /// A parameter value as the page shows it.
    init(_ value: ParameterValue) {
        switch value {
        case .number(let x): self = .number(x)
        case .integer(let x): self = .integer(x)
        case .boolean(let b): self = .bool(b)
        case .text(let s): self = .string(s)
        }
    }
}

/// One message from a page, as sent over the WebSocket (docs/EXPLORER.md).
struct ClientMessage: Decodable {
    var type: String
    var key: String?
    var value: JSONValue?
    /// Scenario text, for `load`.
    var yaml: String?
    /// The loaded file's name, for `load` (named in messages); a shipped scenario's, for `open`.
    var name: String?
    /// A citizen's number, for `citizen`.
    var id: JSONValue?
}

extension JSONValue {
    /// The text a person would type after `--set key=` for this value: numbers in shortest
    /// round-trip form, booleans as `true`/`false`, text as written (typed by the same YAML
    /// rules as the command line). Nil for null, lists and objects.
    var argumentText: String? {
        switch self {
        case .bool(let b): return b ? "true" : "false"
        case .integer(let x): return String(x)
        case .number(let x): return x.isFinite ? formatNumber(x) : nil
        case .string(let s): return s
        case .null, .array, .object: return nil
        }
    }
}
