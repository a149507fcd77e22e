import Foundation
import SCVoter

/// The adaptive voter model against Holme and Newman (2006).
enum VoterChecks {
    /// The runs behind the voter checks, kept for the report.
    struct Data: Sendable {
        /// Community censuses at consensus for phi = 0.04, 0.458, 0.96 at `voterExtremeNodes`.
        var distributions: [(phi: Double, censuses: [CommunityCensus])] = []
        /// S/N per run: [size][phi][run].
        var scaling: [[[Double]]] = []
        var criticalPoint: CriticalPointEstimate?
    }

    static func runs(_ c: ValidationConfiguration, n: Int, phi: Double, count: Int, tag: UInt64) -> [CommunityCensus] {
        Realisations.run(count: count, threads: c.threads) { r in
            VoterExperiment(vertices: n, phi: phi).run(seed: Realisations.seed(c.seed, tag: tag, index: r)).communities
        }
    }

    /// phi = 0.04: one giant community; phi = 0.96: communities of about N/G.
    static func extremes(_ c: ValidationConfiguration, data: inout Data) -> [ValidationCheck] {
        let n = c.voterExtremeNodes
        var checks: [ValidationCheck] = []
        var distributions: [(phi: Double, censuses: [CommunityCensus])] = []
        if c.needs("voter.phi0.04") || c.needs("voter.distribution") {
            let low = runs(c, n: n, phi: 0.04, count: c.voterExtremeRuns, tag: 100)
            distributions.append((0.04, low))
            checks.append(.above(id: "voter.phi0.04.giant", title: "Adaptive voter, phi = 0.04: largest community S/N (N = \(n))",
                                 bound: 0.5, published: "one giant community (S/N > 1/2)", source: "Holme and Newman 2006, Fig. 2(a)",
                                 measured: Estimate(low.map(\.largestFraction)),
                                 note: "\(c.voterExtremeRuns) runs; pass if mean - 3.5 SE > 1/2. At phi -> 0 S/N tends to the initial giant component, 0.980 for c = 4; second largest community: \(Format.number(Estimate(low.map(\.secondFraction)).mean))"))
        }
        if c.needs("voter.distribution") {
            distributions.append((0.458, runs(c, n: n, phi: 0.458, count: c.voterExtremeRuns, tag: 101)))
        }
        if c.needs("voter.phi0.96") || c.needs("voter.distribution") {
            let high = runs(c, n: n, phi: 0.96, count: c.voterExtremeRuns, tag: 102)
            distributions.append((0.96, high))
            checks.append(.agreement(id: "voter.phi0.96.size", title: "Adaptive voter, phi = 0.96: size of a random vertex's community (N = \(n))",
                                     reference: 10, published: "about N/G = gamma = 10", source: "Holme and Newman 2006, Fig. 2(c)",
                                     measured: Estimate(high.map(\.vertexMeanSize)), allowance: 10.0.squareRoot(),
                                     note: "\(c.voterExtremeRuns) runs; 3.5 SE + sqrt(gamma), the spread of the Poisson(gamma) group sizes the paper describes at phi -> 1 (there the size-biased mean is gamma + 1); N/communities = \(Format.number(Estimate(high.map(\.meanSize)).mean))"))
            checks.append(.below(id: "voter.phi0.96.nogiant", title: "Adaptive voter, phi = 0.96: largest community S/N (N = \(n))",
                                 bound: 0.1, published: "no giant community (S/N small)", source: "Holme and Newman 2006, Fig. 2(c)",
                                 measured: Estimate(high.map(\.largestFraction)),
                                 note: "pass if mean + 3.5 SE < 0.1; the largest of G Poisson(10) groups is about 25 vertices"))
        }
        data.distributions = distributions
        return checks
    }

    /// phi_c from the crossings of N^0.61 S/N.
    static func criticalPoint(_ c: ValidationConfiguration, data: inout Data) -> [ValidationCheck] {
        guard c.needs("voter.phic") else { return [] }
        var samples: [[[Double]]] = []
        for (s, n) in c.voterSizes.enumerated() {
            var row: [[Double]] = []
            for (f, phi) in c.voterPhis.enumerated() {
                row.append(runs(c, n: n, phi: phi, count: c.voterRuns, tag: 1000 + UInt64(100 * s + f)).map(\.largestFraction))
            }
            samples.append(row)
        }
        data.scaling = samples
        let estimate = CriticalPoint.estimate(sizes: c.voterSizes, phis: c.voterPhis, samples: samples,
                                              resamples: c.bootstrapResamples, seed: c.seed)
        data.criticalPoint = estimate
        guard let estimate else {
            return [ValidationCheck(id: "voter.phic", title: "Adaptive voter critical point phi_c", published: "0.458 ± 0.008",
                                    source: "Holme and Newman 2006", measured: Estimate(mean: .nan, standardError: .nan, count: 0),
                                    tolerance: 0, allowance: 0, deviation: .nan, passed: false,
                                    note: "the N^0.61 S/N curves do not cross inside the phi grid")]
        }
        let found = estimate.pairCrossings.compactMap(\.phi)
        // The crossings drift with N (corrections to scaling); the spread between successive
        // pairs measures how far the finite sizes here can be from the limit.
        let drift = (found.max() ?? 0) - (found.min() ?? 0)
        let sizes = c.voterSizes.map(String.init).joined(separator: ", ")
        return [.agreement(id: "voter.phic", title: "Adaptive voter critical point phi_c (N = \(sizes))", reference: 0.458, referenceError: 0.008,
                           published: "0.458 ± 0.008", source: "Holme and Newman 2006 (crossing of N^0.61 S)",
                           measured: Estimate(mean: estimate.phiC, standardError: estimate.standardError, count: c.voterRuns),
                           allowance: drift,
                           note: "pair crossings \(estimate.pairCrossings.map { "\($0.small)/\($0.large): \($0.phi.map { Format.number($0) } ?? "none")" }.joined(separator: ", ")); \(c.voterRuns) runs per (N, phi); 3.5 combined SE (bootstrap, published) + finite-size drift \(Format.number(drift))")]
    }
}
