/// The citizens, stored column-wise: one array per state variable (MODEL.md section 2).
///
/// A class because the columns are shared by every phase and every worker thread, and
/// freed once at the end of the run. Each phase writes only its own block's entries; where
/// a phase reads a variable of friends that it also writes, it reads a copy taken when the
/// phase began (`enrolledBefore`, `strategyBefore`) or writes a second buffer
/// (`scoreNext`), so updates are synchronous as MODEL.md section 3 requires.
public final class Population {
    /// N, the number of citizens: ids 0 ..< N. Every citizen-facing loop (the phases'
    /// blocks, every metric) runs over these and nothing else.
    public let count: Int
    /// N plus the reserved slots of vendors' sybils (MODEL.md 7.19), ids N ..< slotCount:
    /// the length of every column. Equal to `count` without sybil farms.
    public let slotCount: Int
    /// K, the number of goods categories; `taste` has K entries per citizen.
    public let categoryCount: Int

    /// o_i, private inclination to dissent, in [0, 1].
    @usableFromInline package let dissent: Column<Double>
    /// o0_i, the belief o_i relaxes back to.
    @usableFromInline package let core: Column<Double>
    /// s_i >= 0, how much the citizen cares about the score.
    @usableFromInline package let sensitivity: Column<Double>
    /// r_i, probability of paying a bill on time.
    @usableFromInline package let reliability: Column<Double>
    /// lambda_i, mean purchases per step.
    @usableFromInline package let buyRate: Column<Double>
    /// e^-lambda_i, the first term of the purchase count's distribution at the usual
    /// income, so the consumption phase takes no exponential per citizen and step. Derived
    /// state: filled from `buyRate` at a simulation's first consumption phase (`buyRate`
    /// does not change after initialisation); never saved.
    @usableFromInline package let expMinusBuyRate: Column<Double>
    /// theta_i, K entries per citizen, row-major.
    @usableFromInline package let taste: Column<Double>
    /// c_i, running record of bills paid on time.
    @usableFromInline package let credit: Column<Double>
    /// S_i, the public score (meaningful for enrolled citizens).
    @usableFromInline package private(set) var score: Column<Double>
    /// The scoring phase's output, swapped with `score` when the phase ends.
    @usableFromInline package private(set) var scoreNext: Column<Double>
    /// P_i, this step's purchase signal in [-1, 1].
    @usableFromInline package let purchaseSignal: Column<Double>
    /// H_i, this step's post signal in [-1, 1].
    @usableFromInline package let postSignal: Column<Double>

    /// Strategy raw values.
    @usableFromInline package let strategy: Column<UInt8>
    /// Strategies as they stood when the imitation phase began.
    @usableFromInline package let strategyBefore: Column<UInt8>
    /// e_i: 1 when inside the score system.
    @usableFromInline package let enrolled: Column<UInt8>
    /// Enrolment as it stood when the adoption phase began.
    @usableFromInline package let enrolledBefore: Column<UInt8>
    /// 1 for a citizen who enrolled voluntarily this step (referral bonus for its friends).
    @usableFromInline package let joinedThisStep: Column<UInt8>
    /// Tier raw values.
    @usableFromInline package let tier: Column<UInt8>
    /// 1 when caught by this step's audit: the penalty applies at the next scoring.
    @usableFromInline package let caught: Column<UInt8>
    /// Collusion ring id, or -1.
    @usableFromInline package let ring: Column<Int32>

    /// Genuine posts m_i this step.
    @usableFromInline package let genuinePosts: Column<Int32>
    /// Dissent posts and visible posts (genuine plus spam), double-buffered by step parity
    /// so that the expression phase can read friends' posts of the previous step. The two
    /// counts sit side by side, so a friend's posts are one memory read, not two.
    @usableFromInline package let posts: (Column<PostCount>, Column<PostCount>)
    /// Gaming actions this step: fake purchases + hidden purchases + spam posts.
    @usableFromInline package let gamingActions: Column<Int32>

    /// Friends' posts of the last step summed over the current friends: X'_i's numerator
    /// and denominator. Set by the opinion pass and kept exact through every later tie
    /// change (integer sums), so the expression phase reads one entry instead of visiting
    /// every friend. Derived state: never saved, rebuilt when missing.
    @usableFromInline package let friendPostTotals: Column<PostTotals>
    /// What the opinion-and-scoring pass reads of each friend, packed so that one friend is
    /// one memory read: the score when enrolled (+0 when not) and this step's posts.
    /// Rebuilt at the start of that pass. Derived state: never saved.
    @usableFromInline package let face: Column<FriendFace>
    /// Friends who enrolled voluntarily this step (the referral bonus), counted at the
    /// start of the scoring pass from `joinedThisStep`. Derived state: never saved.
    @usableFromInline package let referrals: Column<Int32>

    /// Caution c_i in [0, 1], the memory of being reported by an informant (MODEL.md
    /// 7.13). Empty (count 0) unless informants are scheduled, so a run without them
    /// holds, saves and restores exactly what it did before they existed.
    @usableFromInline package let caution: Column<Float>
    /// Refusal thresholds theta_i in [0, 1] (MODEL.md 7.14); empty unless refusal is on.
    @usableFromInline package let threshold: Column<Double>
    /// Weekly wage w_i and wealth W_i (MODEL.md 7.16); empty unless money is on.
    @usableFromInline package let wage: Column<Double>
    @usableFromInline package let wealth: Column<Double>
    /// Bought ties a citizen holds as buyer and as seller (the ground truth of 7.17);
    /// empty unless the market is scheduled.
    @usableFromInline package let boughtTies: Column<Int32>
    @usableFromInline package let soldTies: Column<Int32>
    /// Whether a thief holds the account, and its score when it was taken (7.18); empty
    /// unless theft is scheduled.
    @usableFromInline package let compromised: Column<UInt8>
    @usableFromInline package let scoreAtTheft: Column<Double>

    /// Allocates every column for `count` citizens and `categoryCount` goods, zeroed;
    /// the columns of the optional mechanics only when `optional` names them.
    public convenience init(count: Int, categoryCount: Int, caution: Bool = false, thresholds: Bool = false) {
        var optional: OptionalColumns = []
        if caution { optional.insert(.caution) }
        if thresholds { optional.insert(.thresholds) }
        self.init(count: count, sybilSlots: 0, categoryCount: categoryCount, optional: optional)
    }

    /// Which optional columns a run holds, from its parameters.
    public struct OptionalColumns: OptionSet, Sendable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }
        public static let caution = OptionalColumns(rawValue: 1)
        public static let thresholds = OptionalColumns(rawValue: 2)
        public static let money = OptionalColumns(rawValue: 4)
        public static let market = OptionalColumns(rawValue: 8)
        public static let theft = OptionalColumns(rawValue: 16)

        /// The columns the mechanics `parameters` schedule need.
        public init(_ p: ModelParameters) {
            self = []
            if p.informantsScheduled { insert(.caution) }
            if p.refusalEnabled { insert(.thresholds) }
            if p.moneyEnabled { insert(.money) }
            if p.marketScheduled { insert(.market) }
            if p.theftScheduled { insert(.theft) }
        }
    }

    /// Allocates the columns for `count` citizens and `sybilSlots` reserved sybil slots
    /// after them (MODEL.md 7.19), zeroed.
    public init(count citizens: Int, sybilSlots: Int = 0, categoryCount: Int, optional: OptionalColumns) {
        let withCaution = optional.contains(.caution), withThresholds = optional.contains(.thresholds)
        self.count = citizens
        self.slotCount = citizens + sybilSlots
        let count = citizens + sybilSlots
        self.categoryCount = categoryCount
        dissent = Column(count: count, initial: 0)
        core = Column(count: count, initial: 0)
        sensitivity = Column(count: count, initial: 0)
        reliability = Column(count: count, initial: 0)
        buyRate = Column(count: count, initial: 0)
        expMinusBuyRate = Column(count: count, initial: 0)
        taste = Column(count: count * categoryCount, initial: 0)
        credit = Column(count: count, initial: 0)
        score = Column(count: count, initial: 0)
        scoreNext = Column(count: count, initial: 0)
        purchaseSignal = Column(count: count, initial: 0)
        postSignal = Column(count: count, initial: 0)
        strategy = Column(count: count, initial: 0)
        strategyBefore = Column(count: count, initial: 0)
        enrolled = Column(count: count, initial: 0)
        enrolledBefore = Column(count: count, initial: 0)
        joinedThisStep = Column(count: count, initial: 0)
        tier = Column(count: count, initial: 0)
        caught = Column(count: count, initial: 0)
        ring = Column(count: count, initial: -1)
        genuinePosts = Column(count: count, initial: 0)
        posts = (Column(count: count, initial: PostCount()), Column(count: count, initial: PostCount()))
        gamingActions = Column(count: count, initial: 0)
        friendPostTotals = Column(count: count, initial: PostTotals())
        face = Column(count: count, initial: FriendFace())
        referrals = Column(count: count, initial: 0)
        caution = Column(count: withCaution ? count : 0, initial: 0)
        threshold = Column(count: withThresholds ? count : 0, initial: 0)
        let money = optional.contains(.money) ? count : 0, market = optional.contains(.market) ? count : 0
        let theft = optional.contains(.theft) ? count : 0
        wage = Column(count: money, initial: 0)
        wealth = Column(count: money, initial: 0)
        boughtTies = Column(count: market, initial: 0)
        soldTies = Column(count: market, initial: 0)
        compromised = Column(count: theft, initial: 0)
        scoreAtTheft = Column(count: theft, initial: 0)
    }

    deinit {
        dissent.free(); core.free(); sensitivity.free(); reliability.free(); buyRate.free(); expMinusBuyRate.free(); taste.free()
        credit.free(); score.free(); scoreNext.free(); purchaseSignal.free(); postSignal.free()
        strategy.free(); strategyBefore.free(); enrolled.free(); enrolledBefore.free(); joinedThisStep.free()
        tier.free(); caught.free(); ring.free(); genuinePosts.free()
        posts.0.free(); posts.1.free()
        gamingActions.free()
        friendPostTotals.free(); face.free(); referrals.free()
        caution.free(); threshold.free()
        wage.free(); wealth.free(); boughtTies.free(); soldTies.free(); compromised.free(); scoreAtTheft.free()
    }

    /// Keeps `friendPostTotals[me]` exact when `friend` (whose posts this step are in
    /// `posts`) becomes a friend (`sign` 1) or stops being one (-1). Touches only `me`'s
    /// entry, so threads owning different citizens may call it at once.
    @inline(__always)
    func adjustFriendTotals(of me: Int, friend: Int, sign: Int, posts: Column<PostCount>) {
        let seen = posts[friend]
        friendPostTotals[me].dissent &+= sign &* Int(seen.dissent)
        friendPostTotals[me].visible &+= sign &* Int(seen.visible)
    }

    /// The reserved sybil slots, N ..< slotCount (empty without sybil farms).
    @inlinable public var sybilSlots: Range<Int> { count..<slotCount }

    /// Whether slot `i` holds a live sybil (a reserved slot whose account is enrolled).
    @inlinable public func isSybil(_ i: Int) -> Bool { i >= count && enrolled[i] != 0 }

    /// Makes the scoring phase's output the current score.
    func swapScores() {
        swap(&score, &scoreNext)
    }

    /// The post counts written at `step` (by parity).
    @inlinable
    package func postColumn(forStep step: Int) -> Column<PostCount> {
        step & 1 == 0 ? posts.0 : posts.1
    }

    /// Approximate bytes held by the columns (for the benchmark's report).
    public var columnBytes: Int {
        slotCount * (11 * 8 + 8 * 1 + 4 * 6 + 16 + 16 + 4) + count * categoryCount * 8 + caution.count * 4 + threshold.count * 8
            + (wage.count + wealth.count + scoreAtTheft.count) * 8 + (boughtTies.count + soldTies.count) * 4 + compromised.count
    }
}

/// The share of dissent among `friends`' visible posts in `posts`, or `fallback` when
/// they posted nothing: X'_i (MODEL.md 7.3, previous step) and X_i (7.4, this step).
@inlinable
package func friendsDissentShare(_ friends: UnsafeBufferPointer<Int32>, posts: Column<PostCount>, fallback: Double) -> Double {
    var dissent = 0, visible = 0
    for j in friends {
        let seen = posts[Int(j)]
        dissent &+= Int(seen.dissent)
        visible &+= Int(seen.visible)
    }
    return visible > 0 ? Double(dissent) / Double(visible) : fallback
}

/// Friends' posts summed: dissent posts and visible posts.
public struct PostTotals: Equatable, Sendable {
    public var dissent: Int = 0
    public var visible: Int = 0

    public init(dissent: Int = 0, visible: Int = 0) {
        self.dissent = dissent
        self.visible = visible
    }

    /// The dissent share, or `fallback` when the friends posted nothing.
    @inlinable
    public func share(fallback: Double) -> Double {
        visible > 0 ? Double(dissent) / Double(visible) : fallback
    }
}

/// What a friend reads of a citizen in the opinion-and-scoring pass (16 bytes).
public struct FriendFace: Sendable {
    /// The score when enrolled; +0 when not (scores are at least 350), so enrolment
    /// needs no second read, and a sum over friends can add it without a branch.
    public var score: Double = 0
    /// This step's posts.
    public var posts = PostCount()

    public init(score: Double = 0, posts: PostCount = PostCount()) {
        self.score = score
        self.posts = posts
    }

    /// 1 when enrolled, 0 when not, by arithmetic on the bits: +0 has none set, a positive
    /// score has bits below the sign bit, so `bits - 1` wraps to the sign bit only for +0.
    /// (A comparison here compiles to a branch the predictor misses for one friend in three.)
    @inlinable
    public var enrolledCount: Int {
        Int(truncatingIfNeeded: 1 &- ((score.bitPattern &- 1) >> 63))
    }
}

/// One citizen's posts in one step, as its friends see them.
public struct PostCount: Equatable, Sendable {
    /// Dissent posts d_i.
    public var dissent: Int32 = 0
    /// Visible posts: genuine m_i plus spam.
    public var visible: Int32 = 0

    public init(dissent: Int32 = 0, visible: Int32 = 0) {
        self.dissent = dissent
        self.visible = visible
    }
}
