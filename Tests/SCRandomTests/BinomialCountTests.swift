import Testing
@testable import SCRandom

/// `RandomStream.binomial` up to `binomialTrialLimit` trials counts uniforms below p by
/// their sign bit (u - p negative), without a branch. Against the plain count of
/// `u < p` over the same uniforms, chosen by a scripted generator (see
/// `PoissonTableTests.withScriptedUniforms`): exact, with u equal to p and the doubles
/// either side of it among them, and for every trial count from 0 to the limit.
struct BinomialCountTests {
    @Test func smallBinomialCountsUniformsBelowP() {
        let r = RandomStream(seed: 400)
        let source = RandomStream(seed: 401)
        for trials in 0...RandomStream.binomialTrialLimit {
            for _ in 0..<300 {
                let p = source.uniform() < 0.1 ? [0.0, 1.0, 0.5][source.uniformInt(3)] : source.uniform()
                // Each uniform p itself, just below or just above it, or any value.
                let us: [Double] = (0..<trials).map { _ in
                    switch source.uniformInt(4) {
                    case 0: return p
                    case 1: return p.nextDown
                    case 2: return min(p.nextUp, 1.0.nextDown)
                    default: return source.uniform()
                    }
                }.map { max(0, $0) }
                let fast = PoissonTableTests.withScriptedUniforms(r, us) { r.binomial(trials: trials, p: p) }
                let plain = us.filter { $0 < p }.count
                #expect(fast == plain, "trials \(trials), p \(p), uniforms \(us)")
            }
        }
    }
}
