/// Collusion rings: which citizens belong to each (MODEL.md sections 5, 7.9, 7.10).
///
/// Rings change only in the sequential part of the audit and imitation phases, in
/// ascending citizen order, so a plain array of member lists is enough. A ring keeps its
/// id after members leave, even when it empties.
public struct RingRegistry: Sendable {
    /// Members of each ring, in the order they joined.
    public private(set) var members: [[Int32]] = []

    public init() {}

    /// Starts a new ring with these members and returns its id.
    mutating func makeRing(_ citizens: [Int32]) -> Int32 {
        members.append(citizens)
        return Int32(members.count - 1)
    }

    /// Adds `citizen` to ring `id`.
    mutating func add(_ citizen: Int32, to id: Int32) {
        members[Int(id)].append(citizen)
    }

    /// Removes `citizen` from ring `id`, keeping the others' order.
    mutating func remove(_ citizen: Int32, from id: Int32) {
        if let k = members[Int(id)].firstIndex(of: citizen) { members[Int(id)].remove(at: k) }
    }

    /// Number of rings ever made.
    public var count: Int { members.count }
}
