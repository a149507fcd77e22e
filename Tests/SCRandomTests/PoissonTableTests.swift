import Foundation
import Testing
import CGSL
@testable import SCRandom

/// The Poisson inversion samplers, `PoissonMean.draw` (the tabled one: F(0) ... F(7) worked
/// out once and compared without branches, then a walk) and
/// `RandomStream.poisson(mean:expMinusMean:)` (the per-draw one: eight terms compared
/// without branches, then a walk), against the plain inversion of MODEL.md choice 25: for a
/// uniform u, the number of k with F(k) <= u, F built term by term from p_0 = e^-mean,
/// p_k = p_(k-1) * (mean / k), walking until F(k) > u or the terms vanish.
///
/// The uniform is chosen, not drawn: the stream's generator is swapped for a scripted GSL
/// generator type that returns the given values from `get_double`, so the samplers see
/// exactly the uniforms the test picks, including F(k) itself, the doubles either side of
/// it, 0 and the largest uniform below 1. The tabled sampler gives exactly the plain count
/// for every uniform; the per-draw one for every uniform away from a boundary (see its
/// test for the few ulps around F(k) where it may be one off).
struct PoissonTableTests {
    /// What a scripted generator reads: the uniforms and the index of the next one.
    struct Script {
        var values: UnsafeMutablePointer<Double>
        var count: Int
        var next: Int
    }

    /// Runs `body` with `stream` returning `uniforms` in order (and traps past their end),
    /// then puts the stream's own generator back.
    static func withScriptedUniforms<R>(_ stream: RandomStream, _ uniforms: [Double], _ body: () -> R) -> R {
        let values = UnsafeMutablePointer<Double>.allocate(capacity: max(1, uniforms.count))
        values.initialize(from: uniforms, count: uniforms.count)
        let script = UnsafeMutablePointer<Script>.allocate(capacity: 1)
        script.initialize(to: Script(values: values, count: uniforms.count, next: 0))
        let name = strdup("scripted")!
        let type = UnsafeMutablePointer<gsl_rng_type>.allocate(capacity: 1)
        type.initialize(to: gsl_rng_type(
            name: UnsafePointer(name), max: UInt(UInt32.max), min: 0, size: MemoryLayout<Script>.size,
            set: { _, _ in },
            get: { state in
                let s = state!.assumingMemoryBound(to: Script.self)
                precondition(s.pointee.next < s.pointee.count, "script ran out of uniforms")
                defer { s.pointee.next += 1 }
                return UInt(s.pointee.values[s.pointee.next] * 4294967296.0)
            },
            get_double: { state in
                let s = state!.assumingMemoryBound(to: Script.self)
                precondition(s.pointee.next < s.pointee.count, "script ran out of uniforms")
                defer { s.pointee.next += 1 }
                return s.pointee.values[s.pointee.next]
            }))
        let saved = stream.rng.pointee
        stream.rng.pointee = gsl_rng(type: UnsafePointer(type), state: UnsafeMutableRawPointer(script))
        defer {
            stream.rng.pointee = saved
            type.deallocate()
            free(name)
            script.deallocate()
            values.deallocate()
        }
        let result = body()
        precondition(script.pointee.next == uniforms.count, "not every scripted uniform was used")
        return result
    }

    /// The plain inversion: count of k with F(k) <= u, F(k) = sum of p_0 ... p_k,
    /// p_0 = e^-mean, p_k = p_(k-1) * (mean / k); stops where the terms vanish.
    static func plainInversion(_ u: Double, mean: Double) -> Int {
        var k = 0, p = exp(-mean), f = p
        while u >= f && p > 0 {
            k += 1
            p *= mean / Double(k)
            f += p
        }
        return k
    }

    /// F(0) ... F(kMax) as the plain inversion builds them.
    static func plainCDF(mean: Double, upTo kMax: Int) -> [Double] {
        var p = exp(-mean), f = p, out = [f]
        for k in 1...kMax {
            p *= mean / Double(k)
            f += p
            out.append(f)
        }
        return out
    }

    /// Uniforms to try for `mean`: every F(k) up to far into the tail, the doubles either
    /// side, 0, the smallest positive double, the largest uniform below 1 and the largest
    /// 32-bit one, and random ones.
    static func uniforms(mean: Double, random r: RandomStream) -> [Double] {
        var list: [Double] = [0, .leastNonzeroMagnitude, 0.5, 1.0.nextDown, 1 - 0x1p-32]
        for f in plainCDF(mean: mean, upTo: 60) where f < 1 {
            list += [f, f.nextDown, f.nextUp, f.nextDown.nextDown, f.nextUp.nextUp]
        }
        for _ in 0..<20_000 { list.append(r.uniform()) }
        return list.filter { $0 >= 0 && $0 < 1 }
    }

    static let means: [Double] = [0.001, 0.5, 1, 3, 3.4, 7.25, 9.5, 10]

    @Test(arguments: means)
    func tabledDrawEqualsThePlainInversion(mean: Double) {
        let r = RandomStream(seed: 300)
        let table = PoissonMean(mean)
        let us = Self.uniforms(mean: mean, random: r)
        let draws = Self.withScriptedUniforms(r, us) { us.map { _ in table.draw(r) } }
        var mismatches: [String] = []
        var walked = 0
        for (u, x) in zip(us, draws) {
            let plain = Self.plainInversion(u, mean: mean)
            if x != plain { mismatches.append("u \(u): \(x) != \(plain)") }
            if plain >= 8 { walked += 1 }
        }
        #expect(mismatches.isEmpty, "mean \(mean): \(mismatches.count) of \(us.count) differ, first \(mismatches.prefix(4))")
        // The table's own entries are the plain F(0) ... F(7).
        let cdf = Self.plainCDF(mean: mean, upTo: 7)
        for k in 0..<8 { #expect(table.cdf[k] == cdf[k], "mean \(mean): F(\(k))") }
        // Both the branchless head and the walk beyond it were exercised.
        if mean >= 0.5 { #expect(walked > 0, "mean \(mean)") }
    }

    /// The per-draw sampler's first eight terms are p_(k-1) * (mean * (1 / k)), not
    /// p_(k-1) * (mean / k): one more rounding, so its F(k) can sit a few ulps from the
    /// plain F(k) (at means 3 and 10 here, from F(6) and F(8) on), and a uniform between
    /// the two gets a count one off. So the comparison with the plain inversion is exact for
    /// every uniform except those within 4 ulps of a plain F(k), where the count may differ
    /// by exactly 1, and those at or above the per-draw sampler's limiting F (within 1e-15
    /// of 1: at mean 10 it stops growing at 1 - 3.3e-16, the plain one 2 ulps higher),
    /// which walk on until the terms vanish (304 at mean 10, where the plain inversion
    /// says 45 or 46). No uniform a 32-bit generator can return (a multiple of 2^-32: mt19937,
    /// taus2, gfsr4) lies between the two F(k) at these means, so there the draws are the
    /// plain inversion's.
    @Test(arguments: means)
    func perDrawSamplerEqualsThePlainInversion(mean: Double) {
        let r = RandomStream(seed: 301)
        let us = Self.uniforms(mean: mean, random: r)
        let emu = exp(-mean)
        let draws = Self.withScriptedUniforms(r, us) { us.map { _ in r.poisson(mean: mean, expMinusMean: emu) } }
        let viaMean = Self.withScriptedUniforms(r, us) { us.map { _ in r.poisson(mean: mean) } }
        let plainF = Self.plainCDF(mean: mean, upTo: 80)
        // Where the per-draw sampler's F stops growing (the terms vanish): a uniform at or
        // above it walks on to the last nonzero term.
        let perDrawLimit = Self.reciprocalHeadCDF(mean: mean, upTo: 400).max()!
        var mismatches: [String] = [], farMismatches: [String] = []
        for (u, x) in zip(us, draws) {
            let plain = Self.plainInversion(u, mean: mean)
            guard x != plain else { continue }
            mismatches.append("u \(u): \(x) != \(plain)")
            let nearBoundary = plainF.contains { abs($0 - u) <= 4 * $0.ulp }
            if u >= perDrawLimit { continue }
            if !nearBoundary || abs(x - plain) != 1 { farMismatches.append("u \(u): \(x) != \(plain)") }
        }
        #expect(farMismatches.isEmpty, "mean \(mean): \(farMismatches.count) of \(us.count) differ away from F(k), first \(farMismatches.prefix(4))")
        #expect(viaMean == draws, "poisson(mean:) and poisson(mean:expMinusMean:) differ at mean \(mean)")
        // Pinned as it is: the same counts as the plain inversion with the reciprocal form
        // for the first eight terms, for every uniform (boundaries included).
        let pinnedMismatches = zip(us, draws).filter { Self.reciprocalHeadInversion($0.0, mean: mean) != $0.1 }
        #expect(pinnedMismatches.isEmpty, "mean \(mean): \(pinnedMismatches.count) differ from the reciprocal-head inversion, first \(pinnedMismatches.prefix(4))")
        // 32-bit uniforms never fall between the two F(k).
        let pinnedF = Self.reciprocalHeadCDF(mean: mean, upTo: 80)
        for k in 0...80 where plainF[k] < 1 && pinnedF[k] < 1 {
            let lo = min(plainF[k], pinnedF[k]), hi = max(plainF[k], pinnedF[k])
            #expect((lo * 0x1p32).rounded(.up) == (hi * 0x1p32).rounded(.up), "mean \(mean), F(\(k)): a 32-bit uniform between \(lo) and \(hi)")
        }
        if mean == 3 || mean == 10 { #expect(!mismatches.isEmpty, "mean \(mean): expected the known boundary differences") }
    }

    /// p_k = p_(k-1) * (mean * (1 / k)) for k <= 8, p_(k-1) * (mean / k) after.
    static func reciprocalHeadCDF(mean: Double, upTo kMax: Int) -> [Double] {
        var p = exp(-mean), f = p, out = [f]
        for k in 1...kMax {
            p *= k <= 8 ? mean * (1 / Double(k)) : mean / Double(k)
            f += p
            out.append(f)
        }
        return out
    }

    static func reciprocalHeadInversion(_ u: Double, mean: Double) -> Int {
        var k = 0, p = exp(-mean), f = p
        while u >= f && p > 0 {
            k += 1
            p *= k <= 8 ? mean * (1 / Double(k)) : mean / Double(k)
            f += p
        }
        return k
    }

    /// The scripted generator reaches the samplers: a uniform of 0 gives 0, one of F(2)
    /// gives 3 (the count of F(0), F(1), F(2) that it reaches).
    @Test func scriptIsWhatTheSamplersRead() {
        let r = RandomStream(seed: 302)
        let f = Self.plainCDF(mean: 2, upTo: 2)
        let draws = Self.withScriptedUniforms(r, [0, f[2], f[2].nextDown]) { [PoissonMean(2).draw(r), PoissonMean(2).draw(r), PoissonMean(2).draw(r)] }
        #expect(draws == [0, 3, 2])
        // And the stream is its own again afterwards: the same as a fresh one seeded alike.
        #expect(r.uniform() == RandomStream(seed: 302).uniform())
    }

    /// Means above 10 are not inverted but drawn by `gsl_ran_poisson`: the tabled sampler
    /// gives exactly what `poisson(mean:)` and GSL give on the same stream.
    @Test(arguments: [10.000001, 30.0])
    func largeMeansGoToGSL(mean: Double) {
        let a = RandomStream(seed: 303), b = RandomStream(seed: 303), c = RandomStream(seed: 303)
        let table = PoissonMean(mean)
        for _ in 0..<2_000 {
            let x = table.draw(a)
            #expect(x == b.poisson(mean: mean))
            #expect(x == Int(gsl_ran_poisson(c.rng, mean)))
        }
    }
}
