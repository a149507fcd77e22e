/// One thing wrong with a scenario, located so that a person can go straight to it.
///
/// Problems name the file (or the `--set` argument) and the line because a scenario is
/// edited by hand: "score.eta is out of range" is only useful next to "line 12".
public struct ScenarioProblem: Equatable, Sendable, CustomStringConvertible {
    /// The scenario file's path as given, or `--set KEY=VALUE` for an override.
    public var source: String
    /// 1-based line in `source`, when the problem can be tied to one.
    public var line: Int?
    /// The dotted key path (`score.eta`, `timeline[2].at`), or empty when the problem is
    /// about the file as a whole (a YAML syntax error, a top level that is not a mapping).
    public var keyPath: String
    /// What is wrong and, where possible, what is allowed instead.
    public var message: String

    public init(source: String, line: Int?, keyPath: String, message: String) {
        self.source = source
        self.line = line
        self.keyPath = keyPath
        self.message = message
    }

    /// `scenarios/bad.yaml:12: score.eta: must be a number in [0, 1000], got -1`, in the
    /// `file:line:` form that editors and terminals turn into links.
    public var description: String {
        var text = source
        if let line { text += ":\(line)" }
        text += ": "
        if !keyPath.isEmpty { text += keyPath + ": " }
        return text + message
    }

    /// The first `count` of `problems`, then one line saying how many more there are, so
    /// that a file with thousands of mistakes prints a screenful, not megabytes.
    ///
    /// - Parameter alsoDropped: problems already counted but not kept.
    public static func limited(_ problems: [ScenarioProblem], to count: Int, alsoDropped: Int = 0, source: String) -> [ScenarioProblem] {
        let more = max(0, problems.count - count) + alsoDropped
        guard more > 0 else { return problems }
        return Array(problems.prefix(count))
            + [ScenarioProblem(source: source, line: nil, keyPath: "", message: "and \(more) more problem\(more == 1 ? "" : "s") (fix these first)")]
    }
}
