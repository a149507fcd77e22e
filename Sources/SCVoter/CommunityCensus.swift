/// The sizes of the opinion communities, and the summaries Holme and Newman report.
public struct CommunityCensus: Equatable, Sendable {
    /// Sizes of the non-empty communities, largest first.
    public let sizes: [Int]
    /// N.
    public let vertexCount: Int

    public init(sizes: [Int], vertexCount: Int) {
        self.sizes = sizes.sorted(by: >)
        self.vertexCount = vertexCount
    }

    /// S, the size of the largest community.
    public var largest: Int { sizes.first ?? 0 }
    /// S / N: the order parameter of the transition.
    public var largestFraction: Double { vertexCount > 0 ? Double(largest) / Double(vertexCount) : 0 }
    /// The second largest community over N (0 with a single community).
    public var secondFraction: Double { sizes.count > 1 && vertexCount > 0 ? Double(sizes[1]) / Double(vertexCount) : 0 }
    /// N / (number of communities): about gamma when no opinion has won.
    public var meanSize: Double { sizes.isEmpty ? 0 : Double(vertexCount) / Double(sizes.count) }
    /// The size of the community of a uniformly chosen vertex, sum of s^2 over N.
    public var vertexMeanSize: Double {
        vertexCount > 0 ? Double(sizes.reduce(0) { $0 + $1 * $1 }) / Double(vertexCount) : 0
    }

    /// How many communities have each size: `histogram[s]` communities of size s.
    public var histogram: [Int] {
        var counts = [Int](repeating: 0, count: largest + 1)
        for s in sizes { counts[s] += 1 }
        return counts
    }
}
