/// The `sybils` column group (MODEL.md 7.19): written whenever `sybils.capacity` > 0.
/// Sybils are never counted in any other column; these are theirs.
public enum SybilMetrics {
    public typealias M = Metric<ReferenceRow>

    public static let group = MetricGroup(
        name: "sybils",
        summary: "sybil farms: sybils alive, created, sold and caught, their ties and scores, and their buyers' score premium",
        metrics: [
            M("sybils_alive", label: "sybils alive", unit: "count", "Live sybils (open fake accounts in the reserved slots) after this step.", type: .integer) { row in
                let pop = row.simulation.population
                var n = 0
                for s in pop.sybilSlots where pop.enrolled[s] != 0 { n += 1 }
                return .integer(n)
            },
            M("sybils_created", label: "sybils created", unit: "count per step", "Sybils vendors created this step.", type: .integer) { row in
                .integer(row.simulation.sybilTally.created)
            },
            M("sybils_sold", label: "sybil friendships sold", unit: "count per step",
              "Ties between a buyer and a sybil sold this step (each brings the buyer the referral bonus once).", type: .integer) { row in
                .integer(row.simulation.sybilTally.sold)
            },
            M("sybils_caught", label: "sybils caught", unit: "count per step", "Sybils caught and closed this step (their ties removed).", type: .integer) { row in
                .integer(row.simulation.sybilTally.caught)
            },
            M("sybil_ties", label: "ties to sybils", unit: "count", "Ties between a citizen and a live sybil standing after this step.", type: .integer) { row in
                .integer(row.sybilFriendships.ties)
            },
            M("sybil_friend_frac", label: "citizens with a sybil friend", unit: "share of citizens",
              "Citizens with at least one sybil friend after this step / citizens.") { row in
                let n = row.simulation.population.count
                return n > 0 ? .real(Double(row.sybilFriendships.citizens) / Double(n)) : .missing
            },
            M("sybil_score_mean", label: "mean sybil score", unit: "points", "Mean score of live sybils after this step; empty without any.") { row in
                let pop = row.simulation.population
                var sum = 0.0, n = 0
                for s in pop.sybilSlots where pop.enrolled[s] != 0 { sum += pop.score[s]; n += 1 }
                return n > 0 ? .real(sum / Double(n)) : .missing
            },
            M("sybil_revenue", label: "paid to vendors", unit: "money per step", "Money buyers paid vendors for sybil friends this step (it leaves the economy).") { row in
                .real(row.simulation.sybilTally.paid)
            },
            M("sybil_buyer_premium", label: "sybil buyers' score premium", unit: "points",
              "Mean score of enrolled citizens with a sybil friend - mean score of enrolled honest citizens with none, after this step; empty when either is empty.") { row in
                row.simulation.sybilBuyerPremium().map(MetricValue.real) ?? .missing
            },
        ])
}

extension ReferenceRow {
    /// Citizen-sybil ties and citizens with a sybil friend, counted once per row.
    var sybilFriendships: (ties: Int, citizens: Int) {
        if let known = shared.sybilFriendships { return known }
        let value = simulation.sybilFriendships()
        shared.sybilFriendships = value
        return value
    }
}

extension Simulation {
    /// Mean score of enrolled citizens with a sybil friend minus that of enrolled honest
    /// citizens with none; nil when either group is empty.
    func sybilBuyerPremium() -> Double? {
        let pop = population
        let friends = sybilFriendCounts()
        guard !friends.isEmpty else { return nil }
        var buyers = 0.0, b = 0, honest = 0.0, h = 0
        for i in 0..<pop.count where pop.enrolled[i] != 0 {
            if friends[i] > 0 {
                buyers += pop.score[i]; b += 1
            } else if pop.strategy[i] == Strategy.honest.rawValue {
                honest += pop.score[i]; h += 1
            }
        }
        return b > 0 && h > 0 ? buyers / Double(b) - honest / Double(h) : nil
    }
}
