#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a fixed friendship network from a plain-text edge list.
///
/// The format is the one networkx's `read_edgelist` and most network archives write: one
/// tie per line as two whitespace-separated citizen ids, `#` starting a comment (a whole
/// line or the rest of one), blank lines allowed. Ids are 0-based and must lie in
/// 0 ..< nodeCount. A tie listed twice, in either direction, is kept once, because
/// archives often list both directions of an undirected network.
///
/// Every bad line is reported with its file and line (`EdgeListError`, which lists them
/// all up to a limit) and nothing is silently dropped except repeats: a stray self-loop or a wrong id usually means the file
/// does not match the scenario's population, which should stop the run.
///
/// The bytes are scanned directly rather than split into `String`s, so a file of millions
/// of ties reads in about the time it takes to load it.
public enum EdgeListReader {
    /// Reads and parses the edge list at `path`.
    ///
    /// - Throws: `EdgeListError` with line 0 if the file cannot be read, otherwise with
    ///   every malformed line (up to `EdgeListError.listedProblemLimit`).
    /// - Complexity: O(file size + m * d) for m ties (each insertion checks for a repeat).
    public static func read(path: String, nodeCount: Int) throws -> FriendshipGraph {
        let bytes = try readBytes(path: path)
        return try bytes.withUnsafeBufferPointer { try parse(bytes: $0, nodeCount: nodeCount, source: path) }
    }

    /// Parses edge-list `text` as if read from a file named `source` (used in messages).
    ///
    /// - Throws: `EdgeListError` listing the malformed lines.
    /// - Complexity: O(text length + m * d).
    public static func parse(text: String, nodeCount: Int, source: String = "<edge list>") throws -> FriendshipGraph {
        var text = text
        return try text.withUTF8 { try parse(bytes: $0, nodeCount: nodeCount, source: source) }
    }

    // MARK: - Parsing

    private static let newline = UInt8(ascii: "\n")
    private static let hash = UInt8(ascii: "#")

    private static func isBlank(_ byte: UInt8) -> Bool {
        // Space, \t, \n, \v, \f, \r: \r covers files written on Windows.
        byte == 0x20 || (0x09...0x0D).contains(byte)
    }

    /// The outcome of reading one id field.
    private enum Field {
        case id(Int)
        case notAnInteger
        case tooLarge
    }

    private static func parse(bytes: UnsafeBufferPointer<UInt8>, nodeCount: Int, source: String) throws -> FriendshipGraph {
        precondition(nodeCount >= 0, "node count must not be negative")
        var ends: [(Int32, Int32)] = []
        var problems: [EdgeListError.Problem] = []
        var badLines = 0
        var position = 0
        // A UTF-8 byte order mark, as some editors write, is not part of the first line.
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { position = 3 }
        var lineNumber = 0
        while position < bytes.count {
            lineNumber += 1
            var lineEnd = position
            while lineEnd < bytes.count && bytes[lineEnd] != newline { lineEnd += 1 }
            var contentEnd = position
            while contentEnd < lineEnd && bytes[contentEnd] != hash { contentEnd += 1 }
            defer { position = lineEnd + 1 }
            guard lineEnd - position <= maximumLineBytes else {
                // Not a tie: a file that is not an edge list (binary data, one huge line).
                badLines += 1
                if problems.count < EdgeListError.listedProblemLimit {
                    problems.append(EdgeListError.Problem(line: lineNumber, message: "the line is \(lineEnd - position) bytes long, more than the \(maximumLineBytes) an edge-list line may have (two ids and a comment); is this an edge list?"))
                }
                continue
            }

            // Split into fields; more than two is an error, so stop counting at three.
            var fields: [Range<Int>] = []
            var cursor = position
            while cursor < contentEnd && fields.count < 3 {
                while cursor < contentEnd && isBlank(bytes[cursor]) { cursor += 1 }
                let fieldStart = cursor
                while cursor < contentEnd && !isBlank(bytes[cursor]) { cursor += 1 }
                if cursor > fieldStart { fields.append(fieldStart..<cursor) }
            }
            if fields.isEmpty { continue }

            switch tie(bytes, fields: fields, line: position..<contentEnd, nodeCount: nodeCount) {
            case let .success(ids):
                ends.append((Int32(ids.0), Int32(ids.1)))
            case let .failure(problem):
                badLines += 1
                if problems.count < EdgeListError.listedProblemLimit {
                    problems.append(EdgeListError.Problem(line: lineNumber, message: problem.message))
                }
            }
        }
        if !problems.isEmpty {
            throw EdgeListError(path: source, problems: problems, omitted: badLines - problems.count)
        }

        // Reserve the mean degree plus slack; the few hubs of an empirical network move.
        let meanDegree = nodeCount > 0 ? (2 * ends.count + nodeCount - 1) / nodeCount : 0
        var graph = FriendshipGraph(nodeCount: nodeCount, reservedDegree: meanDegree + 4)
        for (i, j) in ends { graph.addEdge(Int(i), Int(j)) }
        return graph
    }

    /// What is wrong with one line's text, for `tie`.
    private struct LineProblem: Error {
        let message: String
    }

    /// The tie on a line of one or more fields, or what is wrong with the line.
    private static func tie(_ bytes: UnsafeBufferPointer<UInt8>, fields: [Range<Int>], line: Range<Int>,
                            nodeCount: Int) -> Result<(Int, Int), LineProblem> {
        func fail(_ message: String) -> Result<(Int, Int), LineProblem> { .failure(LineProblem(message: message)) }
        func found() -> String { "found \"\(text(bytes, trimmed: line))\"" }
        guard fields.count == 2 else { return fail("expected two citizen ids, \(found())") }
        var ids: [Int] = []
        for field in fields {
            switch integer(bytes, field) {
            case .notAnInteger:
                return fail("expected two citizen ids, \(found())")
            case .tooLarge:
                return fail("citizen id \(text(bytes, trimmed: field)) is out of range \(allowedRange(nodeCount))")
            case let .id(id):
                guard id >= 0 && id < nodeCount else { return fail("citizen id \(id) is out of range \(allowedRange(nodeCount))") }
                ids.append(id)
            }
        }
        guard ids[0] != ids[1] else { return fail("citizen \(ids[0]) is tied to itself (self-loops are not allowed)") }
        return .success((ids[0], ids[1]))
    }

    /// The allowed ids, for messages.
    private static func allowedRange(_ nodeCount: Int) -> String {
        nodeCount > 0 ? "0...\(nodeCount - 1)" : "(the population is empty)"
    }

    /// An optionally signed decimal integer filling the whole field.
    private static func integer(_ bytes: UnsafeBufferPointer<UInt8>, _ field: Range<Int>) -> Field {
        var index = field.lowerBound
        var negative = false
        if bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
            negative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }
        guard index < field.upperBound else { return .notAnInteger }
        var value = 0
        var overflow = false
        while index < field.upperBound {
            let byte = bytes[index]
            guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return .notAnInteger }
            if !overflow {
                let (times10, o1) = value.multipliedReportingOverflow(by: 10)
                let (sum, o2) = times10.addingReportingOverflow(Int(byte - UInt8(ascii: "0")))
                if o1 || o2 { overflow = true } else { value = sum }
            }
            index += 1
        }
        if overflow { return .tooLarge }
        return .id(negative ? -value : value)
    }

    /// The longest line accepted, in bytes (two ids and a comment fit many times over).
    public static let maximumLineBytes = 4_096

    /// Bytes of a line or field quoted in a message at most; longer text is cut, with the
    /// number of bytes left out (a 10 MB line must not become a 10 MB message).
    public static let quotedTextLimit = 80

    /// The bytes in `range` as text, without surrounding blanks, cut to `quotedTextLimit`.
    private static func text(_ bytes: UnsafeBufferPointer<UInt8>, trimmed range: Range<Int>) -> String {
        var lower = range.lowerBound, upper = range.upperBound
        while lower < upper && isBlank(bytes[lower]) { lower += 1 }
        while upper > lower && isBlank(bytes[upper - 1]) { upper -= 1 }
        guard upper - lower > quotedTextLimit else {
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[lower..<upper]), as: UTF8.self)
        }
        // Cut on a character boundary: drop UTF-8 continuation bytes at the cut.
        var cut = lower + quotedTextLimit
        while cut > lower && bytes[cut] & 0xC0 == 0x80 { cut -= 1 }
        let shown = String(decoding: UnsafeBufferPointer(rebasing: bytes[lower..<cut]), as: UTF8.self)
        return shown + "... (\(upper - cut) more bytes)"
    }

    // MARK: - Reading

    /// The whole file, if it is a regular file: a device such as /dev/zero or a FIFO would
    /// be read forever (issue 13).
    private static func readBytes(path: String) throws -> [UInt8] {
        do {
            return try RegularFile.read(path, limit: Int.max)
        } catch {
            throw EdgeListError(path: path, line: 0, message: "cannot read the edge list (\(error))")
        }
    }
}
