/// The time series' columns (MODEL.md 7.11), in the order they are written.
///
/// The first block is MODEL.md's table, in its order; extra columns follow it. Tools that
/// read the CSV by name keep working when extra columns are appended.
public enum TimeSeriesColumn: String, CaseIterable, Sendable {
    case step
    case enrolledFrac = "enrolled_frac"
    case scoreMean = "score_mean"
    case scoreSD = "score_sd"
    case scoreP10 = "score_p10"
    case scoreP50 = "score_p50"
    case scoreP90 = "score_p90"
    case scoreGini = "score_gini"
    case benefitFrac = "benefit_frac"
    case penaltyFrac = "penalty_frac"
    case approvedPurchaseFrac = "approved_purchase_frac"
    case disapprovedPurchaseFrac = "disapproved_purchase_frac"
    case hiddenPurchases = "hidden_purchases"
    case fakePurchases = "fake_purchases"
    case fakePosts = "fake_posts"
    case dissentPostFrac = "dissent_post_frac"
    case opinionMean = "opinion_mean"
    case falsificationGap = "falsification_gap"
    case edges
    case meanDegree = "mean_degree"
    case clusteringAvg = "clustering_avg"
    case transitivity
    case scoreAssortativity = "score_assortativity"
    case components
    case giantFrac = "giant_frac"
    case isolatedFrac = "isolated_frac"
    case lowIsolatedFrac = "low_isolated_frac"
    case lowDegreeRatio = "low_degree_ratio"
    case tiesAdded = "ties_added"
    case tiesRemoved = "ties_removed"
    case padderFrac = "padder_frac"
    case evaderFrac = "evader_frac"
    case colluderFrac = "colluder_frac"
    case audits
    case caught
    case gamerScorePremium = "gamer_score_premium"
    // Extra columns.
    /// `exact` or `sampled` when the costly network columns were computed this row (how),
    /// `skipped` when not.
    case networkMetrics = "network_metrics"
    /// Citizens who enrolled voluntarily this step.
    case adopted
    /// Visible purchases this step (the denominator of the purchase fractions).
    case visiblePurchases = "visible_purchases"
    /// Genuine posts this step (the denominator of dissent_post_frac).
    case genuinePosts = "genuine_posts"
    /// Standard errors of clustering_avg and transitivity: 0 when exact, empty when skipped.
    case clusteringAvgSE = "clustering_avg_se"
    case transitivitySE = "transitivity_se"

    /// The costly network columns, computed every `output.networkMetricsEvery` steps.
    public static let costlyNetworkColumns: [TimeSeriesColumn] = [.clusteringAvg, .transitivity, .components, .giantFrac]

    /// Header names in order.
    public static var header: [String] { allCases.map(\.rawValue) }
}

/// One cell of the time series.
public enum MetricValue: Equatable, Sendable, CustomStringConvertible {
    case integer(Int)
    case real(Double)
    case text(String)
    /// Undefined this row (for example a mean over nobody): an empty CSV cell, which
    /// pandas and polars read as missing and R as NA.
    case missing

    public var description: String {
        switch self {
        case .integer(let x): return String(x)
        case .real(let x): return x.isFinite ? String(x) : ""
        case .text(let x): return x
        case .missing: return ""
        }
    }

    /// The value as a Double, when it is a number.
    public var number: Double? {
        switch self {
        case .integer(let x): return Double(x)
        case .real(let x): return x
        default: return nil
        }
    }
}

/// One row of the time series.
public struct Observation: Equatable, Sendable {
    /// Values in `TimeSeriesColumn.allCases` order.
    public var values: [MetricValue]

    public init(values: [MetricValue]) {
        precondition(values.count == TimeSeriesColumn.allCases.count)
        self.values = values
    }

    public subscript(_ column: TimeSeriesColumn) -> MetricValue {
        values[TimeSeriesColumn.allCases.firstIndex(of: column)!]
    }
}
