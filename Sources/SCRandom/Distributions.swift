import CGSL

/// Scalar functions of probability distributions, from GSL. Values in, values out: no
/// pointer crosses this API, so modules above SCRandom use them without touching C.
public enum Distributions {
    /// The `p` quantile of Student's t distribution with `degreesOfFreedom` (GSL's
    /// `gsl_cdf_tdist_Pinv`): the t with P(T <= t) = p.
    ///
    /// - Returns: NaN when `degreesOfFreedom` is not a finite number above 0 or `p` is not
    ///   in [0, 1]; -infinity at p = 0 and +infinity at p = 1.
    public static func studentTQuantile(_ p: Double, degreesOfFreedom: Double) -> Double {
        guard degreesOfFreedom > 0, degreesOfFreedom.isFinite, p >= 0, p <= 1 else { return .nan }
        GSLRuntime.prepare()
        return gsl_cdf_tdist_Pinv(p, degreesOfFreedom)
    }
}
