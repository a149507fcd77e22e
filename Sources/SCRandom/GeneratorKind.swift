import CGSL

/// The GSL generator algorithms a scenario may choose (`random.generator`).
///
/// All are GSL's own; they differ in speed and period. `mt19937` is GSL's default and
/// the project's; `taus2` and `gfsr4` are faster with a smaller state, which makes the
/// per-block re-seeding cheaper.
public enum GeneratorKind: String, CaseIterable, Sendable {
    case mt19937
    case taus2
    case gfsr4
    case ranlxd2

    @usableFromInline
    var gslType: UnsafePointer<gsl_rng_type> {
        switch self {
        case .mt19937: return scsim_rng_mt19937()
        case .taus2: return scsim_rng_taus2()
        case .gfsr4: return scsim_rng_gfsr4()
        case .ranlxd2: return scsim_rng_ranlxd2()
        }
    }
}
