/// Why an edge-list file could not be turned into a network, and where.
///
/// Formatted like a compiler diagnostic (`edges.txt:7: ...`) so that editors and terminals
/// can jump to the line, and so the person who prepared the file sees exactly which pair
/// to fix rather than a bare "invalid input". Like a scenario's problems, every bad line
/// is listed (up to `listedProblemLimit`, then a count of the rest), so a file is fixed in
/// one pass instead of one run per mistake.
public struct EdgeListError: Error, CustomStringConvertible, Equatable, Sendable {
    /// One bad line.
    public struct Problem: Equatable, Sendable {
        /// The 1-based line; 0 when the problem is the file as a whole.
        public var line: Int
        /// What is wrong, with the offending text quoted.
        public var message: String

        public init(line: Int, message: String) {
            self.line = line
            self.message = message
        }
    }

    /// Bad lines listed at most; the rest are counted in `omitted`.
    public static let listedProblemLimit = 20

    /// The file as the scenario named it (or the `source` label given to `parse`).
    public var path: String
    /// The bad lines in file order, at most `listedProblemLimit` of them.
    public var problems: [Problem]
    /// Bad lines found beyond those listed.
    public var omitted: Int

    /// The first problem's line; 0 when the problem is the file as a whole.
    public var line: Int { problems.first?.line ?? 0 }
    /// The first problem's message.
    public var message: String { problems.first?.message ?? "" }

    /// One problem.
    public init(path: String, line: Int, message: String) {
        self.init(path: path, problems: [Problem(line: line, message: message)])
    }

    public init(path: String, problems: [Problem], omitted: Int = 0) {
        self.path = path
        self.problems = problems
        self.omitted = omitted
    }

    /// One line per problem, `path:line: message` (or `path: message` when there is no
    /// line), then `path: N more bad lines not listed (M in all)` if some were left out.
    public var description: String {
        var lines = problems.map { $0.line > 0 ? "\(path):\($0.line): \($0.message)" : "\(path): \($0.message)" }
        if omitted > 0 {
            lines.append("\(path): \(omitted) more bad line\(omitted == 1 ? "" : "s") not listed (\(problems.count + omitted) in all)")
        }
        return lines.joined(separator: "\n")
    }
}
