import SCModel
import Yams

extension ScenarioReader {
    /// The fields a timeline event has.
    static let eventFields = ["at", "set"]

    /// Reads `timeline`: a list of `{at: STEP, set: {KEY: VALUE, ...}}` policy events
    /// (MODEL.md section 8).
    ///
    /// Only keys that may change during a run are accepted: population and network keys
    /// shape step 0 and changing them later would mean nothing. Steps beyond the run are
    /// checked by `consistencyProblems()` once `steps` (perhaps overridden) is known; a
    /// `steps` override shorter than the file's drops the events it cuts off, with a
    /// warning (`dropEventsAfterShortenedRun()`).
    mutating func readTimeline(_ node: Node, line: Int?) {
        guard case .sequence(let list) = node else {
            report("timeline", line: line, "must be a list of events like '- at: 260' with a 'set:' mapping under it, got \(node.kindDescription)")
            return
        }
        for (index, item) in list.enumerated() {
            let path = "timeline[\(index)]"
            lines.record(path, line: item.line)
            guard case .mapping(let fields) = item else {
                report(path, line: item.line, "must be a mapping with 'at' (a step) and 'set' (the keys to change), got \(item.kindDescription)")
                continue
            }
            var step: Int?
            var assignments: [ParameterAssignment] = []
            var seen = Set<String>()
            for (keyNode, value) in fields {
                guard let key = Self.keyName(keyNode) else {
                    report(path, line: keyNode.line, "keys must be 'at' or 'set', got \(keyNode.kindDescription)")
                    continue
                }
                let fieldPath = "\(path).\(key.name)"
                lines.record(fieldPath, line: key.line)
                guard !key.isRepeat, seen.insert(key.name).inserted else {
                    report(fieldPath, line: key.line, "duplicate key")
                    continue
                }
                switch key.name {
                case "at": step = readStep(value, path: fieldPath, line: key.line)
                case "set": assignments = readSettings(value, path: fieldPath, line: key.line)
                default: report(fieldPath, line: key.line, "unknown key in a timeline event; " + Self.fieldHint(key.name, among: Self.eventFields))
                }
            }
            if !seen.contains("at") { report(path, line: item.line, "missing 'at', the step at which the event happens") }
            if !seen.contains("set") { report(path, line: item.line, "missing 'set', the keys the event changes") }
            if let step { events.append((index, PolicyEvent(step: step, assignments: assignments))) }
        }
    }

    /// The event's step: a whole number (its range is checked against `steps` later).
    private mutating func readStep(_ node: Node, path: String, line: Int?) -> Int? {
        switch node.parameterValue() {
        case .success(.integer(let step)): return step
        case .success(.number(let x)) where x == x.rounded() && abs(x) < 1e15: return Int(x)
        default:
            report(path, line: line, "must be a whole number (the step of the event), \(Self.gotText(node))")
            return nil
        }
    }

    /// The event's assignments, each checked against its key's domain, in the order written.
    private mutating func readSettings(_ node: Node, path: String, line: Int?) -> [ParameterAssignment] {
        guard case .mapping(let mapping) = node, !mapping.isEmpty else {
            report(path, line: line, "must be a mapping of the keys to change, like 'mandatory: true', got \(node.kindDescription)")
            return []
        }
        var seen: [String: Int?] = [:]
        var entries: [KeyEntry] = []
        flatten(mapping, prefix: "", displayPrefix: path + ".", seen: &seen, into: &entries)
        var assignments: [ParameterAssignment] = []
        for entry in entries {
            let shown = "\(path).\(entry.path)"
            guard let spec = ParameterCatalog.spec(for: entry.path) else {
                report(shown, line: entry.line, "\(entry.path) is a list and cannot be changed by a timeline event")
                continue
            }
            guard spec.changeableDuringRun else {
                report(shown, line: entry.line, "\(entry.path) is fixed at step 0 and cannot be changed by a timeline event")
                continue
            }
            switch Self.value(of: entry.value, for: spec) {
            case .failure(let problem):
                report(shown, line: entry.line, "must be \(spec.domain), \(problem.tail)")
            case .success(let value):
                switch spec.domain.admit(value) {
                case .success(let admitted): assignments.append(ParameterAssignment(path: spec.path, value: admitted))
                case .failure(let problem): report(shown, line: entry.line, problem.message)
                }
            }
        }
        return assignments
    }
}
