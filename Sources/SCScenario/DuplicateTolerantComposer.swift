import Foundation
import Yams

/// Composes YAML into nodes even when a mapping repeats a key.
///
/// Yams refuses such a document outright and names only the first occurrence, so a file
/// with a repeated key would hide every other problem and point at the wrong line. Instead,
/// each later occurrence is renamed in the text to `KEY~scsim-duplicate-N` (only the key
/// text changes, so every line and column stays where it was) and composing is retried;
/// the reader then reports each renamed key as a duplicate at its own line.
enum DuplicateTolerantComposer {
    /// Appended to a repeated key by `compose`; `ScenarioReader` looks for it.
    static let marker = "~scsim-duplicate-"

    /// Renaming stops after this many repeats; past it, Yams' own error is rethrown.
    static let maximumRenames = 200

    /// The document's root node, or nil for an empty document.
    ///
    /// - Throws: `YamlError` for a syntax error, or for a repeated key that cannot be
    ///   located in the text (for example inside a flow mapping spanning several lines).
    static func compose(yaml: String) throws -> Node? {
        var text = yaml
        var renames = 0
        while true {
            do {
                return try Yams.compose(yaml: text)
            } catch YamlError.duplicatedKeysInMapping(let duplicates, let context) {
                guard renames < maximumRenames, let key = duplicates.first,
                      let renamed = renamingNextOccurrence(of: key, after: context.mark, in: text, suffix: marker + String(renames))
                else { throw YamlError.duplicatedKeysInMapping(duplicates: duplicates, context: context) }
                text = renamed
                renames += 1
            }
        }
    }

    /// Splits a possibly renamed key into the key as written and whether it was a repeat.
    static func original(of key: String) -> (key: String, isRepeat: Bool) {
        guard let range = key.range(of: marker, options: .backwards) else { return (key, false) }
        return (String(key[..<range.lowerBound]), true)
    }

    /// `text` with the occurrence of `key` that repeats the one at `first` renamed, or nil.
    ///
    /// A sibling in a block mapping starts a later line at the same column; a sibling in a
    /// flow mapping (`{name: a, name: b}`) follows a `,` on the same line. The search stops
    /// at the first non-blank, non-comment line indented less than the key, where the
    /// mapping ends.
    static func renamingNextOccurrence(of key: String, after first: Mark, in text: String, suffix: String) -> String? {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0.unicodeScalars) }
        let firstLine = first.line - 1, column = first.column - 1
        guard lines.indices.contains(firstLine) else { return nil }
        let forms = [key, "\"\(key)\"", "'\(key)'"].map { Array($0.unicodeScalars) }

        // Flow style: a later `, key:` on the same line.
        let line = lines[firstLine]
        var index = column + 1
        while index < line.count {
            if line[index] == ",", let (start, form) = keyToken(in: line, from: skipSpaces(line, index + 1), forms: forms) {
                lines[firstLine] = rename(line, tokenStart: start, form: form, suffix: suffix)
                return join(lines)
            }
            index += 1
        }

        // Block style: a later line whose key starts at the same column.
        for number in (firstLine + 1)..<lines.count {
            let candidate = lines[number]
            let indentation = skipSpaces(candidate, 0)
            if indentation == candidate.count || candidate[indentation] == "#" || candidate[indentation] == "\r" { continue }
            if indentation < column { return nil }
            if indentation == column, let (start, form) = keyToken(in: candidate, from: indentation, forms: forms) {
                lines[number] = rename(candidate, tokenStart: start, form: form, suffix: suffix)
                return join(lines)
            }
        }
        return nil
    }

    private static func skipSpaces(_ line: [Unicode.Scalar], _ start: Int) -> Int {
        var index = start
        while index < line.count, line[index] == " " || line[index] == "\t" { index += 1 }
        return index
    }

    /// The written form of the key at `start` if it is followed by optional spaces and `:`.
    private static func keyToken(in line: [Unicode.Scalar], from start: Int, forms: [[Unicode.Scalar]]) -> (Int, [Unicode.Scalar])? {
        for form in forms where start + form.count <= line.count && Array(line[start..<(start + form.count)]) == form {
            let after = skipSpaces(line, start + form.count)
            if after < line.count, line[after] == ":" { return (start, form) }
        }
        return nil
    }

    /// Inserts `suffix` after the key's text, inside its quotes if it has them.
    private static func rename(_ line: [Unicode.Scalar], tokenStart: Int, form: [Unicode.Scalar], suffix: String) -> [Unicode.Scalar] {
        let quoted = form.first == "\"" || form.first == "'"
        let insertAt = tokenStart + form.count - (quoted ? 1 : 0)
        var renamed = line
        renamed.insert(contentsOf: Array(suffix.unicodeScalars), at: insertAt)
        return renamed
    }

    private static func join(_ lines: [[Unicode.Scalar]]) -> String {
        lines.map { line in
            var text = String.UnicodeScalarView()
            text.append(contentsOf: line)
            return String(text)
        }.joined(separator: "\n")
    }
}
