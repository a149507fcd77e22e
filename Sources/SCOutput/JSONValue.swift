import Foundation

/// A JSON value, for the parts of a Codable document whose shape is open (the resolved
/// scenario, whose keys come from the parameter catalogue).
public enum JSONValue: Codable, Equatable, Sendable {
    case null
    case bool(Bool)
    case integer(Int)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Converts what `JSONSerialization` or `ScenarioSerializer.jsonObject` produce.
    public init(_ any: Any) {
        switch any {
        case let x as Bool: self = .bool(x)
        case let x as Int: self = .integer(x)
        case let x as Double: self = .number(x)
        case let x as String: self = .string(x)
        case let x as [Any]: self = .array(x.map(JSONValue.init))
        case let x as [String: Any]: self = .object(x.mapValues(JSONValue.init))
        default: self = .null
        }
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let x = try? container.decode(Bool.self) { self = .bool(x) }
        else if let x = try? container.decode(Int.self) { self = .integer(x) }
        else if let x = try? container.decode(Double.self) { self = .number(x) }
        else if let x = try? container.decode(String.self) { self = .string(x) }
        else if let x = try? container.decode([JSONValue].self) { self = .array(x) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let x): try container.encode(x)
        case .integer(let x): try container.encode(x)
        case .number(let x): try container.encode(x)
        case .string(let x): try container.encode(x)
        case .array(let x): try container.encode(x)
        case .object(let x): try container.encode(x)
        }
    }
}
