import Foundation
import SCModel
import Yams

/// The one YAML reader of scsim: scenario files, `--set` values and sweep files all go
/// through it, so they follow one set of rules.
///
/// - Composing keeps nodes (lines, resolved tags) rather than decoding to dictionaries.
/// - A repeated key does not stop the reading: each later occurrence is renamed in the text
///   to `KEY~scsim-duplicate-N` (only the key's text changes, so every line and column stays
///   where it was) and composing is retried; `YAMLDocument.key(_:)` gives the key as written
///   and whether it was a repeat, so a reader reports it at its own line. All repeats of
///   one mapping are renamed in one pass, and the retries are bounded (`maximumRetries`
///   and `maximumComposedBytes`), so the work stays linear in the text.
/// - Aliases may repeat at most `aliasBudget` nodes in all (an "alias bomb" of nested
///   mappings would otherwise expand to millions of keys); the expanded size is counted
///   without expanding, in one pass over the composed nodes.
/// - Syntax errors become problems with a line.
/// - Scalars are typed by their resolved tag (`YAMLDocument.value(of:)`), refusing the YAML
///   1.1 number forms that change a value silently.
public struct YAMLDocument {
    /// The document's root node, or nil when the text is empty or could not be read.
    public let root: Node?
    /// Problems with the text as a whole (syntax, aliases), each with `source` and a line.
    public let problems: [ScenarioProblem]

    /// Appended to a repeated key by composing; `key(_:)` strips it.
    static let marker = "~scsim-duplicate-"
    /// Nodes that aliases may add to a document, in all.
    public static let aliasBudget = 10_000
    /// Composing is retried after renaming repeated keys at most this many times (each
    /// retry fixes every repeat of one mapping) ...
    static let maximumRetries = 20
    /// ... and while the text composed so far is under this many bytes.
    static let maximumComposedBytes = 8 << 20

    /// Composes `text`, naming it `source` in problems.
    public init(text: String, source: String) {
        var problems: [ScenarioProblem] = []
        func report(_ line: Int?, _ keyPath: String, _ message: String) {
            problems.append(ScenarioProblem(source: source, line: line, keyPath: keyPath, message: message))
        }
        var root: Node?
        do {
            root = try Self.compose(text)
        } catch let error as TooManyRepeats {
            // The repeats renamed so far, by line (their full key paths are not known
            // without a composed document), then the one that was not.
            for repeated in error.renamed { report(repeated.line, repeated.key, "duplicate key") }
            let (line, keyPath, message) = Self.describe(error.error)
            report(line, keyPath, message)
        } catch let error as YamlError {
            let (line, keyPath, message) = Self.describe(error)
            report(line, keyPath, message)
        } catch let error as AliasProblem {
            report(error.line, "", error.message)
        } catch {
            report(nil, "", "cannot read the YAML: \(error)")
        }
        if let node = root, let problem = Self.aliasProblem(node) {
            report(problem.line, "", problem.message)
            root = nil
        }
        self.root = root
        self.problems = problems
    }

    // MARK: - Keys

    /// A mapping key as written.
    public struct Key {
        /// The key's text, without any duplicate marker.
        public let name: String
        /// Whether an earlier key of the same mapping has the same text.
        public let isRepeat: Bool
        /// 1-based line of the key.
        public let line: Int?
    }

    /// The key `node` names, or nil when it is not a non-null scalar (a list or mapping as a key).
    public static func key(_ node: Node) -> Key? {
        guard case .scalar(let scalar) = node, !node.isNull else { return nil }
        let text = scalar.string
        guard let range = text.range(of: marker, options: .backwards) else { return Key(name: text, isRepeat: false, line: node.line) }
        return Key(name: String(text[..<range.lowerBound]), isRepeat: true, line: node.line)
    }

    // MARK: - Composing

    /// Repeated keys in more mappings than `compose` retries for.
    struct TooManyRepeats: Error {
        let renamed: [(line: Int, key: String)]
        let error: YamlError
    }

    struct AliasProblem: Error {
        let line: Int?
        let message: String
    }

    /// The root node, renaming repeated keys and retrying; see the type's documentation.
    static func compose(_ yaml: String) throws -> Node? {
        var text = yaml
        var retries = 0
        var composedBytes = 0
        var renamed: [(line: Int, key: String)] = []
        while true {
            do {
                composedBytes += text.utf8.count
                return try Yams.compose(yaml: text)
            } catch YamlError.duplicatedKeysInMapping(let duplicates, let context) {
                let error = YamlError.duplicatedKeysInMapping(duplicates: duplicates, context: context)
                guard let next = renamingRepeats(of: Set(duplicates), firstAt: context.mark, in: text, renamed: &renamed) else {
                    throw error
                }
                guard retries < maximumRetries, composedBytes < maximumComposedBytes else {
                    throw TooManyRepeats(renamed: renamed, error: error)
                }
                text = next
                retries += 1
            }
        }
    }

    /// `text` with every repeat of `keys` in the mapping whose key is at `first` renamed,
    /// or nil when none could be located (a key spelled with escapes, or a flow mapping
    /// over several lines).
    ///
    /// A block mapping's keys start lines at one column (the first may follow `- `); a flow
    /// mapping's keys (`{name: a, name: b}`) follow `{` or `,` on the line.
    static func renamingRepeats(of keys: Set<String>, firstAt first: Mark, in text: String,
                                renamed: inout [(line: Int, key: String)]) -> String? {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0.unicodeScalars) }
        let firstLine = first.line - 1, column = first.column - 1
        guard lines.indices.contains(firstLine), column <= lines[firstLine].count else { return nil }
        let forms = keys.flatMap { key in [(key, key), (key, "\"\(key)\""), (key, "'\(key)'")] }
            .map { (name: $0.0, form: Array($0.1.unicodeScalars)) }
        var seen = Set<String>()
        var renamedAny = false
        func renameIfRepeat(line number: Int, at start: Int) {
            guard let (name, form) = keyToken(in: lines[number], from: start, forms: forms) else { return }
            if seen.insert(name).inserted { return }
            lines[number] = rename(lines[number], tokenStart: start, form: form, suffix: marker + String(renamed.count))
            renamed.append((number + 1, name))
            renamedAny = true
        }

        let line = lines[firstLine]
        let before = line[..<column].last { $0 != " " && $0 != "\t" }
        if before == "{" || before == "," {
            // Flow style: every key after `{` or `,` on the line, in order.
            var index = 0
            while index < lines[firstLine].count {
                let character = lines[firstLine][index]
                if character == "{" || character == "," {
                    renameIfRepeat(line: firstLine, at: skipSpaces(lines[firstLine], index + 1))
                }
                index += 1
            }
            return renamedAny ? join(lines) : nil
        }

        // Block style: find where the mapping starts (its first key may follow `- `), then
        // walk its keys down to the first line indented less than they are.
        var start = firstLine
        if skipSpaces(lines[firstLine], 0) == column {
            var number = firstLine - 1
            while number >= 0 {
                let candidate = lines[number]
                let indentation = skipSpaces(candidate, 0)
                if isBlankOrComment(candidate, indentation) || indentation > column {
                    number -= 1
                    continue
                }
                if indentation == column {
                    start = number
                } else {
                    if keyColumnAfterDashes(candidate) == column { start = number }  // `- key:` opens the mapping
                    break
                }
                number -= 1
            }
        }
        for number in start..<lines.count {
            let candidate = lines[number]
            let indentation = skipSpaces(candidate, 0)
            if isBlankOrComment(candidate, indentation) { continue }
            if indentation < column {
                guard number == start, keyColumnAfterDashes(candidate) == column else { break }
                renameIfRepeat(line: number, at: column)
            } else if indentation == column {
                renameIfRepeat(line: number, at: column)
            }
        }
        return renamedAny ? join(lines) : nil
    }

    private static func isBlankOrComment(_ line: [Unicode.Scalar], _ indentation: Int) -> Bool {
        indentation == line.count || line[indentation] == "#" || line[indentation] == "\r"
    }

    /// The column after leading `- ` markers (`  - name: x` gives 4), or nil without one.
    private static func keyColumnAfterDashes(_ line: [Unicode.Scalar]) -> Int? {
        var index = skipSpaces(line, 0)
        var sawDash = false
        while index + 1 < line.count, line[index] == "-", line[index + 1] == " " || line[index + 1] == "\t" {
            sawDash = true
            index = skipSpaces(line, index + 1)
        }
        return sawDash ? index : nil
    }

    private static func skipSpaces(_ line: [Unicode.Scalar], _ start: Int) -> Int {
        var index = start
        while index < line.count, line[index] == " " || line[index] == "\t" { index += 1 }
        return index
    }

    /// The key (and its written form) at `start` if it is followed by optional spaces and `:`.
    private static func keyToken(in line: [Unicode.Scalar], from start: Int,
                                 forms: [(name: String, form: [Unicode.Scalar])]) -> (String, [Unicode.Scalar])? {
        for (name, form) in forms where start + form.count <= line.count && line[start..<(start + form.count)].elementsEqual(form) {
            let after = skipSpaces(line, start + form.count)
            if after < line.count, line[after] == ":" { return (name, form) }
        }
        return nil
    }

    /// Inserts `suffix` after the key's text, inside its quotes if it has them.
    private static func rename(_ line: [Unicode.Scalar], tokenStart: Int, form: [Unicode.Scalar], suffix: String) -> [Unicode.Scalar] {
        let quoted = form.first == "\"" || form.first == "'"
        var renamed = line
        renamed.insert(contentsOf: Array(suffix.unicodeScalars), at: tokenStart + form.count - (quoted ? 1 : 0))
        return renamed
    }

    private static func join(_ lines: [[Unicode.Scalar]]) -> String {
        lines.map { line in
            var text = String.UnicodeScalarView()
            text.append(contentsOf: line)
            return String(text)
        }.joined(separator: "\n")
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
            let line = offset.map { offset in 1 + yaml.utf8.prefix(offset).filter { $0 == 0x0A }.count }
            return (line, "", "cannot read the text: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return (context.mark.line, duplicates.first ?? "",
                    "repeated in this mapping; keys repeat in too many places to read on, so fix these and check again")
        default:
            return (nil, "", "cannot read the YAML: \(error)")
        }
    }

    // MARK: - Aliases

    /// Why the aliases of the document under `root` are refused, or nil.
    ///
    /// Yams composes an alias as a copy of the node it names, mark included (and it keeps
    /// anchors only weakly, so they are gone once composing ends). In document order every
    /// node starts after the one before it, so a node whose mark lies before the last one
    /// seen is an alias. Each one adds the expanded size of the node it repeats, computed
    /// once when that node was met; nothing is expanded, so this is linear in the text.
    static func aliasProblem(_ root: Node) -> AliasProblem? {
        struct Position: Hashable, Comparable {
            let line: Int, column: Int
            static func < (a: Position, b: Position) -> Bool { (a.line, a.column) < (b.line, b.column) }
        }
        var sizes: [Position: Int] = [:]
        var last = Position(line: 0, column: 0)
        var added = 0
        var culprit: Position?
        func size(_ node: Node) -> Int {
            if culprit != nil { return 0 }
            guard let mark = node.mark else { return 1 }
            let position = Position(line: mark.line, column: mark.column)
            if position < last {
                let repeated = sizes[position] ?? 1
                added += repeated
                if added > aliasBudget { culprit = position }
                return repeated
            }
            last = position
            var total = 1
            switch node {
            case .scalar, .alias: return 1
            case .sequence(let items): for item in items { total += size(item) }
            case .mapping(let pairs): for (key, value) in pairs { total += size(key) + size(value) }
            }
            sizes[position] = total
            return total
        }
        _ = size(root)
        guard let culprit else { return nil }
        return AliasProblem(line: culprit.line, message: "aliases repeat more than \(aliasBudget) values in all (the node defined here is one they repeat); write the values out instead of nesting aliases")
    }
}

// MARK: - Scalars

extension YAMLDocument {
    /// The scalar as a `ParameterValue`, typed by its resolved YAML tag.
    ///
    /// The tag, not the text, decides: `0.5` is a number but `"0.5"` is text, so a quoted
    /// number is reported as the wrong type instead of being silently accepted. Timestamps
    /// and other tags are kept as their text. Two YAML 1.1 number forms are refused because
    /// they silently change the value a person meant: a whole number with a leading zero
    /// (`017` is octal, 15) and base 60 (`1:20` is 80). Non-finite numbers (`.nan`, `.inf`,
    /// `1e999`) are refused. `-0` is 0; `0x`, `0o` and `0b`
    /// prefixes say what they mean and are read. Fails with the end of a message ("got
    /// nothing", "got a list") when the node is not a usable scalar.
    public static func value(of node: Node) -> Result<ParameterValue, ValueProblem> {
        guard case .scalar(let scalar) = node else { return .failure(ValueProblem("got \(node.kindDescription)")) }
        let text = scalar.string
        switch node.tagName {
        case .null:
            return .failure(ValueProblem("got nothing (null)"))
        case .int:
            return integer(text).map(ParameterValue.integer)
        case .float:
            if text.contains(":") { return .failure(sexagesimal(text)) }
            guard let value = Double.construct(from: scalar) else {
                return .failure(ValueProblem("got '\(text)', which is not a number"))
            }
            // .nan and .inf (and numbers too large for a double, read as infinity) are no
            // value a key can run with: refused here, for every key, with what was written.
            guard value.isFinite else {
                return .failure(ValueProblem("got '\(text)', which is not a finite number (.nan, .inf and numbers beyond ±1.8e308 are refused)"))
            }
            return .success(.number(value))
        case .bool:
            guard let value = Bool.construct(from: scalar) else {
                return .failure(ValueProblem("got '\(text)', which is not true or false"))
            }
            return .success(.boolean(value))
        default:
            return .success(.text(text))
        }
    }

    /// A node's value as `spec` should see it. Free-text keys take the scalar as written,
    /// so `name: yes` is the name "yes", not the boolean true.
    public static func value(of node: Node, for spec: ParameterSpec) -> Result<ParameterValue, ValueProblem> {
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
        return value(of: node)
    }

    /// A value typed on a command line (`--set key=TEXT`), read as a single YAML scalar by
    /// the same rules as a file. Free-text keys take the text as typed.
    public static func value(ofArgument text: String, for spec: ParameterSpec) -> Result<ParameterValue, ValueProblem> {
        if case .text = spec.domain, !text.isEmpty { return .success(.text(text)) }
        let document = YAMLDocument(text: text, source: "")
        guard document.problems.isEmpty else {
            return .failure(ValueProblem("got '\(text)', which is not a single YAML value"))
        }
        guard let node = document.root else { return .failure(ValueProblem("got nothing")) }
        return value(of: node)
    }

    /// A whole number written in a form that means what it says.
    static func integer(_ text: String) -> Result<Int, ValueProblem> {
        if text.contains(":") { return .failure(sexagesimal(text)) }
        let plain = text.replacingOccurrences(of: "_", with: "")
        let negative = plain.hasPrefix("-")
        let digits = plain.hasPrefix("-") || plain.hasPrefix("+") ? String(plain.dropFirst()) : plain
        let sign = negative ? "-" : ""
        for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] where digits.hasPrefix(prefix) {
            guard let value = Int(sign + digits.dropFirst(2), radix: radix) else {
                return .failure(ValueProblem("got '\(text)', which is too large for a whole number"))
            }
            return .success(value)
        }
        if digits.count > 1, digits.hasPrefix("0") {
            let decimal = digits.drop { $0 == "0" }
            let octal = Int(sign + digits.dropFirst(), radix: 8).map { " (\($0))" } ?? ""
            return .failure(ValueProblem("got '\(text)', a whole number with a leading zero, which YAML 1.1 reads as octal\(octal); it is refused rather than guessed, because other YAML readers take it as decimal: write \(sign)\(decimal.isEmpty ? "0" : String(decimal)), or 0o\(digits.dropFirst()) for octal"))
        }
        guard let value = Int(sign + digits) else {
            return .failure(ValueProblem("got '\(text)', which is too large for a whole number"))
        }
        return .success(value)
    }

    /// The refusal of a base-60 number (`1:20`).
    static func sexagesimal(_ text: String) -> ValueProblem {
        ValueProblem("got '\(text)', which YAML 1.1 reads as a base-60 number (1:20 is 80); write the number itself, or quote it if it is text")
    }
}

/// The tail of a message about a value that could not be read ("got a list").
public struct ValueProblem: Error, Sendable {
    public let tail: String
    public init(_ tail: String) { self.tail = tail }
}
