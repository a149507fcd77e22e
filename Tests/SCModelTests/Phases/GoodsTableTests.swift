import Foundation
import Testing
import SCRandom
@testable import SCModel

/// `GoodsTable.weights` (the consumption phase's category weights: exp(v a) taken once per
/// distinct approval value and never for a = 0, the taste returned as it is when v = 0,
/// and the same weights from a citizen's kept tilts, `IncentiveTilts`)
/// against the readable rule of MODEL.md 7.2, theta_ic exp(v_ic a_c) with v_ic = 0 for an
/// enrolled evader's disapproved categories, written out here as a plain loop and also
/// taken from `ConsumptionRule.categoryWeights`.
///
/// Both are compared bit for bit (bit patterns, so that an infinite or NaN weight from an
/// extreme incentive must also match), before and after normalising by the sum. The fast
/// path's weights are unnormalised, as the rule's are; the phase normalises by drawing
/// u times the total (`ConsumptionRule.cumulate`).
struct GoodsTableTests {
    /// theta_ic exp(v_ic a_c), from MODEL.md 7.2 directly.
    static func plainWeights(taste: [Double], approvals: [Double], incentive v: Double, evading: Bool) -> [Double] {
        var weights: [Double] = []
        for c in 0..<approvals.count {
            let vc = evading && approvals[c] < 0 ? 0 : v
            weights.append(taste[c] * exp(vc * approvals[c]))
        }
        return weights
    }

    /// The phase's weights; with `kept`, from a store of tilts for citizen 1 of 3, asked
    /// twice (computed, then read back), the second answer returned.
    static func fastWeights(_ table: GoodsTable, taste: [Double], incentive v: Double, evading: Bool, kept: Bool = false) -> [Double] {
        let k = table.count
        var out = [Double](repeating: .nan, count: k), tilts = [Double](repeating: .nan, count: k)
        let store = kept ? IncentiveTilts(citizens: 3, goods: table, incentive: 1.5) : nil
        return taste.withUnsafeBufferPointer { t in
            out.withUnsafeMutableBufferPointer { w in
                tilts.withUnsafeMutableBufferPointer { s in
                    var result = table.weights(citizen: 1, taste: t.baseAddress!, incentive: v, evading: evading, kept: store,
                                               tilts: s.baseAddress!, into: w.baseAddress!)
                    if kept {
                        w.update(repeating: .nan)
                        result = table.weights(citizen: 1, taste: t.baseAddress!, incentive: v, evading: evading, kept: store,
                                               tilts: s.baseAddress!, into: w.baseAddress!)
                    }
                    return Array(UnsafeBufferPointer(start: result, count: k))
                }
            }
        }
    }

    static func ruleWeights(taste: [Double], approvals: [Double], incentive v: Double, evading: Bool) -> [Double] {
        var out = [Double](repeating: .nan, count: approvals.count)
        taste.withUnsafeBufferPointer { t in
            approvals.withUnsafeBufferPointer { a in
                out.withUnsafeMutableBufferPointer { w in
                    ConsumptionRule.categoryWeights(taste: t.baseAddress!, approvals: a.baseAddress!, count: approvals.count,
                                                    incentive: v, evading: evading, into: w.baseAddress!)
                }
            }
        }
        return out
    }

    static func normalised(_ w: [Double]) -> [Double] {
        let total = w.reduce(0, +)
        return w.map { $0 / total }
    }

    static func bits(_ w: [Double]) -> [UInt64] { w.map(\.bitPattern) }

    /// Catalogues: the default one (repeated values), one value for all, all distinct,
    /// zeros and a negative zero, a single category, and random ones.
    static func catalogues(random r: RandomStream) -> [[Double]] {
        var list: [[Double]] = [
            Good.defaultCatalogue.map(\.approval),
            [1, 1, 1],
            [0.9, -0.35, 0.1, -1, 0.6, 0.25, -0.8],
            [0, -0.0, 1, -1, 0],
            [-0.0, 0.5],
            [0.7],
            [-1, -1, -0.5, -0.5, 1],
        ]
        let palette: [Double] = [1, -1, 0, 0.6, -0.6, 0.3]
        for _ in 0..<40 {
            let k = 1 + r.uniformInt(12)
            // Half the catalogues from a small palette (many repeats), half from any value in [-1, 1].
            let fromPalette = r.uniform() < 0.5
            list.append((0..<k).map { _ in fromPalette ? palette[r.uniformInt(palette.count)] : 2 * r.uniform() - 1 })
        }
        return list
    }

    /// Incentives v = beta_buy s_i e_i for sensitivities drawn as the model draws them,
    /// plus 0 (outside the system), tiny, large and overflowing ones.
    static func incentives(random r: RandomStream) -> [Double] {
        let p = ModelParameters()
        var list: [Double] = [0, .leastNonzeroMagnitude, 1e-300, 1e-17, 1, 1.5, 37, 700, 800]
        for _ in 0..<30 { list.append(p.buyIncentive * r.gamma(shape: 2, scale: 0.5)) }
        return list
    }

    @Test func weightsEqualTheReadableRule() {
        let r = RandomStream(seed: 2024)
        var compared = 0
        for approvals in Self.catalogues(random: r) {
            let k = approvals.count
            let table = GoodsTable(approvals: approvals)
            let alpha = [Double](repeating: 1, count: k)
            for v in Self.incentives(random: r) {
                for trial in 0..<6 {
                    var taste = [Double](repeating: 0, count: k)
                    alpha.withUnsafeBufferPointer { a in
                        taste.withUnsafeMutableBufferPointer { t in r.dirichlet(alpha: a.baseAddress!, into: t.baseAddress!, count: k) }
                    }
                    // Now and then a category the citizen never buys.
                    if trial == 5 && k > 1 { taste[r.uniformInt(k)] = 0 }
                    for evading in [false, true] {
                        let fast = Self.fastWeights(table, taste: taste, incentive: v, evading: evading)
                        let kept = Self.fastWeights(table, taste: taste, incentive: v, evading: evading, kept: true)
                        #expect(Self.bits(kept) == Self.bits(fast), "kept tilts: \(approvals), v \(v), evading \(evading)")
                        let plain = Self.plainWeights(taste: taste, approvals: approvals, incentive: v, evading: evading)
                        let rule = Self.ruleWeights(taste: taste, approvals: approvals, incentive: v, evading: evading)
                        #expect(Self.bits(plain) == Self.bits(rule), "rule function against MODEL.md: \(approvals), v \(v), evading \(evading)")
                        #expect(Self.bits(fast) == Self.bits(plain), "approvals \(approvals), v \(v), evading \(evading): \(fast) != \(plain)")
                        #expect(Self.bits(Self.normalised(fast)) == Self.bits(Self.normalised(plain)))
                        compared += 1
                    }
                }
            }
        }
        #expect(compared > 5_000)
    }

    /// The table itself: each category's distinct index points at its own value, the
    /// flags follow the sign, and the most approved category is the first maximum.
    @Test func tableMatchesItsCatalogue() {
        let r = RandomStream(seed: 2025)
        for approvals in Self.catalogues(random: r) {
            let table = GoodsTable(approvals: approvals)
            #expect(table.count == approvals.count)
            for (c, a) in approvals.enumerated() {
                #expect(table.approval[c] == a)
                #expect(table.distinct[table.distinctIndex[c]] == a)
                #expect(table.approved[c] == (a > 0 ? 1 : 0) && table.disapproved[c] == (a < 0 ? 1 : 0))
            }
            let best = approvals.max()!
            #expect(table.mostApproved == approvals.firstIndex(of: best)!)
        }
    }
}
