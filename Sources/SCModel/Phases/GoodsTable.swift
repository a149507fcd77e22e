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

    init(approvals: [Double]) {
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
    }

    deinit {
        approval.deallocate()
        approved.deallocate()
        disapproved.deallocate()
        distinctIndex.deallocate()
        distinct.deallocate()
    }
}
