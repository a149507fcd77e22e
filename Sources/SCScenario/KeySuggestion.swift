/// Finds the valid key a mistyped one was probably meant to be.
///
/// Two kinds of mistake are common in scenario files: a typo anywhere in the path
/// (`score.eat`, `scor.eta`) and a right name in the wrong place (`eta` at the top level,
/// `score.unfriendStrength`). The first is caught by comparing whole paths, the second by
/// comparing only the last component; the closer of the two wins.
enum KeySuggestion {
    /// The candidate closest to `key`, or nil when none is close enough to be a likely typo.
    static func nearest(to key: String, among candidates: [String]) -> String? {
        let written = key.lowercased()
        let writtenLast = lastComponent(of: written)
        var best: (candidate: String, distance: Int, fullDistance: Int)?
        for candidate in candidates {
            let lowered = candidate.lowercased()
            let full = editDistance(written, lowered)
            var distance = full <= tolerance(forLength: written.count) ? full : Int.max
            let last = editDistance(writtenLast, lastComponent(of: lowered))
            if last <= tolerance(forLength: writtenLast.count) { distance = min(distance, last) }
            guard distance != Int.max else { continue }
            if let current = best, (current.distance, current.fullDistance) <= (distance, full) { continue }
            best = (candidate, distance, full)
        }
        return best?.candidate
    }

    /// Edits allowed before a candidate stops looking like the same word: one per three
    /// characters, at least one.
    static func tolerance(forLength length: Int) -> Int { max(1, length / 3) }

    static func lastComponent(of path: String) -> String {
        path.split(separator: ".").last.map(String.init) ?? path
    }

    /// Levenshtein distance, with swapping two adjacent characters counted as one edit
    /// (optimal string alignment), because `eat` for `eta` is one slip of the fingers.
    ///
    /// - Complexity: O(a.count * b.count).
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var twoBack = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], twoBack[j - 2] + 1)
                }
            }
            (twoBack, previous, current) = (previous, current, twoBack)
        }
        return previous[b.count]
    }
}
