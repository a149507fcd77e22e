import Foundation
import SCModel
import SCNetwork
import SCRandom

/// Collective refusal's threshold rule (`RefusalRule`, MODEL.md 7.14) against Granovetter
/// (1978) and Watts (2002).
enum RefusalChecks {
    /// One point of Watts's Figure 1: mean degree z, the share of single random seeds that
    /// set off a global cascade, and the mean size of those cascades.
    struct CascadePoint: Sendable {
        var meanDegree: Double
        var frequency: Estimate
        var globalSize: Double?
    }

    /// Granovetter's riot: thresholds 0, 1, ..., 99 (counts of the other 99) on a complete
    /// graph of 100; everyone joins. Raise the threshold 1 to 2 and only the instigator does.
    static func granovetter(_ c: ValidationConfiguration) -> [ValidationCheck] {
        var complete = FriendshipGraph(nodeCount: 100, reservedDegree: 99)
        for a in 0..<100 { for b in (a + 1)..<100 { complete.addEdge(a, b) } }
        var thresholds = (0..<100).map { Double($0) / 99 }
        let riot = RefusalRule.cascade(complete, thresholds: thresholds, seeds: []).resisting.filter { $0 }.count
        thresholds[1] = 2.0 / 99
        let calm = RefusalRule.cascade(complete, thresholds: thresholds, seeds: []).resisting.filter { $0 }.count
        let source = "Granovetter 1978, the riot of 100 with uniform thresholds"
        return [
            .agreement(id: "refusal.granovetter.uniform", title: "Threshold rule: thresholds 0..99 on a complete graph of 100, resisters",
                       reference: 100, source: source, measured: Estimate([Double(riot)]), allowance: 0.5,
                       note: "deterministic, a whole count: within 0.5 means exactly 100"),
            .agreement(id: "refusal.granovetter.gap", title: "Threshold rule: the threshold 1 raised to 2, resisters",
                       reference: 1, source: source, measured: Estimate([Double(calm)]), allowance: 0.5,
                       note: "deterministic, a whole count: within 0.5 means only the instigator (threshold 0)"),
        ]
    }

    /// Watts (2002): random graphs of `wattsNodes` nodes, every threshold 0.18, one random
    /// seed. Global cascades (at least `wattsGlobalShare` of the nodes) are frequent inside
    /// the cascade window (about 1 < z < 5.8 for an infinite graph; finite graphs push the
    /// upper edge higher) and absent well outside it.
    static func watts(_ c: ValidationConfiguration, points: inout [CascadePoint]) -> [ValidationCheck] {
        let n = c.wattsNodes, phi = 0.18
        points = c.wattsMeanDegrees.enumerated().map { index, z in
            let outcomes = Realisations.run(count: c.wattsRuns, threads: c.threads) { r -> Double in
                let random = RandomStream(seed: Realisations.seed(c.seed, tag: 40 + UInt64(index), index: r))
                let graph = ErdosRenyi.generate(nodeCount: n, meanDegree: z, random: random)
                let seed = random.uniformInt(n)
                let end = RefusalRule.cascade(graph, thresholds: [Double](repeating: phi, count: n), seeds: [seed])
                return Double(end.resisting.filter { $0 }.count) / Double(n)
            }
            let global = outcomes.filter { $0 >= c.wattsGlobalShare }
            return CascadePoint(meanDegree: z, frequency: frequency(successes: global.count, trials: outcomes.count),
                                globalSize: global.isEmpty ? nil : global.reduce(0, +) / Double(global.count))
        }
        let source = "Watts 2002, Figure 1 (phi = 0.18)"
        // The standard error is Agresti and Coull's (successes + 2 over trials + 4), which
        // stays above 0 when no seed (or every seed) cascades, unlike the plain one.
        let note = "\(c.wattsRuns) graphs of \(n) nodes per z, one random seed each; a cascade is global when it reaches \(Format.number(100 * c.wattsGlobalShare))% of the nodes; 3.5 SE (Agresti-Coull)"
        return points.compactMap { point in
            let z = Format.number(point.meanDegree)
            if c.wattsInsideWindow.contains(point.meanDegree) {
                return .above(id: "refusal.watts.z\(z)", title: "Global cascade frequency inside the window, z = \(z)",
                              bound: c.wattsInsideBound, published: "> \(Format.number(c.wattsInsideBound)) (inside 1 < z < 5.8)",
                              source: source, measured: point.frequency, note: note)
            }
            if c.wattsOutsideWindow.contains(point.meanDegree) {
                return .below(id: "refusal.watts.z\(z)", title: "Global cascade frequency outside the window, z = \(z)",
                              bound: c.wattsOutsideBound, published: "< \(Format.number(c.wattsOutsideBound)) (outside the window)",
                              source: source, measured: point.frequency, note: note)
            }
            return nil
        }
    }

    /// The share of trials that succeeded, with Agresti and Coull's standard error
    /// sqrt(p (1 - p) / (n + 4)), p = (k + 2) / (n + 4).
    static func frequency(successes k: Int, trials n: Int) -> Estimate {
        let p = Double(k + 2) / Double(n + 4)
        return Estimate(mean: Double(k) / Double(n), standardError: (p * (1 - p) / Double(n + 4)).squareRoot(), count: n)
    }
}
