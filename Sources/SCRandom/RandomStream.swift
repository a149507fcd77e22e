import CGSL

/// One GSL generator, re-seeded for each (seed, step, phase, block) it serves.
///
/// A class because it owns a C allocation (`gsl_rng *`) that must be freed exactly
/// once. Each worker thread owns its own streams; a stream is never shared between
/// threads. Every draw in scsim goes through this type, so no other module touches
/// a C pointer.
public final class RandomStream {
    @usableFromInline
    let rng: UnsafeMutablePointer<gsl_rng>

    /// The algorithm behind this stream.
    public let kind: GeneratorKind

    /// Makes a generator of `kind`, seeded with `seed`.
    public init(kind: GeneratorKind = .mt19937, seed: UInt64 = 1) {
        GSLRuntime.prepare()
        guard let made = gsl_rng_alloc(kind.gslType) else {
            fatalError("GSL could not allocate a \(kind.rawValue) generator (out of memory)")
        }
        self.rng = made
        self.kind = kind
        gsl_rng_set(rng, UInt(truncatingIfNeeded: seed))
    }

    /// Makes a generator positioned at the start of the stream named by `key`.
    public convenience init(kind: GeneratorKind = .mt19937, key: StreamKey) {
        self.init(kind: kind, seed: key.mixed)
    }

    deinit {
        gsl_rng_free(rng)
    }

    /// Restarts this generator at the start of the stream named by `key`.
    @inlinable
    public func reseed(_ key: StreamKey) {
        gsl_rng_set(rng, UInt(truncatingIfNeeded: key.mixed))
    }

    /// Restarts this generator from a raw seed.
    @inlinable
    public func reseed(raw seed: UInt64) {
        gsl_rng_set(rng, UInt(truncatingIfNeeded: seed))
    }
}
