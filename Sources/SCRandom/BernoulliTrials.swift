/// A long run of independent Bernoulli(p) trials, drawn by skipping to the next success.
///
/// Where a phase makes many rare yes/no decisions (a tie drifting apart with probability
/// 0.01, a friend looked at with probability 0.1), one geometric draw per success replaces
/// one uniform per trial (Batagelj and Brandes 2005). The successes have exactly the
/// distribution of independent trials; only the number of draws changes.
public struct BernoulliTrials {
    /// Success probability of each trial.
    public let p: Double
    /// ln(1 - p), worked out once for the run instead of once per success.
    @usableFromInline let logFailure: Double
    @usableFromInline var failuresLeft: Int

    /// Starts a run; the first geometric draw is made here.
    @inlinable
    public init(p: Double, random: RandomStream) {
        self.p = p
        logFailure = log1p(-p)
        failuresLeft = random.failuresBeforeSuccess(p: p)
    }

    /// Whether none of the next `count` trials succeeds.
    @inlinable
    public func failuresLeft(atLeast count: Int) -> Bool {
        failuresLeft >= count
    }

    /// Passes over the next `count` trials if none of them succeeds, and says whether it
    /// did; otherwise changes nothing. Lets a caller skip a whole run of trials (a
    /// citizen's friends) at once when the next success lies beyond it.
    @inlinable
    public mutating func skipIfNoSuccess(in count: Int) -> Bool {
        guard failuresLeft >= count else { return false }
        failuresLeft -= count
        return true
    }

    /// The outcome of the next trial when `trial` is 1; when 0, no trial (false, nothing
    /// changes). The same as `trial == 1 && next(random)`, without a branch on `trial`,
    /// which in the tie phase (is the friend's id larger?) the predictor cannot learn.
    @inlinable
    public mutating func next(_ random: RandomStream, ifTrial trial: Int) -> Bool {
        failuresLeft &-= trial
        guard failuresLeft < 0 else { return false }
        failuresLeft = p >= 1 ? 0 : p <= 0 ? Int.max : random.failuresBeforeSuccess(logFailure: logFailure)
        return true
    }

    /// The outcome of the next trial.
    @inlinable
    public mutating func next(_ random: RandomStream) -> Bool {
        next(random, ifTrial: 1)
    }
}
