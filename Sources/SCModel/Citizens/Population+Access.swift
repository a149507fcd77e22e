/// The citizens' state as code outside the package reads and writes it: one citizen at a
/// time, by id. The columns themselves (`Column`, raw buffers) are the package's own, so
/// their layout can change without breaking an embedder.
///
/// A phase may write only the citizens of the block it is given (`CitizenBlock.citizens`);
/// a metric only reads.
extension Population {
    /// S_i, the public score (meaningful while the citizen is enrolled).
    @inlinable public func score(of i: Int) -> Double { score[i] }
    /// Sets S_i (within the tiers' bounds is the caller's business: `score.min`, `score.max`).
    @inlinable public func setScore(_ value: Double, of i: Int) { score[i] = value }
    /// Whether citizen i is enrolled in the scoring system.
    @inlinable public func isEnrolled(_ i: Int) -> Bool { enrolled[i] != 0 }
    /// o_i, private dissent in [0, 1].
    @inlinable public func dissent(of i: Int) -> Double { dissent[i] }
    /// The citizen's gaming strategy.
    public func strategy(of i: Int) -> Strategy { Strategy(rawValue: strategy[i]) ?? .honest }
    /// The citizen's benefit tier.
    public func tier(of i: Int) -> Tier { Tier(rawValue: tier[i]) ?? .none }
    /// The collusion ring the citizen belongs to, if any.
    public func ring(of i: Int) -> Int? { ring[i] >= 0 ? Int(ring[i]) : nil }
}
