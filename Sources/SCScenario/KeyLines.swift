/// Where each key path was first written in a scenario file.
///
/// Problems found after reading (cross-key consistency, timeline steps past the end) name
/// a key path, not a node; this index turns the path back into a line. A key that is not
/// in the file falls back to its nearest parent that is (`adoption.peerRate` to
/// `adoption`), so the user is at least sent to the right block.
struct KeyLines {
    private var lines: [String: Int] = [:]

    /// Records `line` for `path` and each of its parents not yet seen: `population.strategies.honest`
    /// written literally also locates `population.strategies` and `population`.
    mutating func record(_ path: String, line: Int?) {
        guard let line else { return }
        var current: String? = path
        while let path = current, !path.isEmpty {
            if lines[path] == nil { lines[path] = line }
            current = KeyLines.parent(of: path)
        }
    }

    /// The line of `path`, else of its nearest recorded parent, else nil.
    func line(for path: String) -> Int? {
        var current: String? = path
        while let path = current {
            if let line = lines[path] { return line }
            current = KeyLines.parent(of: path)
        }
        return nil
    }

    /// `goods[2].approval` -> `goods[2]` -> `goods` -> nil.
    static func parent(of path: String) -> String? {
        guard let cut = path.lastIndex(where: { $0 == "." || $0 == "[" }) else { return nil }
        return String(path[..<cut])
    }
}
