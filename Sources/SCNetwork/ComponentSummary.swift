/// How the friendship network falls apart into groups, from `ComponentCensus`.
public struct ComponentSummary: Equatable, Sendable {
    /// Connected components; an isolated citizen is a component of its own.
    public var count: Int
    /// Citizens in the largest component (0 only for an empty population).
    public var largest: Int
    /// Citizens with no friends at all.
    public var isolated: Int
    /// Citizens in the second largest component (0 with fewer than two).
    public var secondLargest: Int

    public init(count: Int, largest: Int, isolated: Int, secondLargest: Int = 0) {
        self.count = count
        self.largest = largest
        self.isolated = isolated
        self.secondLargest = secondLargest
    }
}
