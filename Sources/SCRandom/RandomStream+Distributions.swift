import CGSL

/// The distributions MODEL.md names, each a thin call into GSL.
///
/// Arguments are validated by the scenario layer before a run starts; GSL's error
/// handler is off (see `GSLRuntime`), so an invalid argument here would return a
/// meaningless value rather than abort.
extension RandomStream {
    /// Uniform on [0, 1): gsl_rng_uniform, made inline for taus2.
    @inlinable @inline(__always)
    public func uniform() -> Double {
        if let state = tausState { return scsim_taus_uniform(state) }
        return scsim_uniform(rng)
    }

    /// gsl_rng_uniform through the generator's function pointer, for any kind: what
    /// `uniform()` must equal draw for draw (tests).
    func uniformThroughGSL() -> Double { scsim_uniform(rng) }
    /// gsl_rng_uniform_pos through the function pointer (tests).
    func uniformPositiveThroughGSL() -> Double { scsim_uniform_pos(rng) }
    /// gsl_rng_uniform_int through the function pointer (tests).
    func uniformIntThroughGSL(_ upperBound: Int) -> Int { Int(scsim_uniform_int(rng, UInt(upperBound))) }

    /// Uniform on (0, 1): never exactly 0, for logarithms (gsl_rng_uniform_pos).
    @inlinable
    public func uniformPositive() -> Double {
        if let state = tausState { return scsim_taus_uniform_pos(state) }
        return scsim_uniform_pos(rng)
    }

    /// Uniform integer in 0 ..< `upperBound` (gsl_rng_uniform_int; a bound of 0, or beyond
    /// the generator's range, gives 0 and draws nothing, as GSL does with its error handler
    /// off; a negative bound traps).
    @inlinable
    public func uniformInt(_ upperBound: Int) -> Int {
        if let state = tausState { return Int(scsim_taus_uniform_int(state, UInt(upperBound))) }
        return Int(scsim_uniform_int(rng, UInt(upperBound)))
    }

    /// True with probability `p`.
    @inlinable
    public func bernoulli(_ p: Double) -> Bool {
        // Same as gsl_ran_bernoulli: one uniform compared against p.
        uniform() < p
    }

    /// Poisson with the given mean (mean >= 0; mean 0 gives 0).
    ///
    /// Means up to 10 by inversion of one GSL uniform (`poisson(mean:expMinusMean:)`),
    /// larger ones by `gsl_ran_poisson`.
    @inlinable
    public func poisson(mean: Double) -> Int {
        guard mean > 0 else { return 0 }
        return mean <= 10 ? poisson(mean: mean, expMinusMean: exp(-mean)) : Int(gsl_ran_poisson(rng, mean))
    }

    /// Poisson with a mean of at most 10 whose e^-mean the caller has at hand: inversion of
    /// one uniform u, X = the number of k with F(k) <= u, F the distribution function built
    /// term by term (p_k = p_{k-1} mean / k).
    ///
    /// Why not GSL's own method for such means (multiply uniforms until the product falls
    /// below e^-mean): it takes X + 1 uniforms, each an indirect call into the generator,
    /// and ends in a loop exit the branch predictor misses. Here the first eight terms are
    /// compared without a branch (u >= F exactly when u - F has no sign bit), and only
    /// draws of 8 or more (2% at a mean of 3.4) walk on. Same distribution, other draws.
    @inlinable @inline(__always)
    public func poisson(mean: Double, expMinusMean emu: Double) -> Int {
        let u = uniform()
        var term = emu, cdf = emu, x = 0
        for k in 1...RandomStream.poissonHead {
            x &+= 1 &- Int(truncatingIfNeeded: (u - cdf).bitPattern >> 63)
            term *= mean * (1 / Double(k))
            cdf += term
        }
        guard x == RandomStream.poissonHead else { return x }
        // u >= F(head - 1): walk on from F(head) until it passes u (or the terms vanish).
        var k = RandomStream.poissonHead
        while u >= cdf && term > 0 {
            k += 1
            term *= mean / Double(k)
            cdf += term
        }
        return k
    }

    /// Terms of a Poisson distribution function compared without branches before the walk.
    @inlinable public static var poissonHead: Int { 8 }

    /// Binomial(trials, p).
    ///
    /// Up to `binomialTrialLimit` trials it counts Bernoulli(p) trials, one GSL uniform each;
    /// above, it calls `gsl_ran_binomial`. Both sample Binomial(trials, p) exactly; the
    /// model's counts are small (about two posts a week), where a few uniforms cost less
    /// than GSL's inversion, which computes (1 - p)^n with `pow` on every call.
    @inlinable
    public func binomial(trials: Int, p: Double) -> Int {
        guard trials > 0 else { return 0 }
        guard trials > RandomStream.binomialTrialLimit else {
            var successes = 0
            // u < p exactly when u - p has the sign bit: counted without a branch.
            for _ in 0..<trials { successes &+= Int(truncatingIfNeeded: (uniform() - p).bitPattern >> 63) }
            return successes
        }
        return Int(gsl_ran_binomial(rng, p, UInt32(trials)))
    }

    /// Most trials for which `binomial` counts uniforms instead of calling GSL's sampler.
    public static let binomialTrialLimit = 12

    /// Beta(a, b).
    @inlinable
    public func beta(_ a: Double, _ b: Double) -> Double {
        gsl_ran_beta(rng, a, b)
    }

    /// Gamma with the given shape k and scale theta (mean k * theta).
    @inlinable
    public func gamma(shape: Double, scale: Double) -> Double {
        gsl_ran_gamma(rng, shape, scale)
    }

    /// Lognormal: exp of Normal(mu, sigma).
    @inlinable
    public func lognormal(mu: Double, sigma: Double) -> Double {
        gsl_ran_lognormal(rng, mu, sigma)
    }

    /// Normal(mean, sd).
    @inlinable
    public func normal(mean: Double, sd: Double) -> Double {
        mean + gsl_ran_gaussian_ziggurat(rng, sd)
    }

    /// Geometric number of failures before the first success, for skipping over
    /// Bernoulli trials (Batagelj and Brandes 2005). Returns Int.max when p == 0.
    @inlinable
    public func failuresBeforeSuccess(p: Double) -> Int {
        if p >= 1 { return 0 }
        if p <= 0 { return Int.max }
        return failuresBeforeSuccess(logFailure: log1p(-p))
    }

    /// The same draw for 0 < p < 1 with ln(1 - p) = `log1p(-p)` at hand (the same value,
    /// so the same count).
    @inlinable
    public func failuresBeforeSuccess(logFailure: Double) -> Int {
        let u = uniformPositive()
        // floor(log u / ln(1 - p)), by truncation: both logarithms are negative, so the
        // quotient is >= 0 and Int() of it is its floor below the cap. A call to floor
        // each draw otherwise (x86-64 has no rounding instruction before SSE4.1).
        let skip = log(u) / logFailure
        return skip >= Double(Int.max / 2) ? Int.max / 2 : Int(skip)
    }

    /// Dirichlet(alpha) written into `theta` (same count as `alpha`).
    @inlinable
    public func dirichlet(alpha: UnsafePointer<Double>, into theta: UnsafeMutablePointer<Double>, count: Int) {
        gsl_ran_dirichlet(rng, count, alpha, theta)
    }

    /// Multinomial(trials; p) written into `counts`; `p` need not be normalised.
    @inlinable
    public func multinomial(trials: Int, p: UnsafePointer<Double>, into counts: UnsafeMutablePointer<UInt32>, count: Int) {
        gsl_ran_multinomial(rng, count, UInt32(trials), p, counts)
    }

    /// Shuffles `count` Int32 values in place (Fisher-Yates, GSL's).
    @inlinable
    public func shuffle(_ values: UnsafeMutablePointer<Int32>, count: Int) {
        guard count > 1 else { return }
        gsl_ran_shuffle(rng, values, count, MemoryLayout<Int32>.stride)
    }

    /// Shuffles an array of Int32 in place.
    public func shuffle(_ values: inout [Int32]) {
        let n = values.count
        values.withUnsafeMutableBufferPointer { shuffle($0.baseAddress!, count: n) }
    }
}

/// A Poisson mean used for many draws, with its distribution function worked out once.
///
/// A draw is one GSL uniform u and a count of the tabled F(0) ... F(7) that u reaches
/// (compared without a branch: u >= F exactly when u - F has no sign bit); only u beyond
/// F(7) walks on, computing the further terms as the table did. For means above 10,
/// `gsl_ran_poisson`. The same distribution as `RandomStream.poisson(mean:)`.
public struct PoissonMean: Sendable {
    public let mean: Double
    @usableFromInline let cdf: SIMD8<Double>
    /// The last term of F(7), where the walk beyond the table starts.
    @usableFromInline let lastTerm: Double

    public init(_ mean: Double) {
        self.mean = mean
        var table = SIMD8<Double>(repeating: 1)
        var term = exp(-mean), f = term
        for k in 0..<8 {
            if k > 0 { term *= mean / Double(k); f += term }
            table[k] = f
        }
        cdf = table
        lastTerm = term
    }

    /// One draw from `random`.
    @inlinable @inline(__always)
    public func draw(_ random: RandomStream) -> Int {
        guard mean > 0 else { return 0 }
        guard mean <= 10 else { return random.poisson(mean: mean) }
        let u = random.uniform()
        var reached = 0
        for k in 0..<8 { reached &+= 1 &- Int(truncatingIfNeeded: (u - cdf[k]).bitPattern >> 63) }
        guard reached == 8 else { return reached }
        var k = 7, term = lastTerm, f = cdf[7]
        while u >= f && term > 0 {
            k += 1
            term *= mean / Double(k)
            f += term
        }
        return k
    }
}
