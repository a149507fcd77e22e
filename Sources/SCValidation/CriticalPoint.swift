import SCRandom

/// The critical point of the adaptive voter model from the crossing of N^a S/N curves.
///
/// Holme and Newman's scaling form S = N^-a F(N^b (phi - phi_c)), with S the largest
/// community as a fraction of N (a size could not shrink as N^-0.61 at phi_c), makes
/// N^a S/N = F(N^b (phi - phi_c)) the same for every N at phi = phi_c: below it the larger
/// N has the larger N^a S/N (a giant community), above it the smaller. Each pair of
/// successive sizes gives one crossing, interpolated linearly between grid points; the
/// estimate is their mean, and its uncertainty the spread over bootstrap resamples of the
/// runs in every (N, phi) cell.
public struct CriticalPointEstimate: Sendable {
    /// The mean of the pair crossings.
    public var phiC: Double
    /// Bootstrap standard deviation of `phiC`.
    public var standardError: Double
    /// Crossing of each successive pair of sizes (nil when the curves do not cross).
    public var pairCrossings: [(small: Int, large: Int, phi: Double?)]
    /// The exponent a used.
    public var exponent: Double
}

public enum CriticalPoint {
    /// Holme and Newman's a.
    public static let exponent = 0.61

    /// The estimate from `samples[size][phi]` (S/N of each run), or nil if some pair does not cross.
    public static func estimate(sizes: [Int], phis: [Double], samples: [[[Double]]], resamples: Int, seed: UInt64) -> CriticalPointEstimate? {
        let means = samples.map { row in row.map { $0.reduce(0, +) / Double($0.count) } }
        let pairs = crossings(sizes: sizes, phis: phis, means: means)
        let found = pairs.compactMap(\.phi)
        guard found.count == pairs.count, !found.isEmpty else {
            return nil
        }
        let centre = found.reduce(0, +) / Double(found.count)
        // Bootstrap: resample each cell's runs with replacement.
        let random = RandomStream(key: StreamKey(seed: seed, step: 0, phase: 99, block: 0))
        var estimates: [Double] = []
        for _ in 0..<resamples {
            let resampled = samples.map { row in
                row.map { runs -> Double in
                    var sum = 0.0
                    for _ in runs.indices { sum += runs[random.uniformInt(runs.count)] }
                    return sum / Double(runs.count)
                }
            }
            let values = crossings(sizes: sizes, phis: phis, means: resampled).compactMap(\.phi)
            if values.count == pairs.count { estimates.append(values.reduce(0, +) / Double(values.count)) }
        }
        let spread = estimates.count > 1 ? Estimate(estimates).standardError * Double(estimates.count).squareRoot() : 0
        return CriticalPointEstimate(phiC: centre, standardError: spread, pairCrossings: pairs, exponent: exponent)
    }

    /// For each successive pair of sizes, the first phi (ascending) where the larger size's
    /// N^a S/N falls from above the smaller's to at or below it.
    static func crossings(sizes: [Int], phis: [Double], means: [[Double]]) -> [(small: Int, large: Int, phi: Double?)] {
        (0..<(sizes.count - 1)).map { s in
            let scaledSmall = means[s].map { $0 * pow(Double(sizes[s]), exponent) }
            let scaledLarge = means[s + 1].map { $0 * pow(Double(sizes[s + 1]), exponent) }
            let gap = zip(scaledLarge, scaledSmall).map { $0 - $1 }
            var crossing: Double?
            for i in 1..<gap.count where gap[i - 1] > 0 && gap[i] <= 0 {
                crossing = phis[i - 1] + (phis[i] - phis[i - 1]) * gap[i - 1] / (gap[i - 1] - gap[i])
                break
            }
            return (sizes[s], sizes[s + 1], crossing)
        }
    }
}
