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

    /// The generator's state when it is taus2 (the default generator), whose draws are
    /// made inline (`scsim_taus_uniform`) instead of through GSL's function pointer; nil
    /// for the other generators.
    @usableFromInline
    let tausState: UnsafeMutableRawPointer?

    /// Makes a generator of `kind`, seeded with `seed`.
    ///
    /// The generator's struct and state are laid out here, as `gsl_rng_alloc` would, but
    /// each on cache lines of their own: every draw writes the state, and two workers'
    /// states side by side in one line (where two small `malloc`s land) would make the
    /// threads fight over it on every draw.
    public init(kind: GeneratorKind = .mt19937, seed: UInt64 = 1) {
        GSLRuntime.prepare()
        let type = kind.gslType
        let stateBytes = RandomStream.paddedBytes(max(1, type.pointee.size))
        let state = UnsafeMutableRawPointer.allocate(byteCount: stateBytes, alignment: RandomStream.lineBytes)
        state.initializeMemory(as: UInt8.self, repeating: 0, count: stateBytes)
        let raw = UnsafeMutableRawPointer.allocate(byteCount: RandomStream.paddedBytes(MemoryLayout<gsl_rng>.stride),
                                                   alignment: RandomStream.lineBytes)
        rng = raw.bindMemory(to: gsl_rng.self, capacity: 1)
        rng.initialize(to: gsl_rng(type: type, state: state))
        self.kind = kind
        tausState = kind == .taus2 && type.pointee.size == scsim_taus_state_size() ? state : nil
        gsl_rng_set(rng, UInt(truncatingIfNeeded: seed))
    }

    /// Two cache lines: adjacent-line prefetching pulls lines in pairs.
    @usableFromInline static let lineBytes = 128

    static func paddedBytes(_ bytes: Int) -> Int {
        (bytes + lineBytes - 1) / lineBytes * lineBytes
    }

    /// Makes a generator positioned at the start of the stream named by `key`.
    public convenience init(kind: GeneratorKind = .mt19937, key: StreamKey) {
        self.init(kind: kind, seed: key.mixed)
    }

    deinit {
        rng.pointee.state.deallocate()
        rng.deinitialize(count: 1)
        UnsafeMutableRawPointer(rng).deallocate()
    }

    /// A second generator at this one's point in its stream: its next draws are this
    /// one's next draws. For looking ahead (to ask for memory a loop will need) without
    /// moving this stream.
    public func copy() -> RandomStream {
        let other = RandomStream(kind: kind)
        other.follow(self)
        return other
    }

    /// Moves this generator to `other`'s point in its stream (the same kind).
    public func follow(_ other: RandomStream) {
        precondition(kind == other.kind, "a stream can only follow one of its own kind")
        gsl_rng_memcpy(rng, other.rng)
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
