import SCModel
import Yams

extension ScenarioReader {
    /// The fields a goods category may have.
    static let goodFields = ["name", "approval", "price"]

    /// Reads `goods`: a list of `{name, approval, price}` mappings replacing the default
    /// catalogue (MODEL.md section 2).
    ///
    /// Only the shape is checked here; approval in [-1, 1], price >= 0 and unique names are
    /// cross-entry rules checked by `consistencyProblems()`, reported against these lines.
    mutating func readGoods(_ node: Node, line: Int?) {
        guard case .sequence(let list) = node else {
            report("goods", line: line, "must be a list of categories like '- {name: groceries, approval: 0, price: 1}', got \(node.kindDescription)")
            return
        }
        var goods: [Good] = []
        goodsFileIndex = []
        for (index, item) in list.enumerated() {
            let path = "goods[\(index)]"
            lines.record(path, line: item.line)
            if let good = readGood(item, path: path) {
                goods.append(good)
                goodsFileIndex.append(index)
            } else {
                goodsHadBadEntry = true
            }
        }
        parameters.goods = goods
    }

    /// One category, or nil (with problems reported) when it cannot be read.
    private mutating func readGood(_ item: Node, path: String) -> Good? {
        guard case .mapping(let fields) = item else {
            report(path, line: item.line, "must be a mapping with name, approval and optionally price, got \(item.kindDescription)")
            return nil
        }
        var name: String?, approval: Double?, price = 1.0
        var readable = true
        var seen = Set<String>()
        for (keyNode, value) in fields {
            guard let key = Self.keyName(keyNode) else {
                report(path, line: keyNode.line, "keys must be name, approval or price, got \(keyNode.kindDescription)")
                readable = false
                continue
            }
            let fieldPath = "\(path).\(key.name)"
            lines.record(fieldPath, line: key.line)
            guard !key.isRepeat, seen.insert(key.name).inserted else {
                report(fieldPath, line: key.line, "duplicate key")
                readable = false
                continue
            }
            switch key.name {
            case "name":
                if case .success(.text(let text)) = value.parameterValue() {
                    name = text
                } else {
                    report(fieldPath, line: key.line, "must be text (quote it if it looks like a number or true/false), \(Self.gotText(value))")
                    readable = false
                }
            case "approval", "price":
                if let number = Self.number(value) {
                    if key.name == "approval" { approval = number } else { price = number }
                } else {
                    let allowed = key.name == "approval" ? "a number in [-1, 1]" : "a number >= 0"
                    report(fieldPath, line: key.line, "must be \(allowed), \(Self.gotText(value))")
                    readable = false
                }
            default:
                report(fieldPath, line: key.line, "unknown key in a goods category; " + Self.fieldHint(key.name, among: Self.goodFields))
                readable = false
            }
        }
        if name == nil, !seen.contains("name") { report(path, line: item.line, "missing 'name'"); readable = false }
        if approval == nil, !seen.contains("approval") { report(path, line: item.line, "missing 'approval' (a number in [-1, 1])"); readable = false }
        guard readable, let name, let approval else { return nil }
        return Good(name: name, approval: approval, price: price)
    }

    /// A number written as an integer or a float; nil for anything else.
    static func number(_ node: Node) -> Double? {
        switch node.parameterValue() {
        case .success(.number(let x)): return x
        case .success(.integer(let x)): return Double(x)
        default: return nil
        }
    }

    /// "got text 'high'", "got a list", "got nothing (null)".
    static func gotText(_ node: Node) -> String {
        switch node.parameterValue() {
        case .success(let value): return "got \(value.kindName) '\(value)'"
        case .failure(let problem): return problem.tail
        }
    }

    /// "did you mean 'price'?" or the list of allowed fields.
    static func fieldHint(_ name: String, among fields: [String]) -> String {
        if let nearest = KeySuggestion.nearest(to: name, among: fields) { return "did you mean '\(nearest)'?" }
        return "expected " + fields.map { "'\($0)'" }.joined(separator: ", ")
    }
}
