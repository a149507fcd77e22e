/// Counts one block gathers during a step, for the observation phase.
///
/// Each block writes only its own tally; the observation phase adds them in block order.
/// All fields are integers, so the sum does not depend on the order anyway.
public struct StepTally: Equatable, Sendable {
    public var visiblePurchases = 0
    public var approvedPurchases = 0
    public var disapprovedPurchases = 0
    public var hiddenPurchases = 0
    public var fakePurchases = 0
    public var genuinePosts = 0
    public var dissentPosts = 0
    public var fakePosts = 0
    public var audits = 0
    public var caught = 0
    public var adopted = 0
    /// Caught this step, by the strategy held when audited (for the `strategies` group).
    public var caughtPadders = 0
    public var caughtEvaders = 0
    public var caughtColluders = 0

    public init() {}

    init(visiblePurchases: Int, approvedPurchases: Int, disapprovedPurchases: Int, hiddenPurchases: Int, fakePurchases: Int,
         genuinePosts: Int, dissentPosts: Int, fakePosts: Int, audits: Int, caught: Int, adopted: Int) {
        self.visiblePurchases = visiblePurchases
        self.approvedPurchases = approvedPurchases
        self.disapprovedPurchases = disapprovedPurchases
        self.hiddenPurchases = hiddenPurchases
        self.fakePurchases = fakePurchases
        self.genuinePosts = genuinePosts
        self.dissentPosts = dissentPosts
        self.fakePosts = fakePosts
        self.audits = audits
        self.caught = caught
        self.adopted = adopted
    }

    mutating func add(_ other: StepTally) {
        visiblePurchases += other.visiblePurchases
        approvedPurchases += other.approvedPurchases
        disapprovedPurchases += other.disapprovedPurchases
        hiddenPurchases += other.hiddenPurchases
        fakePurchases += other.fakePurchases
        genuinePosts += other.genuinePosts
        dissentPosts += other.dissentPosts
        fakePosts += other.fakePosts
        audits += other.audits
        caught += other.caught
        adopted += other.adopted
        caughtPadders += other.caughtPadders
        caughtEvaders += other.caughtEvaders
        caughtColluders += other.caughtColluders
    }
}

/// Per-block output of the phases that change shared structure (ties, rings), applied
/// after the parallel part in ascending order.
final class BlockOutbox {
    /// Ties to drop, encoded as (min << 32) | max.
    var drops: [UInt64] = []
    /// Ties to add, encoded the same way.
    var adds: [UInt64] = []
    /// Citizens who left their ring on reforming after an audit.
    var ringLeavers: [Int32] = []
    /// Strategy changes by imitation that touch a ring.
    var ringMoves: [RingMove] = []
    /// Citizens who enrolled voluntarily this step, ascending (for referral counts).
    var joiners: [Int32] = []
    /// Informants' reports of this step, in citizen and adjacency order (MODEL.md 7.13).
    var reports: [Report] = []
    /// Citizens who start resisting this step by the threshold rule (MODEL.md 7.14).
    var resisters: [Int32] = []
    /// Ties offered on the friendship market this step (MODEL.md 7.17).
    var offers: [MarketContract] = []

    func clear() {
        drops.removeAll(keepingCapacity: true)
        adds.removeAll(keepingCapacity: true)
        ringLeavers.removeAll(keepingCapacity: true)
        ringMoves.removeAll(keepingCapacity: true)
        joiners.removeAll(keepingCapacity: true)
        reports.removeAll(keepingCapacity: true)
        resisters.removeAll(keepingCapacity: true)
        offers.removeAll(keepingCapacity: true)
    }
}

/// An informant's report on a friend: true when the friend posted dissent this step.
struct Report {
    var informant: Int32
    var target: Int32
    var isFalse: Bool
}

/// A citizen whose imitation made it leave or join a ring.
struct RingMove {
    var citizen: Int32
    var wasColluder: Bool
    var becomesColluder: Bool
    /// The ring of the friend it copied, when it becomes a colluder (-1 for none).
    var targetRing: Int32
}

/// Packs an undirected tie into one sortable word, smaller id first.
@inlinable
func edgeKey(_ a: Int, _ b: Int) -> UInt64 {
    a < b ? (UInt64(a) << 32) | UInt64(b) : (UInt64(b) << 32) | UInt64(a)
}
