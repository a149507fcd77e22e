/// The `detection` column group: each round of the authority's graph detector (MODEL.md
/// 7.12) scored against the truth, ring membership when the round ran. Written whenever
/// the detector is scheduled (`detection.every` > 0, at step 0 or by a timeline event),
/// or when `output.metrics` names it; the cells are empty on rows of steps without a round.
public enum DetectionMetrics {
    public typealias M = Metric<ReferenceRow>

    public static let group = MetricGroup(
        name: "detection",
        summary: "each round of the authority's graph detector against ring membership: precision, recall, F1, AUC, innocents flagged by score decile and degree",
        metrics: metrics)

    /// The round that ran at the end of `row`'s step, if any.
    static func round(_ row: ReferenceRow) -> DetectionRound? {
        guard let round = row.simulation.detectionRound, round.step == row.step else { return nil }
        return round
    }

    static func integer(_ name: String, label: String, unit: String = "count", _ definition: String,
                        _ value: @escaping @Sendable (DetectionRound) -> Int?) -> M {
        M(name, label: label, unit: unit, definition + " Empty on steps without a detection round.", type: .integer) { row in
            guard let round = round(row), let x = value(round) else { return .missing }
            return .integer(x)
        }
    }

    static func real(_ name: String, label: String, unit: String, _ definition: String,
                     _ value: @escaping @Sendable (DetectionRound) -> Double?) -> M {
        M(name, label: label, unit: unit, definition + " Empty on steps without a detection round.") { row in
            guard let round = round(row), let x = value(round) else { return .missing }
            return .real(x)
        }
    }

    public static let metrics: [M] = [
        integer("detection_flagged", label: "citizens flagged by the detector",
                "Citizens the detector flagged this round: members of peeled blocks above detection.densityThreshold, or the lowest-ranked detection.flagShare by SybilRank.") { $0.flagged },
        integer("detection_positives", label: "ring members at the round",
                "Citizens in a collusion ring when the round ran: the truth the round is scored against.") { $0.positives },
        integer("detection_true_positives", label: "ring members flagged", "Flagged citizens in a collusion ring.") { $0.truePositives },
        real("detection_precision", label: "detector precision", unit: "share of flagged",
             "Ring members flagged / citizens flagged; empty when nobody was flagged.") { $0.precision },
        real("detection_recall", label: "detector recall", unit: "share of ring members",
             "Ring members flagged / ring members; empty when there are none.") { $0.recall },
        real("detection_f1", label: "detector F1", unit: "harmonic mean",
             "2 x ring members flagged / (flagged + ring members): the harmonic mean of precision and recall, 0 when no ring member is flagged.") { $0.f1 },
        real("detection_auc", label: "detector ROC AUC", unit: "probability",
             "ROC AUC of the detector's ranking of all citizens against ring membership: the probability that a random ring member ranks more suspect than a random other citizen, ties counting 1/2. Peeling ranks by the first peel's removal order (later is more suspect), SybilRank by degree-normalised trust (lower is more suspect). Empty without both classes.") { $0.auc },
        integer("detection_blocks_found", label: "dense blocks found",
                "Peeling: blocks the repeated peel returned (at most detection.blocks); empty for SybilRank.") { $0.blocksFound },
        integer("detection_blocks_flagged", label: "dense blocks flagged",
                "Peeling: blocks whose density (ties / members) exceeded detection.densityThreshold; empty for SybilRank.") { $0.blocksFlagged },
        integer("detection_innocents", label: "innocents flagged",
                "Flagged citizens outside every ring (false positives), enrolled or not.") { $0.innocents },
        integer("detection_innocents_penalised", label: "innocents penalised",
                "Flagged enrolled citizens outside every ring: they lost detection.penalty points.") { $0.innocentsPenalised },
    ] + (0..<10).map { d in
        integer("detection_innocents_score_d\(d + 1)", label: "innocents penalised in score decile \(d + 1)",
                "Innocents penalised whose score before the penalty was in decile \(d + 1) (1 lowest) of enrolled citizens' scores: decile floor(10 x (enrolled scores strictly below) / enrolled), at most 10.") { $0.innocentsByScoreDecile[d] }
    } + DetectionRound.degreeBands.enumerated().map { k, band in
        let range = band.upper.map { $0 == band.lower ? "\(band.lower)" : "\(band.lower) to \($0)" } ?? "\(band.lower) or more"
        return integer("detection_innocents_deg\(band.label)", label: "innocents flagged with \(range) friends",
                       "Innocents flagged (enrolled or not) whose degree before any cut was \(range).") { $0.innocentsByDegree[k] }
    } + [
        real("detection_innocents_degree_ratio", label: "innocents' degree vs average", unit: "degree ratio",
             "Mean degree of the innocents flagged / mean degree of all citizens, before any cut; empty without innocents or ties.") { r in
            guard let d = r.innocentMeanDegree, r.meanDegree > 0 else { return nil }
            return d / r.meanDegree
        },
        integer("detection_ties_cut", label: "ties cut by the detector",
                "Ties among flagged citizens of one block removed by detection.cutTies (also counted in ties_removed).") { $0.tiesCut },
    ]
}
