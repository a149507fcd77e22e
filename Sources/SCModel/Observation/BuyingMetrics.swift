/// The `money` column group (MODEL.md 7.16): written with `money.enabled`.
public enum MoneyMetrics {
    public typealias M = Metric<ReferenceRow>

    public static let group = MetricGroup(
        name: "money",
        summary: "wages, spending and wealth: mean, Gini, purchases forgone for want of money",
        metrics: [
            M("wealth_mean", label: "mean wealth", unit: "money", "Mean wealth W_i over all citizens after this step.") { row in
                let w = row.simulation.population.wealth, n = row.simulation.population.count
                guard w.count > 0, n > 0 else { return .missing }
                var sum = 0.0
                for i in 0..<n { sum += w[i] }
                return .real(sum / Double(n))
            },
            M("wealth_gini", label: "wealth Gini", unit: "0 = equal, 1 = unequal",
              "Gini coefficient of wealth W_i over all citizens after this step: sum (2i - n - 1) W_(i) / (n sum W), W sorted ascending.") { row in
                let w = row.simulation.population.wealth, n = row.simulation.population.count
                guard w.count > 0 else { return .missing }
                return .real(MoneyRule.gini(sorted: row.simulation.rankedByWealth(enrolledOnly: false).wealth))
            },
            M("wages_paid", label: "wages paid", unit: "money per step", "Wages paid into wealth this step (w_i times the tier's income factor).") { row in
                .real(row.simulation.moneyTally.wages)
            },
            M("goods_spending", label: "spending on goods", unit: "money per step",
              "Money spent on goods this step: visible, black-market (price x (1 + money.blackMarketPremium)), faked, and thieves' purchases in victims' names.") { row in
                .real(row.simulation.moneyTally.spending)
            },
            M("purchases_forgone", label: "purchases forgone", unit: "count per step",
              "Purchases citizens wanted but could not pay for this step (black-market first, then the dearest goods).", type: .integer) { row in
                .integer(row.simulation.moneyTally.forgone)
            },
        ])
}

/// The `market` column group (MODEL.md 7.17): written whenever the market is scheduled.
public enum MarketMetrics {
    public typealias M = Metric<ReferenceRow>

    public static let group = MetricGroup(
        name: "market",
        summary: "the friendship market: trades, renewals, prices, bought ties, and buyers' score premium by wealth quintile",
        metrics: [
            M("market_trades", label: "ties bought", unit: "count per step", "New contracts this step.", type: .integer) { row in
                .integer(row.simulation.marketTally.trades)
            },
            M("market_renewals", label: "contracts renewed", unit: "count per step", "Contracts renewed at their end this step.", type: .integer) { row in
                .integer(row.simulation.marketTally.renewals)
            },
            M("market_price_mean", label: "mean price", unit: "money", "Mean price of this step's trades and renewals; empty without any.") { row in
                let t = row.simulation.marketTally
                let n = t.trades + t.renewals
                return n > 0 ? .real(t.priceSum / Double(n)) : .missing
            },
            M("market_contracts", label: "open contracts", unit: "count", "Contracts open after this step.", type: .integer) { row in
                .integer(row.simulation.contracts.count)
            },
            M("bought_tie_frac", label: "ties that were bought", unit: "share of ties",
              "Open contracts whose tie still stands / ties in the graph, after this step.") { row in
                let sim = row.simulation
                guard sim.graph.edgeCount > 0 else { return .missing }
                let standing = sim.graph.withAdjacency { adj in sim.contracts.filter { adj.listOf(Int($0.buyer), contains: Int($0.seller)) }.count }
                return .real(Double(standing) / Double(sim.graph.edgeCount))
            },
        ] + (0..<5).map { q in
            M("buyer_share_w\(q + 1)", label: "buyers in wealth quintile \(q + 1)", unit: "share of the quintile",
              "Enrolled citizens in wealth quintile \(q + 1) (1 poorest; by rank of wealth, ties by id) holding a bought tie / enrolled citizens in the quintile; empty when it is empty.") { row in
                row.buyersByWealthQuintile[q].share.map(MetricValue.real) ?? .missing
            }
        } + (0..<5).map { q in
            M("buyer_premium_w\(q + 1)", label: "buyers' score premium, wealth quintile \(q + 1)", unit: "points",
              "Among enrolled citizens in wealth quintile \(q + 1) (1 poorest; by rank of wealth, ties by id): mean score of those holding a bought tie - mean score of honest citizens holding none; empty when either is empty.") { row in
                row.buyersByWealthQuintile[q].premium.map(MetricValue.real) ?? .missing
            }
        })
}

/// The `theft` column group (MODEL.md 7.18): written whenever theft is scheduled.
public enum TheftMetrics {
    public typealias M = Metric<ReferenceRow>

    public static let group = MetricGroup(
        name: "theft",
        summary: "stolen accounts: held now, taken and recovered this step, victims' score loss, thieves' purchases and takings",
        metrics: [
            M("accounts_compromised", label: "accounts a thief holds", unit: "count", "Accounts held by a thief after this step.", type: .integer) { row in
                let c = row.simulation.population.compromised
                var n = 0
                for i in 0..<min(c.count, row.simulation.population.count) where c[i] != 0 { n += 1 }
                return .integer(n)
            },
            M("thefts", label: "accounts taken", unit: "count per step", "Accounts taken over this step.", type: .integer) { row in
                .integer(row.simulation.theftTally.thefts)
            },
            M("recoveries", label: "accounts recovered", unit: "count per step", "Accounts their owners recovered this step.", type: .integer) { row in
                .integer(row.simulation.theftTally.recoveries)
            },
            M("victim_score_loss_mean", label: "victims' score loss", unit: "points",
              "Mean over this step's recoveries of the score when the account was taken - the score when recovered; empty without recoveries.") { row in
                let t = row.simulation.theftTally
                return t.recoveries > 0 ? .real(t.lossSum / Double(t.recoveries)) : .missing
            },
            M("theft_purchases", label: "thieves' purchases", unit: "count per step",
              "Disapproved purchases thieves made in victims' names this step.", type: .integer) { row in
                .integer(row.simulation.moneyTally.theftPurchases)
            },
            M("paid_to_thieves", label: "money thieves took", unit: "money per step",
              "Money buyers paid this step for ties sold from stolen accounts (it leaves the economy).") { row in
                .real(row.simulation.marketTally.paidToThieves)
            },
        ])
}

extension ReferenceRow {
    /// `Simulation.buyersByWealthQuintile()`, computed once for the row's ten columns.
    var buyersByWealthQuintile: [(share: Double?, premium: Double?)] {
        if let known = shared.buyersByWealthQuintile { return known }
        let quintiles = simulation.buyersByWealthQuintile()
        shared.buyersByWealthQuintile = quintiles
        return quintiles
    }
}

extension Simulation {
    /// Per wealth quintile of enrolled citizens (ranked by wealth, ties by id): the share
    /// holding a bought tie, and their mean score minus that of honest citizens holding none (nil
    /// where a side is empty, and everywhere without the market or money).
    func buyersByWealthQuintile() -> [(share: Double?, premium: Double?)] {
        let pop = population
        guard pop.boughtTies.count > 0, pop.wealth.count > 0 else { return [(share: Double?, premium: Double?)](repeating: (nil, nil), count: 5) }
        let enrolled = rankedByWealth(enrolledOnly: true).citizens
        let n = enrolled.count
        return (0..<5).map { q in
            var buyers = 0.0, b = 0, others = 0.0, o = 0, all = 0
            for i in enrolled[(q * n / 5)..<((q + 1) * n / 5)].lazy.map(Int.init) {
                if pop.boughtTies[i] > 0 {
                    buyers += pop.score[i]; b += 1
                } else {
                    all += 1
                    if pop.strategy[i] == Strategy.honest.rawValue { others += pop.score[i]; o += 1 }
                }
            }
            return (share: b + all > 0 ? Double(b) / Double(b + all) : nil,
                    premium: b > 0 && o > 0 ? buyers / Double(b) - others / Double(o) : nil)
        }
    }

    /// The citizens (all, or the enrolled) ranked by wealth ascending, ties by id, and their
    /// wealth in that order. Requires the money columns.
    ///
    /// By the score ranking's bucket sort, split over the workers: for wealth that is never
    /// negative (the money rules keep it so) the order of the bit patterns is the order of
    /// the values, so this is the comparison sort it replaced (ten of them a row, one per
    /// quintile column, had made a money run at a million citizens four times as slow).
    /// Should a wealth ever carry a sign bit (negative, or -0.0), the comparison sort
    /// (`rankedByWealthComparing`) is used instead.
    func rankedByWealth(enrolledOnly: Bool) -> (citizens: [Int32], wealth: [Double]) {
        let pop = population, n = pop.count
        let wealth = pop.wealth.base
        var signed = false
        for i in 0..<n where wealth[i].sign == .minus { signed = true; break }
        guard !signed else { return rankedByWealthComparing(enrolledOnly: enrolledOnly) }
        let runner = self.runner
        wealthRanking.rank(count: n, workers: runner.threads, runWorkers: { body in runner.forEachWorker { w, _ in body(w) } },
                           score: UnsafePointer(wealth), include: enrolledOnly ? UnsafePointer(pop.enrolled.base) : nil)
        return (wealthRanking.citizens, wealthRanking.scores)
    }

    /// The same ranking by a comparison sort: the readable rule.
    func rankedByWealthComparing(enrolledOnly: Bool) -> (citizens: [Int32], wealth: [Double]) {
        let pop = population
        var ranked = (0..<pop.count).filter { !enrolledOnly || pop.enrolled[$0] != 0 }
        ranked.sort { pop.wealth[$0] != pop.wealth[$1] ? pop.wealth[$0] < pop.wealth[$1] : $0 < $1 }
        return (ranked.map { Int32($0) }, ranked.map { pop.wealth[$0] })
    }
}
