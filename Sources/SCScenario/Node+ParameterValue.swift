import SCModel
import Yams

extension Node {
    /// The scalar as a `ParameterValue` by the rules of `YAMLDocument.value(of:)`.
    func parameterValue() -> Result<ParameterValue, ValueProblem> {
        YAMLDocument.value(of: self)
    }

    /// "a mapping", "a list", "nothing (null)" or the value quoted, for messages.
    public var kindDescription: String {
        switch self {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar: return tagName == .null ? "nothing (null)" : "'\(scalar?.string ?? "")'"
        }
    }

    /// Whether the node is a YAML null (`~`, `null`, or nothing after the colon).
    public var isNull: Bool {
        if case .scalar = self { return tagName == .null }
        return false
    }

    /// The resolved tag's name (`Tag.name` itself is internal to Yams; its description is the raw name).
    var tagName: Tag.Name { Tag.Name(rawValue: tag.description) }

    /// 1-based line where the node starts.
    public var line: Int? { mark?.line }
}
