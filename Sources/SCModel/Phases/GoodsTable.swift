/// The goods catalogue as the consumption phase reads it: per-category constants in raw
/// buffers, allocated once per run.
///
/// The phase touches these for every purchase of every citizen; Swift arrays captured by
/// the phase's closure would add bounds and uniqueness checks, and the two flags replace a
/// branch per category (approved? disapproved?) with a multiply-add.
final class GoodsTable {
    /// K, the number of categories.
    let count: Int
    /// a_c.
    let approval: UnsafeMutablePointer<Double>
    /// 1 where a_c > 0, else 0.
    let approved: UnsafeMutablePointer<Int>
    /// 1 where a_c < 0, else 0.
    let disapproved: UnsafeMutablePointer<Int>
    /// The distinct approval values, in catalogue order of first appearance.
    let distinct: UnsafeMutablePointer<Double>
    let distinctCount: Int
    /// Each category's index among the distinct values.
    let distinctIndex: UnsafeMutablePointer<Int>
    /// The most approved category (the first in catalogue order on ties): fakes go there.
    let mostApproved: Int
    /// The least approved category (the first on ties): a thief's purchases go there (7.18).
    let leastApproved: Int
    /// Prices, and the categories from dearest to cheapest (the later in the catalogue first
    /// on ties): a
    /// citizen short of money forgoes the dearest first (7.16).
    let price: UnsafeMutablePointer<Double>
    let dearestFirst: UnsafeMutablePointer<Int>

    init(approvals: [Double], prices: [Double]? = nil) {
        count = approvals.count
        let k = max(1, count)
        approval = .allocate(capacity: k)
        approved = .allocate(capacity: k)
        disapproved = .allocate(capacity: k)
        distinctIndex = .allocate(capacity: k)
        distinct = .allocate(capacity: k)
        var values: [Double] = []
        for a in approvals where !values.contains(a) { values.append(a) }
        distinctCount = values.count
        for (d, value) in values.enumerated() { distinct[d] = value }
        var best = 0
        for (c, a) in approvals.enumerated() {
            approval[c] = a
            approved[c] = a > 0 ? 1 : 0
            disapproved[c] = a < 0 ? 1 : 0
            distinctIndex[c] = values.firstIndex(of: a)!
            if a > approvals[best] { best = c }
        }
        mostApproved = best
        var worst = 0
        for (c, a) in approvals.enumerated() where a < approvals[worst] { worst = c }
        leastApproved = worst
        let prices = prices ?? [Double](repeating: 1, count: count)
        price = .allocate(capacity: k)
        dearestFirst = .allocate(capacity: k)
        for c in 0..<count { price[c] = prices[c] }
        for (rank, c) in (0..<count).sorted(by: { prices[$0] != prices[$1] ? prices[$0] > prices[$1] : $0 > $1 }).enumerated() {
            dearestFirst[rank] = c
        }
    }

    deinit {
        approval.deallocate()
        approved.deallocate()
        disapproved.deallocate()
        distinctIndex.deallocate()
        distinct.deallocate()
        price.deallocate()
        dearestFirst.deallocate()
    }
}
