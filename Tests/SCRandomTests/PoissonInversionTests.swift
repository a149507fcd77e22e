import Foundation
import Testing
@testable import SCRandom

/// Poisson draws by inversion of one uniform: every value's frequency against the
/// probability mass function, for the per-draw sampler (`poisson(mean:)`, e^-mean
/// computed per call) and the tabled one (`PoissonMean`).
///
/// With n draws the count of value k is Binomial(n, p_k): the tolerance is five of its
/// standard deviations, sqrt(n p_k (1 - p_k)), plus one. Means 0.5, 3.4 and 9.5 cover the
/// branchless head only, head and walk, and mostly the walk (P(X >= 16) = 3.6% at 9.5).
struct PoissonInversionTests {
    let n = 400_000

    func pmf(_ mean: Double, _ k: Int) -> Double {
        exp(-mean + Double(k) * log(mean) - lgamma(Double(k + 1)))
    }

    func checkFrequencies(_ name: String, mean: Double, _ draw: () -> Int) {
        var counts = [Int](repeating: 0, count: 64)
        for _ in 0..<n { counts[min(63, draw())] += 1 }
        for k in 0..<40 {
            let p = pmf(mean, k)
            let expected = Double(n) * p
            let tolerance = 5 * (Double(n) * p * (1 - p)).squareRoot() + 1
            #expect(abs(Double(counts[k]) - expected) <= tolerance, "\(name) mean \(mean): \(counts[k]) draws of \(k), expected \(expected)")
        }
    }

    @Test(arguments: [0.5, 3.4, 9.5])
    func perDrawSamplerMatchesThePMF(mean: Double) {
        let r = RandomStream(seed: 101)
        checkFrequencies("poisson(mean:)", mean: mean) { r.poisson(mean: mean) }
    }

    @Test(arguments: [0.5, 2.0, 9.5])
    func tabledSamplerMatchesThePMF(mean: Double) {
        let r = RandomStream(seed: 102)
        let draw = PoissonMean(mean)
        checkFrequencies("PoissonMean", mean: mean) { draw.draw(r) }
    }

    @Test func oneUniformPerDraw() {
        // Inversion takes exactly one uniform per draw: after 1,000 draws the stream is
        // where 1,000 uniforms would leave it.
        let a = RandomStream(seed: 103), b = RandomStream(seed: 103)
        let table = PoissonMean(2)
        for k in 0..<1_000 { _ = k.isMultiple(of: 2) ? a.poisson(mean: 3.4) : table.draw(a) }
        for _ in 0..<1_000 { _ = b.uniform() }
        #expect(a.uniform() == b.uniform())
    }

    @Test func handWorkedInversion() {
        // Mean 2: F(0) = e^-2 = 0.1353, F(1) = 3 e^-2 = 0.4060, F(2) = 5 e^-2 = 0.6767.
        // A uniform of 0.5 lies in [F(1), F(2)), so the draw is 2; replay the stream's
        // uniform and invert it by hand.
        let a = RandomStream(seed: 104), b = RandomStream(seed: 104)
        for _ in 0..<200 {
            let u = b.uniform()
            var k = 0, term = exp(-2.0), cdf = term
            while u >= cdf { k += 1; term *= 2 / Double(k); cdf += term }
            #expect(a.poisson(mean: 2) == k)
        }
    }

    @Test func zeroAndLargeMeans() {
        let r = RandomStream(seed: 105)
        #expect(r.poisson(mean: 0) == 0)
        #expect(PoissonMean(0).draw(r) == 0)
        // Above 10: GSL's sampler; its mean within five standard errors.
        var sum = 0
        for _ in 0..<20_000 { sum += PoissonMean(40).draw(r) }
        #expect(abs(Double(sum) / 20_000 - 40) < 5 * (40.0 / 20_000).squareRoot())
    }
}
