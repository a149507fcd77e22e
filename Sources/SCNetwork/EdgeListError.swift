/// Why an edge-list file could not be turned into a network, and where.
///
/// Formatted like a compiler diagnostic (`edges.txt:7: ...`) so that editors and terminals
/// can jump to the line, and so the person who prepared the file sees exactly which pair
/// to fix rather than a bare "invalid input".
public struct EdgeListError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file as the scenario named it (or the `source` label given to `parse`).
    public var path: String
    /// The 1-based line of the problem; 0 when the problem is the file as a whole.
    public var line: Int
    /// What is wrong, with the offending text quoted.
    public var message: String

    public init(path: String, line: Int, message: String) {
        self.path = path
        self.line = line
        self.message = message
    }

    /// `path:line: message`, or `path: message` when there is no line.
    public var description: String {
        line > 0 ? "\(path):\(line): \(message)" : "\(path): \(message)"
    }
}
