/// What one observation pass of the reference model gathers for a row: counts and sums over
/// the citizens, this step's tallies, the score distribution, and (on rows that get them)
/// the network censuses. The registered metrics (`ReferenceMetrics`) read these; a metric
/// added by a user reads them too, or reads `simulation` directly.
public struct ReferenceRow {
    /// The costly network quantities, present on rows that compute them.
    public struct NetworkCensus: Sendable, Equatable {
        public var clustering = 0.0
        public var clusteringSE = 0.0
        public var transitivity = 0.0
        public var transitivitySE = 0.0
        /// Whether clustering and transitivity were estimated from sampled wedges.
        public var sampled = false
        public var components = 0
        public var largestComponent = 0
        public var secondLargestComponent = 0
        public var isolated = 0
    }

    /// The model observed (read-only use: a metric must not change the state).
    public let simulation: Simulation
    /// The step just run.
    public let step: Int
    /// N.
    public let citizens: Int
    /// This step's counters, summed over blocks in order.
    public let tally: StepTally
    /// Enrolled citizens, and those of them in the benefit and penalty tiers.
    public let enrolled: Int
    public let benefit: Int
    public let penalty: Int
    /// Citizens by gaming strategy (enrolled or not).
    public let padders: Int
    public let evaders: Int
    public let colluders: Int
    /// Citizens with no friend.
    public let isolated: Int
    /// Mean private dissent o_i over all citizens.
    public let opinionMean: Double
    /// Score sums and counts of enrolled gamers and enrolled honest citizens.
    public let gamerScoreSum: Double
    public let gamers: Int
    public let honestScoreSum: Double
    public let honest: Int
    /// Mean, spread, percentiles and Gini of enrolled citizens' scores (nil: nobody enrolled).
    public let scores: ScoreDistribution?
    /// The bottom score decile's isolation and degree ratio (MODEL.md 7.11).
    public let lowIsolated: MetricValue
    public let lowDegreeRatio: MetricValue
    /// Pearson correlation of scores across ties between enrolled citizens.
    public let assortativity: Double?
    /// nil on rows that skip the network columns.
    public let network: NetworkCensus?
    public let edges: Int
    public let tiesAdded: Int
    public let tiesRemoved: Int
    /// Quantities several optional metrics share (the no-ring census, the behaviour
    /// decile), computed the first time one of them asks and only then: a run without
    /// those groups pays nothing for them.
    public let shared = SharedQuantities()

    /// Holds what `shared` has computed for this row.
    public final class SharedQuantities {
        var noRing: (averageClustering: Double, transitivity: Double)?
        var behaviourDecile: (isolated: MetricValue, degreeRatio: MetricValue)?
        var strategies: StrategyStats?
        var deciles: DecileStats?
        var sybilFriendships: (ties: Int, citizens: Int)?
        var buyersByWealthQuintile: [(share: Double?, premium: Double?)]?
        init() {}
    }

    /// part / whole, or missing when whole is 0.
    public static func fraction(_ part: Int, _ whole: Int) -> MetricValue {
        whole > 0 ? .real(Double(part) / Double(whole)) : .missing
    }

    /// Genuine dissent posts / genuine posts.
    public var dissentShare: MetricValue { Self.fraction(tally.dissentPosts, tally.genuinePosts) }
}
