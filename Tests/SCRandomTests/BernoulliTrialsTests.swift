import Testing
@testable import SCRandom

/// Runs of Bernoulli trials drawn by geometric skips.
struct BernoulliTrialsTests {
    /// Success frequency over 1,000,000 trials at p = 0.01: mean 10,000, sd 99.5;
    /// tolerance 5 sd.
    @Test func successFrequency() {
        let r = RandomStream(kind: .taus2, seed: 3)
        var trials = BernoulliTrials(p: 0.01, random: r)
        var successes = 0
        for _ in 0..<1_000_000 where trials.next(r) { successes += 1 }
        #expect(abs(Double(successes) - 10_000) < 5 * 99.5)
    }

    /// A trial taken only when a flag is 1, without a branch on the flag, equals the
    /// branching `flag == 1 && next`: same outcomes at every position, same stream after.
    @Test func conditionalTrialEqualsTheBranchingOne() {
        let flags = RandomStream(kind: .taus2, seed: 4)
        let branching = RandomStream(kind: .taus2, seed: 5), arithmetic = RandomStream(kind: .taus2, seed: 5)
        var a = BernoulliTrials(p: 0.1, random: branching), b = BernoulliTrials(p: 0.1, random: arithmetic)
        var successes = 0
        for _ in 0..<200_000 {
            let flag = flags.uniformInt(2)
            let expected = flag == 1 && a.next(branching)
            let got = b.next(arithmetic, ifTrial: flag)
            #expect(got == expected)
            if got { successes += 1 }
        }
        #expect(successes > 9_000)   // about 100,000 trials at p = 0.1
        #expect(branching.uniform() == arithmetic.uniform())
    }

    /// Skipping a run in one go leaves the trials exactly where trial-by-trial stepping
    /// would: same successes at the same positions, same draws from the stream.
    @Test func skippingAWholeRunEqualsSteppingThroughIt() {
        let stepped = RandomStream(kind: .taus2, seed: 9), skipped = RandomStream(kind: .taus2, seed: 9)
        var a = BernoulliTrials(p: 0.05, random: stepped), b = BernoulliTrials(p: 0.05, random: skipped)
        var positionsA: [Int] = [], positionsB: [Int] = []
        var position = 0
        for run in 0..<5_000 {
            let length = run % 13   // runs of 0 ... 12 trials, as a citizen's friends
            if b.skipIfNoSuccess(in: length) {
                #expect(b.failuresLeft(atLeast: 0))
            } else {
                for k in 0..<length where b.next(skipped) { positionsB.append(position + k) }
            }
            for k in 0..<length where a.next(stepped) { positionsA.append(position + k) }
            position += length
        }
        #expect(positionsA == positionsB)
        #expect(positionsA.count > 1_000)
        #expect(stepped.uniform() == skipped.uniform())
    }
}
