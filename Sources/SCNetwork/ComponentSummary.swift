/// How the friendship network falls apart into groups, from `ComponentCensus`.
public struct ComponentSummary: Equatable, Sendable {
    /// Connected components; an isolated citizen is a component of its own.
    public var count: Int
    /// Citizens in the largest component (0 only for an empty population).
    public var largest: Int
    /// Citizens with no friends at all.
    public var isolated: Int

    public init(count: Int, largest: Int, isolated: Int) {
        self.count = count
        self.largest = largest
        self.isolated = isolated
    }
}
