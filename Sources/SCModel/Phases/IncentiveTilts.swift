#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Each citizen's tilts exp(v_i a_d) (MODEL.md 7.2) for the catalogue's distinct approval
/// values a_d, kept from step to step.
///
/// v_i = beta_buy s_i depends on a sensitivity drawn once and a parameter that changes
/// only by a timeline event, yet the consumption phase took three exponentials per
/// enrolled buyer every step for the same numbers (a fifth of the baseline's consumption
/// instructions). A citizen's tilts are computed at its first tilted purchase, by the same
/// expression (`GoodsTable.weights`), and read afterwards; a change of beta_buy empties
/// the store. So the weights, and the draws, are the same bits as without it.
///
/// It costs 8 bytes per citizen and distinct value (32 with the default catalogue), so it
/// is kept only while that stays within `byteLimit`: up to about half a million citizens
/// with the default catalogue, the sizes sweeps run at, where it costs a few megabytes.
/// Above, the phase computes the tilts as before and a run keeps its memory per citizen
/// (at a million citizens the store took peak memory from 347 to 380 MB).
final class IncentiveTilts {
    /// Distinct approval values (`GoodsTable.distinctCount`): entries per citizen.
    let stride: Int
    let count: Int
    /// Citizen i's tilts at `values + i * stride`; NaN in the first entry when not yet
    /// computed.
    let values: UnsafeMutablePointer<Double>
    /// The beta_buy the stored tilts were computed with.
    private(set) var incentive: Double

    /// The largest store kept, in bytes.
    static let byteLimit = 16 << 20

    /// A store for `citizens` citizens and `goods`' distinct approvals, or nil when it
    /// would exceed `byteLimit`.
    init?(citizens: Int, goods: GoodsTable, incentive: Double) {
        let stride = max(1, goods.distinctCount)
        guard citizens > 0, citizens <= IncentiveTilts.byteLimit / (8 * stride) else { return nil }
        self.stride = stride
        count = citizens
        values = .allocate(capacity: citizens * stride)
        values.initialize(repeating: .nan, count: citizens * stride)
        self.incentive = incentive
    }

    deinit {
        values.deallocate()
    }

    /// Empties the store when beta_buy is no longer the one its tilts were computed with.
    func keep(incentive beta: Double) {
        guard beta.bitPattern != incentive.bitPattern else { return }
        for i in 0..<count { values[i * stride] = .nan }
        incentive = beta
    }

    /// Citizen i's tilts for v = beta_buy s_i (v != 0), computed on first use.
    @inline(__always)
    func tilts(of i: Int, incentive v: Double, goods: GoodsTable) -> UnsafePointer<Double> {
        let own = values + i * stride
        if own[0].isNaN { goods.tilts(incentive: v, into: own) }
        return UnsafePointer(own)
    }
}
