import SCRandom

/// MODEL.md 7.16: wages, wealth, and a budget nobody can overspend.
public enum MoneyRule {
    /// Brings a basket costing `cost` within `wealth`: all black-market purchases go first
    /// (the dearest way to buy), then visible purchases one at a time from the dearest
    /// category (the later in the catalogue on equal prices), until the rest is affordable.
    /// Updates `cost`, `hidden`, `hiddenCost` and `counts`; returns the purchases forgone.
    @inlinable
    public static func forgo(cost: inout Double, wealth: Double, hidden: inout Int, hiddenCost: inout Double,
                             counts: UnsafeMutablePointer<UInt32>, price: UnsafePointer<Double>,
                             dearestFirst: UnsafePointer<Int>, count k: Int) -> Int {
        var forgone = 0
        if cost > wealth && hidden > 0 {
            cost -= hiddenCost
            forgone += hidden
            hidden = 0
            hiddenCost = 0
        }
        var rank = 0
        while cost > wealth && rank < k {
            let c = dearestFirst[rank]
            if counts[c] == 0 || price[c] <= 0 { rank += 1; continue }
            // As many of this category as it takes, at once.
            let needed = Int(((cost - wealth) / price[c]).rounded(.up))
            let drop = min(Int(counts[c]), max(1, needed))
            counts[c] -= UInt32(drop)
            cost -= Double(drop) * price[c]
            forgone += drop
        }
        // Rounding may leave a sliver above the wealth when everything went.
        if cost < 0 || (cost > wealth && rank >= k) { cost = min(max(0, cost), wealth) }
        return forgone
    }

    /// The Gini coefficient of non-negative values sorted ascending:
    /// sum_i (2i - n - 1) x_i / (n sum x), i from 1; 0 when all are 0.
    public static func gini(sorted x: [Double]) -> Double {
        let n = x.count
        var sum = 0.0, weighted = 0.0
        for (i, v) in x.enumerated() {
            sum += v
            weighted += Double(2 * (i + 1) - n - 1) * v
        }
        return sum > 0 ? weighted / (Double(n) * sum) : 0
    }
}

/// Money moved during one step in one block (7.16-7.18), added in block order.
public struct MoneyTally: Equatable, Sendable {
    /// Wages paid into wealth.
    public var wages = 0.0
    /// Money spent on goods (visible, black-market, faked and the thieves' purchases).
    public var spending = 0.0
    /// Purchases forgone for want of money.
    public var forgone = 0
    /// Disapproved purchases thieves made in victims' names.
    public var theftPurchases = 0
    /// Money buyers paid for ties, and the part of it thieves took (sold a stolen account's ties).
    public var marketPaid = 0.0
    public var paidToThieves = 0.0

    public init() {}

    mutating func add(_ o: MoneyTally) {
        wages += o.wages; spending += o.spending; forgone += o.forgone; theftPurchases += o.theftPurchases
        marketPaid += o.marketPaid; paidToThieves += o.paidToThieves
    }
}

extension Simulation {
    /// Draws every citizen's weekly wage and starting wealth when money is on: one
    /// lognormal per citizen on the initial-wages stream (so no other draw moves).
    func drawWages() {
        let pop = population
        guard pop.wage.count > 0 else { return }
        let p = parameters
        runner.forEachBlock(step: StreamKey.initialisationStep, phase: .initialWages) { ctx in
            for i in ctx.citizens {
                let w = ctx.random.lognormal(mu: p.wageMu, sigma: p.wageSigma)
                pop.wage[i] = w
                pop.wealth[i] = w * p.initialWealthWeeks
            }
        }
    }

    /// The step's money flows, summed over the blocks in block order.
    public var moneyTally: MoneyTally {
        var total = MoneyTally()
        for b in 0..<runner.blockCount { total.add(moneyTallies[b]) }
        return total
    }
}
