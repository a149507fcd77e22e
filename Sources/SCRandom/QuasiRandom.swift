import CGSL

/// A low-discrepancy (quasi-random) sequence in the unit cube, from GSL's `gsl_qrng`.
///
/// Parameter sweeps use it to spread a fixed number of points over several ranges more
/// evenly than independent uniform draws would: Sobol and Halton points fill the cube
/// with gaps that shrink almost as 1/n rather than 1/sqrt(n). The sequence is fully
/// deterministic (it has no seed), so a sweep's points depend only on its definition.
///
/// A class because it owns a C allocation (`gsl_qrng *`) that must be freed exactly once.
public final class QuasiRandomSequence {
    /// The construction behind the points.
    public enum Kind: String, CaseIterable, Sendable {
        /// Sobol's sequence (Antonov-Saleev variant, as in GSL): up to 40 dimensions.
        case sobol
        /// Halton's sequence (prime bases): up to 1229 dimensions.
        case halton

        /// The largest number of dimensions GSL supports for this kind.
        public var maximumDimensions: Int {
            switch self {
            case .sobol: return 40
            case .halton: return 1229
            }
        }

        var gslType: UnsafePointer<gsl_qrng_type> {
            switch self {
            case .sobol: return scsim_qrng_sobol()
            case .halton: return scsim_qrng_halton()
            }
        }
    }

    /// Why a sequence could not be made.
    public struct DimensionError: Error, CustomStringConvertible, Sendable {
        public let kind: Kind
        public let dimensions: Int
        public var description: String {
            "a \(kind.rawValue) sequence takes 1 to \(kind.maximumDimensions) dimensions, got \(dimensions)"
        }
    }

    private let generator: UnsafeMutablePointer<gsl_qrng>
    /// Coordinates per point.
    public let dimensions: Int
    public let kind: Kind

    /// Starts the sequence at its first point.
    ///
    /// - Throws: `DimensionError` when `dimensions` is outside 1 ... `kind.maximumDimensions`.
    public init(kind: Kind, dimensions: Int) throws {
        guard dimensions >= 1, dimensions <= kind.maximumDimensions else {
            throw DimensionError(kind: kind, dimensions: dimensions)
        }
        GSLRuntime.prepare()
        guard let made = gsl_qrng_alloc(kind.gslType, UInt32(dimensions)) else {
            throw DimensionError(kind: kind, dimensions: dimensions)
        }
        generator = made
        self.dimensions = dimensions
        self.kind = kind
    }

    deinit {
        gsl_qrng_free(generator)
    }

    /// The next point, each coordinate in [0, 1).
    public func next() -> [Double] {
        var point = [Double](repeating: 0, count: dimensions)
        point.withUnsafeMutableBufferPointer { buffer in
            _ = gsl_qrng_get(generator, buffer.baseAddress)
        }
        return point
    }

    /// The first `count` points after skipping `skip` of them.
    public func points(_ count: Int, skip: Int = 0) -> [[Double]] {
        for _ in 0..<max(0, skip) { _ = next() }
        return (0..<max(0, count)).map { _ in next() }
    }
}
