import Foundation
import SCModel
import Yams

/// Reads one scenario document and its overrides into `ModelParameters`, collecting
/// every problem instead of stopping at the first.
///
/// The reader walks the composed YAML nodes (not a decoded dictionary) because nodes keep
/// their line numbers and their resolved tags: every problem can point at a line, and a
/// quoted `"0.5"` stays text instead of quietly becoming a number. Each scalar key goes
/// through `ParameterCatalog`, so what is accepted here is exactly what the catalogue, the
/// key reference and `--set` say.
struct ScenarioReader {
    /// Where the text came from, as it should appear in messages.
    let source: String
    /// Directory a relative `network.path` in the file is resolved against; empty leaves it as written.
    let baseDirectory: String

    var parameters = ModelParameters()
    var problems: [ScenarioProblem] = []
    var lines = KeyLines()
    /// Timeline events whose step could be read, with their position in the file's list.
    var events: [(fileIndex: Int, event: PolicyEvent)] = []
    /// For each entry of `parameters.goods`, its position in the file's list.
    var goodsFileIndex: [Int] = []
    /// Whether the file's `goods` list had an entry that could not be read.
    var goodsHadBadEntry = false
    /// For each event of `parameters.timeline` (sorted), its position in the file's list.
    var timelineFileIndex: [Int] = []
    /// Overrides applied, in order: the key they set and how to name them in a message.
    var appliedOverrides: [(key: String, source: String)] = []
    /// False when the text was not a readable mapping; cross-key checks on the defaults
    /// would then only add noise.
    var documentRead = false
    /// `steps` as the file (or the default) set it, before any override.
    var stepsBeforeOverrides: Int?
    /// Whether timeline events after the end of a run shortened by a `steps` override are
    /// dropped with a warning (true) or reported as problems (false).
    var dropsEventsAfterShortenedRun = true
    /// Things that do not stop the scenario from loading but that a person should know,
    /// such as timeline events that a shortened run will not reach.
    var warnings: [ScenarioProblem] = []

    init(source: String, baseDirectory: String) {
        self.source = source
        self.baseDirectory = baseDirectory
    }

    /// A key that a scenario file (or a timeline `set`) wrote, flattened to its full path.
    struct KeyEntry {
        let path: String
        let line: Int?
        let value: Node
    }

    // MARK: - Reporting

    mutating func report(_ keyPath: String, line: Int?, _ message: String) {
        problems.append(ScenarioProblem(source: source, line: line, keyPath: keyPath, message: message))
    }

    // MARK: - The document

    /// Reads the file's keys into `parameters`; goods and timeline are read but the
    /// timeline is only sorted into place by `finish()`.
    mutating func read(yaml: String) {
        let root: Node?
        do {
            root = try DuplicateTolerantComposer.compose(yaml: yaml)
        } catch let error as YamlError {
            let (line, keyPath, message) = Self.describe(error)
            report(keyPath, line: line, message)
            return
        } catch {
            report("", line: nil, "cannot read the YAML: \(error)")
            return
        }
        guard let root else {
            report("", line: nil, "the file is empty; a scenario is a mapping of keys such as 'steps: 520' (docs/SCENARIO_KEYS.md lists them)")
            return
        }
        guard case .mapping(let top) = root else {
            report("", line: root.line, "the top level must be a mapping of keys such as 'steps: 520', got \(root.kindDescription)")
            return
        }
        documentRead = true
        var seen: [String: Int?] = [:]
        var entries: [KeyEntry] = []
        flatten(top, prefix: "", displayPrefix: "", seen: &seen, into: &entries)
        for entry in entries {
            switch entry.path {
            case "goods": readGoods(entry.value, line: entry.line)
            case "timeline": readTimeline(entry.value, line: entry.line)
            default: readScalarKey(entry)
            }
        }
    }

    /// Line, key path and message for an error Yams raised while composing.
    static func describe(_ error: YamlError) -> (Int?, String, String) {
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let during = context.map { " (\($0.text) started on line \($0.mark.line))" } ?? ""
            return (mark.line, "", "YAML syntax error: \(problem)\(during)")
        case .reader(let problem, let offset, _, let yaml):
            let line = offset.map { offset in 1 + yaml.prefix(offset).filter { $0 == "\n" }.count }
            return (line, "", "cannot read the text: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return (context.mark.line, duplicates.first ?? "", "duplicate key")
        default:
            return (nil, "", "cannot read the YAML: \(error)")
        }
    }

    // MARK: - Keys

    /// Collects the leaf keys of `mapping` with their full dotted paths.
    ///
    /// Nested mappings and literally dotted keys mean the same thing, at any level, so
    /// `score: {eta: 0.6}`, `score.eta: 0.6` and `score: {weights.buy: 1}` all work. A key
    /// that is neither a scalar key, a structured key nor a group is reported with the
    /// nearest valid key; an unknown key holding a mapping is descended into, so
    /// `scor: {eta: 1}` is reported as `scor.eta` and suggests `score.eta`.
    ///
    /// - Parameters:
    ///   - displayPrefix: prepended to paths in messages and in `lines` (`timeline[0].set.`).
    ///   - seen: paths already written in this document or event, with their lines.
    mutating func flatten(_ mapping: Node.Mapping, prefix: String, displayPrefix: String,
                          seen: inout [String: Int?], into entries: inout [KeyEntry]) {
        for (keyNode, value) in mapping {
            guard let key = Self.keyName(keyNode) else {
                report(displayPrefix + prefix, line: keyNode.line, "keys must be names such as 'eta', got \(keyNode.kindDescription)")
                continue
            }
            let path = prefix.isEmpty ? key.name : prefix + "." + key.name
            let shown = displayPrefix + path
            let firstLine = lines.line(for: shown)
            lines.record(shown, line: key.line)
            if key.isRepeat {
                report(shown, line: key.line, "duplicate key: already set" + (firstLine.map { " on line \($0)" } ?? " above"))
                continue
            }
            if path.split(separator: ".", omittingEmptySubsequences: false).contains(where: \.isEmpty) {
                report(shown, line: key.line, "a key name is empty (check for a stray or doubled '.')")
                continue
            }
            if Self.isLeaf(path) {
                if let earlier = seen[path] {
                    report(shown, line: key.line, "duplicate key: already set" + (earlier.map { " on line \($0)" } ?? " above"))
                    continue
                }
                seen[path] = key.line
                entries.append(KeyEntry(path: path, line: key.line, value: value))
            } else if case .mapping(let inner) = value, !inner.isEmpty {
                flatten(inner, prefix: path, displayPrefix: displayPrefix, seen: &seen, into: &entries)
            } else if Self.isGroup(path) {
                report(shown, line: key.line, Self.groupMessage(path, value: value))
            } else {
                report(shown, line: key.line, Self.unknownKeyMessage(path, among: ParameterCatalog.allPaths))
            }
        }
    }

    /// Checks and writes one scalar key from the file.
    mutating func readScalarKey(_ entry: KeyEntry) {
        guard let spec = ParameterCatalog.spec(for: entry.path) else { return }
        switch Self.value(of: entry.value, for: spec) {
        case .failure(let problem):
            report(entry.path, line: entry.line, "must be \(spec.domain), \(problem.tail)")
        case .success(let value):
            if let message = spec.assign(value, to: &parameters) {
                report(entry.path, line: entry.line, message)
            } else if spec.path == "network.path" {
                parameters.networkPath = Self.resolve(parameters.networkPath, against: baseDirectory)
            }
        }
    }

    /// A node's value as `spec` should see it. Free-text keys take the scalar as written,
    /// so `name: yes` is the name "yes", not the boolean true.
    static func value(of node: Node, for spec: ParameterSpec) -> Result<ParameterValue, ValueProblem> {
        if case .text = spec.domain, case .scalar(let scalar) = node, !node.isNull {
            return .success(.text(scalar.string))
        }
        // A list of group names (`output.metrics: [unconfounded]`), or of any key that takes
        // a list (`output.panel.ids`), is read as its comma-separated text; the domain checks it.
        if spec.acceptsList {
            if node.isNull { return .success(.text("")) }
            if case .sequence(let items) = node {
                var words: [String] = []
                for item in items {
                    guard case .scalar(let scalar) = item, !item.isNull else { return .failure(ValueProblem("got a list holding \(item.kindDescription)")) }
                    words.append(scalar.string)
                }
                return .success(.text(words.joined(separator: ",")))
            }
            if case .scalar(let scalar) = node { return .success(.text(scalar.string)) }
        }
        return node.parameterValue()
    }

    /// The key's text (without any duplicate marker), whether it repeats an earlier key, and its line.
    static func keyName(_ node: Node) -> (name: String, isRepeat: Bool, line: Int?)? {
        guard case .scalar(let scalar) = node, !node.isNull else { return nil }
        let (name, isRepeat) = DuplicateTolerantComposer.original(of: scalar.string)
        return (name, isRepeat, node.line)
    }

    // MARK: - What keys exist

    /// A scalar key from the catalogue, or a structured key (`goods`, `timeline`).
    static func isLeaf(_ path: String) -> Bool {
        ParameterCatalog.spec(for: path) != nil || ParameterCatalog.structuredKeys.contains(path)
    }

    /// A path that only prefixes keys (`score`, `population.strategies`).
    static func isGroup(_ path: String) -> Bool { groups.contains(path) }

    private static let groups: Set<String> = {
        var groups = Set<String>()
        for spec in ParameterCatalog.all {
            var path = spec.path
            while let cut = path.lastIndex(of: ".") {
                path = String(path[..<cut])
                groups.insert(path)
            }
        }
        return groups
    }()

    /// "unknown key; did you mean 'score.eta'?"
    static func unknownKeyMessage(_ path: String, among candidates: [String]) -> String {
        if let nearest = KeySuggestion.nearest(to: path, among: candidates) {
            return "unknown key; did you mean '\(nearest)'?"
        }
        return "unknown key (docs/SCENARIO_KEYS.md lists every key)"
    }

    /// Why a group name cannot hold a value, with an example of what can.
    static func groupMessage(_ path: String, value: Node) -> String {
        let example = ParameterCatalog.all.first { $0.path.hasPrefix(path + ".") }
        let hint = example.map { " for example '\($0.path): \($0.value(in: ModelParameters()))'" } ?? ""
        return "is a group of keys, not a value; write keys under it,\(hint) (got \(value.kindDescription))"
    }

    /// `path` resolved against `base` when it is relative and `base` is given.
    static func resolve(_ path: String, against base: String) -> String {
        guard !path.isEmpty, !path.hasPrefix("/"), !base.isEmpty else { return path }
        let directory = URL(fileURLWithPath: base, isDirectory: true)
        return URL(fileURLWithPath: path, relativeTo: directory).standardizedFileURL.path
    }
}
