/// Who holds which opinion, with each opinion's holders in a list that supports O(1)
/// membership changes and O(1) uniform picks.
///
/// The adaptive voter model moves a tie to "a vertex chosen uniformly from those holding
/// i's opinion", so every opinion keeps the list of its holders; a vertex also remembers
/// its index in that list, so leaving is a swap with the last holder (no search, no `Set`,
/// nothing whose order depends on hashing). The order of a list is a deterministic
/// function of the history of changes, so a run is reproducible from its seed.
public struct OpinionGroups: Sendable {
    /// Opinion of each vertex, 0 ..< `opinionCount`.
    public private(set) var opinion: [Int32]
    /// Index of each vertex within its opinion's holder list.
    public private(set) var position: [Int32]
    /// Holders of each opinion, in the order described above.
    public private(set) var holders: [[Int32]]
    /// Opinions that still have at least one holder (the communities).
    public private(set) var nonEmptyCount: Int

    /// Groups for `opinion` (one entry per vertex, each in 0 ..< `opinionCount`).
    ///
    /// - Complexity: O(vertices + opinionCount).
    public init(opinion: [Int32], opinionCount: Int) {
        precondition(opinionCount >= 1, "at least one opinion")
        self.opinion = opinion
        position = [Int32](repeating: 0, count: opinion.count)
        holders = [[Int32]](repeating: [], count: opinionCount)
        for (vertex, g) in opinion.enumerated() {
            precondition(g >= 0 && Int(g) < opinionCount, "opinion out of range")
            position[vertex] = Int32(holders[Int(g)].count)
            holders[Int(g)].append(Int32(vertex))
        }
        nonEmptyCount = holders.reduce(0) { $0 + ($1.isEmpty ? 0 : 1) }
    }

    /// G, the number of opinions at the start (some may since have died out).
    @inlinable public var opinionCount: Int { holders.count }

    /// Holders of opinion `g`.
    @inlinable public func size(of g: Int) -> Int { holders[g].count }

    /// Gives vertex `v` opinion `g` (nothing happens when it already holds it).
    ///
    /// - Complexity: O(1) amortised.
    public mutating func move(_ v: Int, to g: Int) {
        let old = Int(opinion[v])
        guard old != g else { return }
        // Leave: the last holder of the old opinion takes v's slot.
        let slot = Int(position[v])
        let last = holders[old].removeLast()
        if Int(last) != v {
            holders[old][slot] = last
            position[Int(last)] = Int32(slot)
        }
        if holders[old].isEmpty { nonEmptyCount -= 1 }
        // Join.
        if holders[g].isEmpty { nonEmptyCount += 1 }
        position[v] = Int32(holders[g].count)
        holders[g].append(Int32(v))
        opinion[v] = Int32(g)
    }

    /// The sizes of the non-empty groups (the communities at consensus), largest first.
    public func communitySizes() -> [Int] {
        holders.compactMap { $0.isEmpty ? nil : $0.count }.sorted(by: >)
    }

    /// Problems with the bookkeeping (a vertex missing from its list, a wrong position, a
    /// wrong count); empty when sound. For tests.
    public func invariantViolations() -> [String] {
        var problems: [String] = []
        var listed = 0
        for (g, list) in holders.enumerated() {
            listed += list.count
            for (index, v) in list.enumerated() {
                if opinion[Int(v)] != Int32(g) { problems.append("vertex \(v) listed under \(g) but holds \(opinion[Int(v)])") }
                if position[Int(v)] != Int32(index) { problems.append("vertex \(v) at index \(index) records \(position[Int(v)])") }
            }
        }
        if listed != opinion.count { problems.append("\(listed) listed holders for \(opinion.count) vertices") }
        let nonEmpty = holders.reduce(0) { $0 + ($1.isEmpty ? 0 : 1) }
        if nonEmpty != nonEmptyCount { problems.append("nonEmptyCount \(nonEmptyCount), actually \(nonEmpty)") }
        return problems
    }
}
