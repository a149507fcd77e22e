/// The identity of one random stream: (run seed, step, phase, block of citizens).
///
/// MODEL.md section 3: streams are keyed so that the draws a block of citizens sees
/// do not depend on which thread runs it, or on how many threads there are. The key is
/// hashed with SplitMix64 into the generator's seed.
///
/// GSL's generators seed from an `unsigned long`, but mt19937, taus2 and gfsr4 use
/// only its low 32 bits; two different keys therefore share a stream with probability
/// about 2^-32 per pair. This is documented in docs/MODEL.md.
public struct StreamKey: Hashable, Sendable {
    /// The run's seed, from the scenario or `--seed`.
    public var seed: UInt64
    /// The step number; initialisation uses `StreamKey.initialisationStep`.
    public var step: UInt64
    /// Which phase (or initialisation task) draws from this stream.
    public var phase: UInt64
    /// Which block of citizens.
    public var block: UInt64

    /// The pseudo-step used by everything drawn before step 0.
    public static let initialisationStep: UInt64 = 0xFFFF_FFFF

    public init(seed: UInt64, step: UInt64, phase: UInt64, block: UInt64) {
        self.seed = seed
        self.step = step
        self.phase = phase
        self.block = block
    }

    /// The 64-bit seed handed to GSL.
    public var mixed: UInt64 {
        var h = StreamKey.splitMix(seed)
        h = StreamKey.splitMix(h ^ step &* 0x9E37_79B9_7F4A_7C15)
        h = StreamKey.splitMix(h ^ phase &* 0xC2B2_AE3D_27D4_EB4F)
        h = StreamKey.splitMix(h ^ block &* 0x1656_67B1_9E37_79F9)
        // Fold the high half into the low 32 bits, which is all some GSL seeders read.
        return (h ^ (h >> 32)) | 1
    }

    /// SplitMix64's finaliser (Steele, Lea and Flood 2014): a bijection on 64 bits.
    @inlinable
    public static func splitMix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
