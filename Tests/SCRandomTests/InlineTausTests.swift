import Foundation
import Testing
@testable import SCRandom

/// taus2's draws made inline (`scsim_taus_uniform` and kin, over GSL's own state) against
/// GSL's: the same numbers, draw for draw, whatever is drawn in between.
struct InlineTausTests {
    /// GSL's own test suite (rng/test.c): `rng_test (gsl_rng_taus2, 1, 10000, 2733957125UL)`,
    /// the 10,000th raw output after seeding with 1. A uniform is that output / 2^32, exactly.
    @Test func theTenThousandthDrawIsGSLsPublishedValue() {
        let stream = RandomStream(kind: .taus2, seed: 1)
        #expect(stream.tausState != nil)
        var last = 0.0
        for _ in 0..<10_000 { last = stream.uniform() }
        #expect(last * 4_294_967_296.0 == 2_733_957_125)
    }

    /// Two streams from one seed, one drawing inline and one through GSL's function
    /// pointers, interleaving the three kinds of draw and GSL's own samplers (which read
    /// and write the same state), stay in step.
    @Test(arguments: [UInt64(1), 2, 42, 1_000_003, 0xDEAD_BEEF_CAFE])
    func inlineDrawsEqualGSLsDrawForDraw(seed: UInt64) {
        let inline = RandomStream(kind: .taus2, seed: seed)
        let reference = RandomStream(kind: .taus2, seed: seed)
        var mismatches = 0
        for round in 0..<20_000 {
            switch round % 5 {
            case 0, 1:
                if inline.uniform() != reference.uniformThroughGSL() { mismatches += 1 }
            case 2:
                if inline.uniformPositive() != reference.uniformPositiveThroughGSL() { mismatches += 1 }
            case 3:
                let bound = 1 + round % 1_000
                if inline.uniformInt(bound) != reference.uniformIntThroughGSL(bound) { mismatches += 1 }
            default:
                // GSL's samplers draw through the function pointer on both streams.
                if inline.gamma(shape: 2, scale: 1) != reference.gamma(shape: 2, scale: 1) { mismatches += 1 }
            }
        }
        #expect(mismatches == 0)
    }

    /// Large bounds take the rejection loop of gsl_rng_uniform_int more often.
    @Test func largeBoundsMatchGSL() {
        let inline = RandomStream(kind: .taus2, seed: 9)
        let reference = RandomStream(kind: .taus2, seed: 9)
        for bound in [3_000_000_000, 4_294_967_295, 2_147_483_649, 7] {
            for _ in 0..<2_000 { #expect(inline.uniformInt(bound) == reference.uniformIntThroughGSL(bound)) }
        }
    }

    /// Bounds GSL refuses (0, or beyond the generator's 2^32 - 1): 0 and no draw, as GSL
    /// returns with its error handler off, where both the inline draw and the copy of
    /// gsl_rng_uniform_int in the shim divided by zero.
    @Test(arguments: [GeneratorKind.taus2, .mt19937])
    func refusedBoundsGiveZeroWithoutADraw(kind: GeneratorKind) {
        let stream = RandomStream(kind: kind, seed: 5)
        let untouched = RandomStream(kind: kind, seed: 5)
        for bound in [0, 4_294_967_296, Int.max] {
            #expect(stream.uniformInt(bound) == 0)
            #expect(stream.uniformIntThroughGSL(bound) == 0)
            #expect(stream.uniform() == untouched.uniformThroughGSL(), "bound \(bound) drew")
        }
    }

    /// The other generators keep GSL's function pointers.
    @Test(arguments: [GeneratorKind.mt19937, .gfsr4, .ranlxd2])
    func otherGeneratorsDrawThroughGSL(kind: GeneratorKind) {
        let stream = RandomStream(kind: kind, seed: 5)
        let reference = RandomStream(kind: kind, seed: 5)
        #expect(stream.tausState == nil)
        for _ in 0..<100 { #expect(stream.uniform() == reference.uniformThroughGSL()) }
    }
}

/// `failuresBeforeSuccess(logFailure:)` truncates the quotient instead of calling floor:
/// the same counts as floor(log u / ln(1 - p)) written out, draw for draw, from tiny to
/// large p (and the cap for a p so small that the skip passes it).
struct GeometricSkipTests {
    @Test(arguments: [1e-300, 1e-12, 0.001, 0.02, 0.5, 0.97])
    func countsEqualTheFloorOfTheQuotient(p: Double) {
        let fast = RandomStream(kind: .taus2, seed: 31), plain = RandomStream(kind: .taus2, seed: 31)
        let logFailure = log1p(-p)
        for _ in 0..<20_000 {
            let q = (log(plain.uniformPositive()) / logFailure).rounded(.down)
            let expected = q >= Double(Int.max / 2) ? Int.max / 2 : Int(q)
            #expect(fast.failuresBeforeSuccess(logFailure: logFailure) == expected)
        }
    }
}
