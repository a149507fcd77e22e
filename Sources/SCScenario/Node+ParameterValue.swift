import SCModel
import Yams

extension Node {
    /// The scalar as a `ParameterValue`, typed by its resolved YAML tag.
    ///
    /// The tag, not the text, decides: `0.5` is a number but `"0.5"` is text, so a quoted
    /// number is reported as the wrong type instead of being silently accepted. Timestamps
    /// and other tags are kept as their text. Fails with the end of a message
    /// ("got nothing", "got a list") when the node is not a usable scalar.
    func parameterValue() -> Result<ParameterValue, ValueProblem> {
        guard case .scalar(let scalar) = self else { return .failure(ValueProblem("got \(kindDescription)")) }
        switch tagName {
        case .null:
            return .failure(ValueProblem("got nothing (null)"))
        case .int:
            guard let value = Int.construct(from: scalar) else {
                return .failure(ValueProblem("got '\(scalar.string)', which is too large for a whole number"))
            }
            return .success(.integer(value))
        case .float:
            guard let value = Double.construct(from: scalar) else {
                return .failure(ValueProblem("got '\(scalar.string)', which is not a number"))
            }
            return .success(.number(value))
        case .bool:
            guard let value = Bool.construct(from: scalar) else {
                return .failure(ValueProblem("got '\(scalar.string)', which is not true or false"))
            }
            return .success(.boolean(value))
        default:
            return .success(.text(scalar.string))
        }
    }

    /// "a mapping", "a list", "nothing (null)" or "a value", for messages.
    var kindDescription: String {
        switch self {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar: return tagName == .null ? "nothing (null)" : "'\(scalar?.string ?? "")'"
        }
    }

    /// Whether the node is a YAML null (`~`, `null`, or nothing after the colon).
    var isNull: Bool {
        if case .scalar = self { return tagName == .null }
        return false
    }

    /// The resolved tag's name (`Tag.name` itself is internal to Yams; its description is the raw name).
    var tagName: Tag.Name { Tag.Name(rawValue: tag.description) }

    /// 1-based line where the node starts.
    var line: Int? { mark?.line }
}

/// The tail of a message about a value that could not be read ("got a list").
struct ValueProblem: Error {
    let tail: String
    init(_ tail: String) { self.tail = tail }
}
