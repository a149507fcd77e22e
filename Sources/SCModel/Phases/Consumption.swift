#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

import SCRandom

/// MODEL.md 7.2: what citizens buy, what the score sees of it, and how they game it.
public enum ConsumptionRule {
    /// The largest mean number of purchases of one citizen in one step: lambda_i m_inc is
    /// capped here. lambda_i is lognormal, so a wide `population.buyRate.sigma` or a large
    /// mu gives a few citizens astronomical means, whose Poisson counts overflowed the
    /// multinomial's 32-bit trials (a trap) or hung GSL's sampler (issue 13). At the
    /// default parameters a mean above 10^6 is a 25-sigma event, so no run changes.
    public static let maximumMeanPurchases = 1e6

    /// Unnormalised category probabilities theta_ic * exp(v_ic * a_c), where v_ic is the
    /// incentive v_i = beta_buy * s_i * e_i, except that an enrolled evader uses v = 0 for
    /// disapproved categories (it buys those by taste and hides them instead).
    @inlinable
    public static func categoryWeights(taste: UnsafePointer<Double>, approvals: UnsafePointer<Double>, count: Int,
                                       incentive v: Double, evading: Bool, into weights: UnsafeMutablePointer<Double>) {
        for c in 0..<count {
            let a = approvals[c]
            let tilt = (evading && a < 0) ? 0 : v * a
            weights[c] = taste[c] * exp(tilt)
        }
    }

    /// Counts ~ Multinomial(trials; weights / sum weights), written into `counts`.
    ///
    /// For a few purchases (at most 2K, the common case with a mean of 3) each purchase is
    /// one categorical draw (`category(of:cumulative:count:)`). For more, GSL's
    /// `gsl_ran_multinomial` (K conditional binomials). Both sample the same distribution;
    /// the first costs n uniforms instead of K binomial draws. `scratch` (K entries, may be
    /// `weights` itself) receives the cumulative weights.
    @inlinable
    public static func drawCounts(trials n: Int, weights: UnsafePointer<Double>, scratch: UnsafeMutablePointer<Double>, count k: Int,
                                  random r: RandomStream, into counts: UnsafeMutablePointer<UInt32>) {
        guard n <= 2 * k else {
            r.multinomial(trials: n, p: weights, into: counts, count: k)
            return
        }
        let total = cumulate(weights, into: scratch, count: k)
        for _ in 0..<n { counts[category(of: r.uniform() * total, cumulative: scratch, count: k)] += 1 }
    }

    /// Writes the running sums of `weights` into `cumulative` and returns the total.
    @inlinable @inline(__always)
    public static func cumulate(_ weights: UnsafePointer<Double>, into cumulative: UnsafeMutablePointer<Double>, count k: Int) -> Double {
        var sum = 0.0
        for c in 0..<k {
            sum += weights[c]
            cumulative[c] = sum
        }
        return sum
    }

    /// The category of one purchase: the first whose cumulative weight exceeds `u` (a
    /// uniform times the total). With weights >= 0 the sums never decrease, so that index
    /// is the number of the first K - 1 sums that u reaches. u >= w exactly when u - w has
    /// no sign bit (the difference of two unequal finite doubles is never zero): counted
    /// by arithmetic, since LLVM turned the comparison back into a branch that
    /// mispredicted on most purchases.
    @inlinable @inline(__always)
    public static func category(of u: Double, cumulative: UnsafePointer<Double>, count k: Int) -> Int {
        var c = 0
        for b in 0..<(k - 1) { c &+= 1 &- Int(truncatingIfNeeded: (u - cumulative[b]).bitPattern >> 63) }
        return c
    }

    /// P_i = sum_c a_c * visible_c / max(1, sum_c visible_c); 0 with no visible purchase.
    @inlinable
    public static func purchaseSignal(weightedApproval: Double, visible: Int) -> Double {
        visible > 0 ? weightedApproval / Double(visible) : 0
    }
}

extension Simulation {
    /// Phase 2. Draws order per citizen: number of purchases, multinomial split, hidden
    /// counts (enrolled evaders, disapproved categories in catalogue order), fakes
    /// (enrolled padders and colluders).
    func runConsumption(step t: Int) {
        let pop = population
        let p = parameters
        let goods = self.goods
        let k = goods.count
        let incomeBenefit = p.benefitIncome, incomePenalty = p.penaltyIncome
        let tallies = self.tallies
        let fakeDraw = PoissonMean(p.fakePurchaseRate)
        let a = goods.approval, approved = goods.approved, disapproved = goods.disapproved
        // Money and stolen accounts (7.16, 7.18): off unless their columns exist.
        let money = pop.wage.count > 0, theft = pop.compromised.count > 0
        let price = goods.price, dearestFirst = goods.dearestFirst
        let premium = 1 + p.blackMarketPremium
        let theftDraw = PoissonMean(p.theftPurchases)
        let moneyTallies = self.moneyTallies
        if !buyRateExpFilled {
            runner.forEachBlock(step: UInt64(t), phase: .consumption) { ctx in
                for i in ctx.citizens { pop.expMinusBuyRate[i] = exp(-pop.buyRate[i]) }
            }
            buyRateExpFilled = true
        }
        let kept = incentiveTilts
        kept?.keep(incentive: p.buyIncentive)
        runner.forEachBlock(step: UInt64(t), phase: .consumption) { ctx in
            let r = ctx.random
            let weights = ctx.scratch.weights, counts = ctx.scratch.counts, tilts = ctx.scratch.tilts
            var tally = tallies[ctx.block]
            var cash = moneyTallies[ctx.block]
            for i in ctx.citizens {
                let enrolled = pop.enrolled[i] != 0
                let tier = pop.tier[i]
                let income = tier == Tier.benefit.rawValue ? incomeBenefit : tier == Tier.penalty.rawValue ? incomePenalty : 1
                if money {
                    // The week's wage, by the tier's income factor (7.16).
                    let earned = pop.wage[i] * income
                    pop.wealth[i] += earned
                    cash.wages += earned
                }
                let stolen = theft && pop.compromised[i] != 0
                // At the usual income (1), e^-lambda_i comes from the column: the same
                // number exp(-lambda_i * 1) would give.
                let lambda = pop.buyRate[i]
                let n = income == 1 && lambda <= 10 ? r.poisson(mean: lambda, expMinusMean: pop.expMinusBuyRate[i])
                    : r.poisson(mean: min(lambda * income, ConsumptionRule.maximumMeanPurchases))
                let strategy = Strategy(rawValue: pop.strategy[i]) ?? .honest
                let evading = enrolled && strategy == .evader
                let pads = enrolled && strategy.pads
                let refusing = strategy == .resister
                guard n > 0 || pads || stolen else {
                    // Nothing bought, nothing faked: no visible purchase.
                    pop.purchaseSignal[i] = 0
                    pop.gamingActions[i] = 0
                    continue
                }
                // A resister ignores the incentive and buys no approved goods (7.14).
                let incentive = enrolled && !refusing ? p.buyIncentive * pop.sensitivity[i] : 0
                if money && !evading && !pads && !refusing && !stolen && n <= 2 * k {
                    // The common case with money (7.16): one draw per purchase as below,
                    // counted by category so that a basket too dear for the wealth can be cut.
                    let source = goods.weights(citizen: i, taste: pop.taste.base + i * k, incentive: incentive, evading: false,
                                               kept: kept, tilts: tilts, into: weights)
                    let total = ConsumptionRule.cumulate(source, into: weights, count: k)
                    for c in 0..<k { counts[c] = 0 }
                    var cost = 0.0
                    for _ in 0..<n {
                        let c = ConsumptionRule.category(of: r.uniform() * total, cumulative: weights, count: k)
                        counts[c] &+= 1
                        cost += price[c]
                    }
                    let wealth = pop.wealth[i]
                    if cost > wealth {
                        var noHidden = 0, noHiddenCost = 0.0
                        cash.forgone += MoneyRule.forgo(cost: &cost, wealth: wealth, hidden: &noHidden, hiddenCost: &noHiddenCost,
                                                        counts: counts, price: price, dearestFirst: dearestFirst, count: k)
                    }
                    pop.wealth[i] = max(0, wealth - cost)
                    cash.spending += cost
                    var visible = 0, weighted = 0.0
                    for c in 0..<k {
                        let count = Int(counts[c])
                        visible &+= count
                        weighted += a[c] * Double(count)
                        tally.approvedPurchases &+= count &* approved[c]
                        tally.disapprovedPurchases &+= count &* disapproved[c]
                    }
                    tally.visiblePurchases += visible
                    pop.purchaseSignal[i] = ConsumptionRule.purchaseSignal(weightedApproval: weighted, visible: visible)
                    pop.gamingActions[i] = 0
                    continue
                }
                if !evading && !pads && !refusing && !money && !stolen && n <= 2 * k {
                    // The common case (nothing hidden, nothing faked, a few purchases): each
                    // purchase goes straight into the signal and the tallies, no counts.
                    let source = goods.weights(citizen: i, taste: pop.taste.base + i * k, incentive: incentive, evading: false,
                                               kept: kept, tilts: tilts, into: weights)
                    let total = ConsumptionRule.cumulate(source, into: weights, count: k)
                    var weighted = 0.0, approvedCount = 0, disapprovedCount = 0
                    for _ in 0..<n {
                        let c = ConsumptionRule.category(of: r.uniform() * total, cumulative: weights, count: k)
                        weighted += a[c]
                        approvedCount &+= approved[c]
                        disapprovedCount &+= disapproved[c]
                    }
                    tally.visiblePurchases += n
                    tally.approvedPurchases &+= approvedCount
                    tally.disapprovedPurchases &+= disapprovedCount
                    pop.purchaseSignal[i] = weighted / Double(n)
                    pop.gamingActions[i] = 0
                    continue
                }
                for c in 0..<k { counts[c] = 0 }
                if n > 0 {
                    let source = goods.weights(citizen: i, taste: pop.taste.base + i * k, incentive: incentive, evading: evading,
                                               kept: kept, tilts: tilts, into: weights)
                    ConsumptionRule.drawCounts(trials: n, weights: source, scratch: weights, count: k, random: r, into: counts)
                }
                if refusing {
                    for c in 0..<k where approved[c] != 0 { counts[c] = 0 }
                }
                var hidden = 0
                // Hidden purchases by category, only kept when they cost money.
                var hiddenCost = 0.0
                if evading {
                    for c in 0..<k where a[c] < 0 && counts[c] > 0 {
                        let h = r.binomial(trials: Int(counts[c]), p: p.hideProbability)
                        counts[c] -= UInt32(h)
                        hidden += h
                        hiddenCost += Double(h) * price[c] * premium
                    }
                }
                var fakes = 0
                if pads {
                    fakes = fakeDraw.draw(r)
                    counts[goods.mostApproved] += UInt32(fakes)
                }
                if stolen {
                    // The thief buys disapproved goods in the victim's name (7.18).
                    let bought = theftDraw.draw(r)
                    counts[goods.leastApproved] += UInt32(bought)
                    cash.theftPurchases += bought
                }
                if money {
                    // Nobody spends what it does not have: forgo black-market goods first,
                    // then the dearest visible goods, one at a time (7.16).
                    var cost = hiddenCost
                    for c in 0..<k { cost += Double(counts[c]) * price[c] }
                    let wealth = pop.wealth[i]
                    if cost > wealth {
                        let forgone = MoneyRule.forgo(cost: &cost, wealth: wealth, hidden: &hidden, hiddenCost: &hiddenCost,
                                                      counts: counts, price: price, dearestFirst: dearestFirst, count: k)
                        cash.forgone += forgone
                    }
                    pop.wealth[i] = max(0, wealth - cost)
                    cash.spending += cost
                    fakes = min(fakes, Int(counts[goods.mostApproved]))
                }
                var visible = 0, weighted = 0.0
                for c in 0..<k {
                    let count = Int(counts[c])
                    visible &+= count
                    weighted += a[c] * Double(count)
                    tally.approvedPurchases &+= count &* approved[c]
                    tally.disapprovedPurchases &+= count &* disapproved[c]
                }
                tally.visiblePurchases += visible
                tally.hiddenPurchases += hidden
                tally.fakePurchases += fakes
                pop.purchaseSignal[i] = ConsumptionRule.purchaseSignal(weightedApproval: weighted, visible: visible)
                pop.gamingActions[i] = Int32(hidden + fakes)
            }
            tallies[ctx.block] = tally
            if money || theft { moneyTallies[ctx.block] = cash }
        }
    }
}

extension GoodsTable {
    /// One citizen's category weights theta_ic exp(v_ic a_c) (`ConsumptionRule.categoryWeights`):
    /// its taste itself when nothing tilts it (v = 0, outside the system or indifferent to
    /// the score: every factor would be exp(0) = 1), otherwise written into `weights`.
    /// exp(v a) is taken once per distinct approval value, not once per category, and not
    /// for a = 0 (exactly 1); an evader's disapproved categories keep their taste.
    ///
    /// With `kept` (`IncentiveTilts`), the citizen's tilts come from there, computed by
    /// `tilts(incentive:into:)` at its first use.
    @inline(__always)
    func weights(citizen i: Int, taste: UnsafePointer<Double>, incentive v: Double, evading: Bool, kept: IncentiveTilts?,
                 tilts: UnsafeMutablePointer<Double>, into weights: UnsafeMutablePointer<Double>) -> UnsafePointer<Double> {
        guard v != 0 else { return taste }
        let factors: UnsafePointer<Double>
        if let kept {
            factors = kept.tilts(of: i, incentive: v, goods: self)
        } else {
            self.tilts(incentive: v, into: tilts)
            factors = UnsafePointer(tilts)
        }
        for c in 0..<count { weights[c] = taste[c] * ((evading && approval[c] < 0) ? 1 : factors[distinctIndex[c]]) }
        return UnsafePointer(weights)
    }

    /// exp(v a_d) for each distinct approval value a_d, 1 where v a_d = 0.
    @inline(__always)
    func tilts(incentive v: Double, into tilts: UnsafeMutablePointer<Double>) {
        for d in 0..<distinctCount {
            let x = v * distinct[d]
            tilts[d] = x == 0 ? 1 : exp(x)
        }
    }
}

/// Purchases, hidden and faked (MODEL.md 7.2). An entry of `ReferencePhases.standard`.
public struct ConsumptionPhase: StepPhase {
    public init() {}
    public var name: String { "consumption" }
    public var stream: StreamID { Phase.consumption.streamID }
    public func run(_ simulation: Simulation, step: Int) { simulation.runConsumption(step: step) }
}
