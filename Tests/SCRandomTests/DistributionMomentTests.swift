import Testing
@testable import SCRandom

/// Each distribution's sample mean and variance against its formula.
///
/// With n draws the sample mean has standard error sd / sqrt(n); every tolerance below is
/// five standard errors (for variances, five times the standard error of a sample
/// variance, sqrt((mu4 - sigma^4) / n), bounded generously by 5 * sigma^2 * sqrt(2 / n) * 2
/// for the heavier-tailed cases). The seed is fixed, so the test is deterministic; the
/// tolerances say how far a correct implementation could fall by chance.
struct DistributionMomentTests {
    let n = 200_000

    func moments(_ draw: () -> Double) -> (mean: Double, variance: Double) {
        var sum = 0.0, sumSq = 0.0
        for _ in 0..<n { let x = draw(); sum += x; sumSq += x * x }
        let mean = sum / Double(n)
        return (mean, sumSq / Double(n) - mean * mean)
    }

    func check(_ name: String, _ m: (mean: Double, variance: Double), mean: Double, variance: Double, kurtosisFactor: Double = 3) {
        let meanTolerance = 5 * (variance / Double(n)).squareRoot()
        let varianceTolerance = 5 * variance * ((kurtosisFactor - 1) / Double(n)).squareRoot()
        #expect(abs(m.mean - mean) < meanTolerance, "\(name) mean \(m.mean) vs \(mean)")
        #expect(abs(m.variance - variance) < varianceTolerance, "\(name) variance \(m.variance) vs \(variance)")
    }

    @Test func betaTwoFive() {
        let r = RandomStream(seed: 11)
        // Beta(2,5): mean 2/7, variance ab / ((a+b)^2 (a+b+1)) = 10 / (49 * 8).
        check("Beta(2,5)", moments { r.beta(2, 5) }, mean: 2.0 / 7.0, variance: 10.0 / 392.0)
    }

    @Test func gammaShapeTwoScaleHalf() {
        let r = RandomStream(seed: 12)
        // Gamma(k=2, theta=0.5): mean 1, variance k theta^2 = 0.5, kurtosis 3 + 6/k = 6.
        check("Gamma(2,0.5)", moments { r.gamma(shape: 2, scale: 0.5) }, mean: 1.0, variance: 0.5, kurtosisFactor: 6)
    }

    @Test func lognormalBuyRate() {
        let r = RandomStream(seed: 13)
        // Lognormal(ln 3, 0.5): mean 3 e^{0.125}, variance (e^{0.25} - 1) 9 e^{0.25}.
        let mean = 3 * exp(0.125)
        let variance = (exp(0.25) - 1) * 9 * exp(0.25)
        check("Lognormal", moments { r.lognormal(mu: log(3), sigma: 0.5) }, mean: mean, variance: variance, kurtosisFactor: 8)
    }

    @Test func poissonMeanThree() {
        let r = RandomStream(seed: 14)
        check("Poisson(3)", moments { Double(r.poisson(mean: 3)) }, mean: 3, variance: 3, kurtosisFactor: 3 + 1.0 / 3)
    }

    @Test func binomialFivePointThreeByTrials() {
        let r = RandomStream(seed: 21)
        // Five trials: below the limit, so counted trial by trial. Mean 1.5, variance 1.05.
        #expect(5 <= RandomStream.binomialTrialLimit)
        check("Binomial(5,0.3)", moments { Double(r.binomial(trials: 5, p: 0.3)) }, mean: 1.5, variance: 1.05)
    }

    @Test func binomialTwentyPointThree() {
        let r = RandomStream(seed: 15)
        #expect(20 > RandomStream.binomialTrialLimit)  // GSL's sampler
        check("Binomial(20,0.3)", moments { Double(r.binomial(trials: 20, p: 0.3)) }, mean: 6, variance: 4.2)
    }

    @Test func normalClampedScoreShape() {
        let r = RandomStream(seed: 16)
        check("Normal(600,50)", moments { r.normal(mean: 600, sd: 50) }, mean: 600, variance: 2500)
    }

    @Test func bernoulliPointThree() {
        let r = RandomStream(seed: 17)
        check("Bernoulli(0.3)", moments { r.bernoulli(0.3) ? 1 : 0 }, mean: 0.3, variance: 0.21, kurtosisFactor: 2)
    }

    @Test func uniformIntIsUniform() {
        let r = RandomStream(seed: 18)
        // Uniform on {0..9}: mean 4.5, variance (10^2 - 1) / 12.
        check("UniformInt(10)", moments { Double(r.uniformInt(10)) }, mean: 4.5, variance: 99.0 / 12.0, kurtosisFactor: 1.8)
    }

    @Test func dirichletOnesHasUniformMarginals() {
        let r = RandomStream(seed: 19)
        // Dirichlet(1,...,1) on K = 6: each component is Beta(1, 5): mean 1/6, variance 5 / (36 * 7).
        var alpha = [Double](repeating: 1, count: 6)
        var theta = [Double](repeating: 0, count: 6)
        let m = moments {
            alpha.withUnsafeMutableBufferPointer { a in
                theta.withUnsafeMutableBufferPointer { t in r.dirichlet(alpha: a.baseAddress!, into: t.baseAddress!, count: 6) }
            }
            #expect(abs(theta.reduce(0, +) - 1) < 1e-12)
            return theta[2]
        }
        check("Dirichlet marginal", m, mean: 1.0 / 6.0, variance: 5.0 / 252.0, kurtosisFactor: 4)
    }

    @Test func multinomialCountsSumAndMeans() {
        let r = RandomStream(seed: 20)
        var p: [Double] = [2, 1, 1]  // unnormalised: 0.5, 0.25, 0.25
        var counts = [UInt32](repeating: 0, count: 3)
        let m = moments {
            p.withUnsafeMutableBufferPointer { pp in
                counts.withUnsafeMutableBufferPointer { c in r.multinomial(trials: 8, p: pp.baseAddress!, into: c.baseAddress!, count: 3) }
            }
            #expect(counts.reduce(0, +) == 8)
            return Double(counts[0])
        }
        // First count ~ Binomial(8, 0.5): mean 4, variance 2.
        check("Multinomial first", m, mean: 4, variance: 2)
    }
}

struct StreamKeyTests {
    @Test func sameKeySameStream() {
        let key = StreamKey(seed: 7, step: 3, phase: 2, block: 5)
        let a = RandomStream(key: key), b = RandomStream(key: key)
        for _ in 0..<100 { #expect(a.uniform() == b.uniform()) }
    }

    @Test func reseedRestartsTheStream() {
        let key = StreamKey(seed: 7, step: 3, phase: 2, block: 5)
        let a = RandomStream(key: key)
        let first = (0..<10).map { _ in a.uniform() }
        a.reseed(key)
        #expect((0..<10).map { _ in a.uniform() } == first)
    }

    @Test func neighbouringKeysDiffer() {
        let base = StreamKey(seed: 7, step: 3, phase: 2, block: 5)
        var keys = Set<UInt64>()
        for s in 0..<20 { for p in 0..<12 { for b in 0..<20 {
            keys.insert(StreamKey(seed: base.seed, step: UInt64(s), phase: UInt64(p), block: UInt64(b)).mixed & 0xFFFF_FFFF)
        } } }
        #expect(keys.count == 20 * 12 * 20)
    }

    @Test func everyGeneratorKindWorks() {
        for kind in GeneratorKind.allCases {
            let r = RandomStream(kind: kind, seed: 99)
            var sum = 0.0
            for _ in 0..<100_000 { sum += r.uniform() }
            // Mean of 1e5 uniforms: sd 0.289 / 316 = 0.0009; five sd = 0.0046.
            #expect(abs(sum / 100_000 - 0.5) < 0.0046, "\(kind)")
        }
    }
}
