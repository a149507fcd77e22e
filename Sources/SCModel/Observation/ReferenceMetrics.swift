/// The reference model's time-series columns (MODEL.md 7.11), declared once each: name,
/// label, unit, definition, cost, type and the code that computes it from a `ReferenceRow`.
///
/// The first block is shared/MODEL.md's table, in its order; extra columns follow it. The
/// CSV header, the manifest, the sweep database and `docs/COLUMNS.md` all come from this
/// list. Never rename or reorder a column: tools read the CSV by name and by position.
public enum ReferenceMetrics {
    public typealias M = Metric<ReferenceRow>

    private static func score(_ name: String, _ label: String, _ definition: String, _ pick: @escaping @Sendable (ScoreDistribution) -> Double) -> M {
        M(name, label: label, unit: "points", definition) { row in row.scores.map { .real(pick($0)) } ?? .missing }
    }

    private static func share(_ name: String, _ label: String, _ definition: String, _ count: @escaping @Sendable (ReferenceRow) -> Int) -> M {
        M(name, label: label, unit: "share of all citizens", definition) { row in .real(Double(count(row)) / Double(row.citizens)) }
    }

    private static func count(_ name: String, _ label: String, _ definition: String, _ value: @escaping @Sendable (ReferenceRow) -> Int) -> M {
        M(name, label: label, unit: "count per step", definition, type: .integer) { row in .integer(value(row)) }
    }

    /// Every column, in CSV order.
    public static let standard: [M] = [
        M("step", label: "step", unit: "weeks", "Step number, from 0 (one step is one week).", type: .integer) { .integer($0.step) },
        share("enrolled_frac", "enrolled citizens", "Enrolled citizens / N.") { $0.enrolled },
        score("score_mean", "mean score", "Mean score of enrolled citizens.") { $0.mean },
        score("score_sd", "score standard deviation", "Population standard deviation of enrolled citizens' scores.") { $0.standardDeviation },
        score("score_p10", "10th percentile score", "10th percentile of enrolled citizens' scores (linear interpolation).") { $0.p10 },
        score("score_p50", "median score", "Median of enrolled citizens' scores (linear interpolation).") { $0.p50 },
        score("score_p90", "90th percentile score", "90th percentile of enrolled citizens' scores (linear interpolation).") { $0.p90 },
        M("score_gini", label: "score Gini coefficient", unit: "0 = equal, 1 = unequal",
          "Gini coefficient of enrolled citizens' scores.") { row in row.scores.map { .real($0.gini) } ?? .missing },
        M("benefit_frac", label: "in benefit tier", unit: "share of enrolled",
          "Enrolled citizens in the benefit tier (score >= tiers.benefitThreshold) / enrolled citizens.") { ReferenceRow.fraction($0.benefit, $0.enrolled) },
        M("penalty_frac", label: "in penalty tier", unit: "share of enrolled",
          "Enrolled citizens in the penalty tier (score < tiers.penaltyThreshold while penalties are on) / enrolled citizens.") {
            ReferenceRow.fraction($0.penalty, $0.enrolled)
        },
        M("approved_purchase_frac", label: "approved purchases", unit: "share of visible purchases",
          "Visible purchases of goods with approval a_c > 0 / visible purchases, all citizens, fakes included.") {
            ReferenceRow.fraction($0.tally.approvedPurchases, $0.tally.visiblePurchases)
        },
        M("disapproved_purchase_frac", label: "disapproved purchases", unit: "share of visible purchases",
          "Visible purchases of goods with approval a_c < 0 / visible purchases.") {
            ReferenceRow.fraction($0.tally.disapprovedPurchases, $0.tally.visiblePurchases)
        },
        count("hidden_purchases", "hidden (black-market) purchases", "Purchases evaders hid from the score this step.") { $0.tally.hiddenPurchases },
        count("fake_purchases", "fake purchases", "Fake approved purchases padders added this step.") { $0.tally.fakePurchases },
        count("fake_posts", "spam posts", "Fake approving posts padders added this step.") { $0.tally.fakePosts },
        M("dissent_post_frac", label: "dissent posts", unit: "share of genuine posts",
          "Genuine posts expressing dissent / genuine posts this step.") { $0.dissentShare },
        M("opinion_mean", label: "mean private dissent", unit: "opinion, 0 to 1",
          "Mean private dissent o_i over all citizens.") { .real($0.opinionMean) },
        M("falsification_gap", label: "falsification gap (private - public dissent)", unit: "opinion minus share",
          "opinion_mean - dissent_post_frac: how much dissent citizens hold back.") { row in
            row.dissentShare.number.map { .real(row.opinionMean - $0) } ?? .missing
        },
        M("edges", label: "friendship ties", unit: "count", "Ties in the friendship graph after this step.", type: .integer) { .integer($0.edges) },
        M("mean_degree", label: "mean number of friends", unit: "friends per citizen", "2 x edges / N.") {
            .real(2 * Double($0.edges) / Double($0.citizens))
        },
        M("clustering_avg", label: "clustering", unit: "mean local coefficient",
          "Mean local clustering coefficient over all citizens; a citizen with fewer than 2 friends counts as 0. Exact, or estimated from sampled wedges (see network_metrics).",
          cost: .sampled) { row in row.network.map { .real($0.clustering) } ?? .missing },
        M("transitivity", label: "transitivity", unit: "coefficient",
          "3 x triangles / connected triples (open and closed wedges). Exact or sampled (see network_metrics). Confounded by collusion rings: a ring is a clique that drift never thins, so rings dominate it (one 22-member ring moved a replicate from 0.11 to 0.25); transitivity_noring (group unconfounded) leaves ring ties out.",
          cost: .sampled) { row in row.network.map { .real($0.transitivity) } ?? .missing },
        M("score_assortativity", label: "score assortativity", unit: "correlation across ties",
          "Pearson correlation of scores across the two ends of ties between enrolled citizens.") { row in
            row.assortativity.map { .real($0) } ?? .missing
        },
        M("components", label: "connected components", unit: "count",
          "Connected components of the friendship graph, isolated citizens included (always exact).", cost: .network, type: .integer) { row in
            row.network.map { .integer($0.components) } ?? .missing
        },
        M("giant_frac", label: "giant component", unit: "share of all citizens",
          "Citizens in the largest connected component / N.", cost: .network) { row in
            row.network.map { .real(Double($0.largestComponent) / Double(row.citizens)) } ?? .missing
        },
        share("isolated_frac", "isolated citizens", "Citizens with no friend / N.") { $0.isolated },
        M("low_isolated_frac", label: "low scorers with no friends", unit: "share of bottom decile",
          "Share of the bottom score decile of enrolled citizens (the max(1, floor(n/10)) lowest, ties by citizen id) with no friend. Confounded by the friend term: with the default score.friendless: mean a friendless citizen is scored as if its friends were average, which lifts it out of the bottom decile (the shipped ostracism run shows isolation peaking in score deciles 2-4); low_behaviour_isolated_frac (group unconfounded) ranks by behaviour b_i instead.") {
            $0.lowIsolated
        },
        M("low_degree_ratio", label: "low scorers' friends vs average", unit: "degree ratio",
          "Mean degree of the bottom score decile / mean degree of all enrolled citizens.") { $0.lowDegreeRatio },
        count("ties_added", "ties added", "Ties added this step (proposals, triadic closure, ring joins).") { $0.tiesAdded },
        count("ties_removed", "ties removed", "Ties removed this step (drift, unfriending, leaving a ring).") { $0.tiesRemoved },
        share("padder_frac", "padders (fake purchases and posts)", "Citizens whose strategy is padder / N (enrolled or not).") { $0.padders },
        share("evader_frac", "evaders (hide purchases)", "Citizens whose strategy is evader / N.") { $0.evaders },
        share("colluder_frac", "colluders (rings)", "Citizens whose strategy is colluder / N.") { $0.colluders },
        count("audits", "audits", "Audits of enrolled citizens this step.") { $0.tally.audits },
        count("caught", "caught by audit", "Audited gamers caught this step.") { $0.tally.caught },
        M("gamer_score_premium", label: "gamers' score premium over honest", unit: "points",
          "Mean score of enrolled gamers (padders, evaders, colluders) - mean score of enrolled honest citizens; empty when either group is empty.") { row in
            row.gamers > 0 && row.honest > 0
                ? .real(row.gamerScoreSum / Double(row.gamers) - row.honestScoreSum / Double(row.honest)) : .missing
        },
        // Extra columns, after MODEL.md's table.
        M("network_metrics", label: "network columns", unit: "exact, sampled or skipped",
          "How this row's network columns were computed: exact, sampled (clustering and transitivity from random wedges), or skipped (empty cells).",
          type: .text) { row in .text(row.network.map { $0.sampled ? "sampled" : "exact" } ?? "skipped") },
        count("adopted", "voluntary enrolments", "Citizens who enrolled voluntarily this step.") { $0.tally.adopted },
        count("visible_purchases", "visible purchases", "Visible purchases this step (the denominator of the purchase fractions).") { $0.tally.visiblePurchases },
        count("genuine_posts", "genuine posts", "Genuine posts this step (the denominator of dissent_post_frac).") { $0.tally.genuinePosts },
        M("clustering_avg_se", label: "clustering standard error", unit: "mean local coefficient",
          "Standard error of clustering_avg: 0 when exact, empty when skipped.", cost: .sampled) { row in
            row.network.map { .real($0.sampled ? $0.clusteringSE : 0) } ?? .missing
        },
        M("transitivity_se", label: "transitivity standard error", unit: "coefficient",
          "Standard error of transitivity: 0 when exact, empty when skipped.", cost: .sampled) { row in
            row.network.map { .real($0.sampled ? $0.transitivitySE : 0) } ?? .missing
        },
    ]
}
