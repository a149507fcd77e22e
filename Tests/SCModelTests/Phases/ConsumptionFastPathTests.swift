import Testing
import SCRandom
@testable import SCModel

/// `ConsumptionRule.category(of:cumulative:count:)`, the branchless categorical draw (a
/// count of the first K - 1 cumulative weights that u reaches, by sign bits), against the
/// plain rule: the first category whose cumulative weight exceeds u, the last when none
/// does. Exact (the same index) for random weights with zeros among them, and for u at,
/// just below and just above every cumulative weight, 0 and just below the total.
struct ConsumptionFastPathTests {
    static func plainCategory(of u: Double, cumulative: [Double]) -> Int {
        cumulative.firstIndex { $0 > u } ?? cumulative.count - 1
    }

    @Test func categoryEqualsTheFirstSumAboveU() {
        let r = RandomStream(seed: 77)
        var compared = 0
        for _ in 0..<2_000 {
            let k = 1 + r.uniformInt(10)
            let weights = (0..<k).map { _ in r.uniform() < 0.2 ? 0 : r.uniform() }
            var cumulative = [Double](repeating: 0, count: k)
            let total = weights.withUnsafeBufferPointer { w in
                cumulative.withUnsafeMutableBufferPointer { ConsumptionRule.cumulate(w.baseAddress!, into: $0.baseAddress!, count: k) }
            }
            var us = [0, total.nextDown, 0.5 * total]
            for c in cumulative { us += [c, c.nextDown, c.nextUp] }
            for _ in 0..<20 { us.append(r.uniform() * total) }
            for u in us where u >= 0 && u < total {
                let fast = cumulative.withUnsafeBufferPointer { ConsumptionRule.category(of: u, cumulative: $0.baseAddress!, count: k) }
                let plain = Self.plainCategory(of: u, cumulative: cumulative)
                #expect(fast == plain, "u \(u), cumulative \(cumulative)")
                // And a category drawn always has weight (for u below the total).
                #expect(weights[fast] > 0 || total == 0, "u \(u) drew an empty category of \(weights)")
                compared += 1
            }
        }
        #expect(compared > 50_000)
    }
}
