/// The `informants` column group (MODEL.md 7.13): written whenever informants are
/// scheduled, or when `output.metrics` names it.
public enum InformantMetrics {
    public typealias M = Metric<ReferenceRow>

    public static let group = MetricGroup(
        name: "informants",
        summary: "informants' reports this step: reports, false reports, share of dissenters reported, reward points paid, mean caution",
        metrics: [
            M("informant_reports", label: "informants' reports", unit: "count",
              "Reports filed this step by enrolled citizens on friends (MODEL.md 7.13), true and false.", type: .integer) { row in
                .integer(row.simulation.informantTally.reports)
            },
            M("informant_false_reports", label: "false reports", unit: "count",
              "Reports this step on a friend who posted no dissent this step.", type: .integer) { row in
                .integer(row.simulation.informantTally.falseReports)
            },
            M("dissenters_reported_frac", label: "dissenters reported", unit: "share of dissenters",
              "Citizens who posted dissent this step and were reported by at least one friend / citizens who posted dissent this step; empty when nobody did.") { row in
                let t = row.simulation.informantTally
                return t.dissenters > 0 ? .real(Double(t.dissentersReported) / Double(t.dissenters)) : .missing
            },
            M("informant_rewards", label: "reward points paid", unit: "score points",
              "Points informants gained this step (informants.reward per report, less what the clamp at score.max kept back).") { row in
                .real(row.simulation.informantTally.rewardsPaid)
            },
            M("caution_mean", label: "mean caution", unit: "0-1",
              "Mean caution c_i over all citizens after this step: the memory of being reported that holds back dissent (MODEL.md 7.13).") { row in
                let pop = row.simulation.population
                guard pop.caution.count > 0 else { return .missing }
                var sum = 0.0
                // Citizens only: the column has an entry for every sybil slot too (7.19).
                for i in 0..<pop.count { sum += Double(pop.caution[i]) }
                return .real(sum / Double(pop.count))
            },
        ])
}

/// The `refusal` column group (MODEL.md 7.14): written with `refusal.enabled`, or when
/// `output.metrics` names it.
public enum RefusalMetrics {
    public typealias M = Metric<ReferenceRow>

    public static let group = MetricGroup(
        name: "refusal",
        summary: "collective refusal: resister share and new resisters this step (with it, the credit group: does the score still mean anything?)",
        metrics: [
            M("resister_frac", label: "resisters", unit: "share of citizens",
              "Citizens whose strategy is resister after this step / N: the cascade's size so far (MODEL.md 7.14).") { row in
                let pop = row.simulation.population
                var count = 0
                for i in 0..<pop.count where pop.strategy[i] == Strategy.resister.rawValue { count += 1 }
                return .real(pop.count > 0 ? Double(count) / Double(pop.count) : 0)
            },
            M("resisters_joined", label: "new resisters", unit: "count",
              "Citizens who started resisting this step: the seeds at refusal.start, then those whose threshold was reached.", type: .integer) { row in
                .integer(row.simulation.resistersJoined)
            },
        ])
}

/// The `credit` column group: what the score measures. Written with collective refusal or
/// money (MODEL.md 7.14, 7.16), or when `output.metrics` names it.
public enum CreditMetrics {
    public typealias M = Metric<ReferenceRow>

    public static let group = MetricGroup(
        name: "credit",
        summary: "what the score measures: its correlation with reliability (what a credit score is meant to measure) and with wealth",
        metrics: [
            M("score_reliability_corr", label: "score-reliability correlation", unit: "Pearson r",
              "Pearson correlation of score S_i with reliability r_i (the bill-paying probability a credit score is meant to measure) among enrolled citizens; empty with fewer than two or no variance.") { row in
                row.simulation.scoreCorrelation(with: row.simulation.population.reliability).map(MetricValue.real) ?? .missing
            },
            M("score_wealth_corr", label: "score-wealth correlation", unit: "Pearson r",
              "Pearson correlation of score S_i with wealth W_i among enrolled citizens (MODEL.md 7.16); empty without money, with fewer than two, or no variance.") { row in
                let wealth = row.simulation.population.wealth
                guard wealth.count > 0 else { return .missing }
                return row.simulation.scoreCorrelation(with: wealth).map(MetricValue.real) ?? .missing
            },
        ])
}

extension Simulation {
    /// Pearson's r of score with `other` among enrolled citizens (two passes, for
    /// accuracy), or nil with fewer than two or a constant variable.
    package func scoreCorrelation(with other: Column<Double>) -> Double? {
        let pop = population
        var n = 0, sumS = 0.0, sumR = 0.0
        for i in 0..<pop.count where pop.enrolled[i] != 0 { n += 1; sumS += pop.score[i]; sumR += other[i] }
        guard n > 1 else { return nil }
        let meanS = sumS / Double(n), meanR = sumR / Double(n)
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for i in 0..<pop.count where pop.enrolled[i] != 0 {
            let x = pop.score[i] - meanS, y = other[i] - meanR
            sxy += x * y; sxx += x * x; syy += y * y
        }
        guard sxx > 0, syy > 0 else { return nil }
        return sxy / (sxx * syy).squareRoot()
    }
}
