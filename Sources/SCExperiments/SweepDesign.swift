import SCModel
import SCRandom

/// How a sweep chooses its parameter points.
public enum SweepDesign: Equatable, Sendable, CustomStringConvertible {
    /// Every combination of the parameters' values, the first parameter varying slowest.
    case grid
    /// A Latin hypercube of `samples` points: each parameter's interval is cut into
    /// `samples` equal strata and each stratum is used once, at a uniform position within
    /// it. The permutations and positions come from a GSL stream seeded with `seed`.
    case latinHypercube(samples: Int, seed: UInt64)
    /// The first `samples` points of GSL's Sobol sequence, after skipping `skip`.
    case sobol(samples: Int, skip: Int)
    /// The first `samples` points of GSL's Halton sequence, after skipping `skip`.
    case halton(samples: Int, skip: Int)

    /// The name used in sweep files (`design: sobol`).
    public var method: String {
        switch self {
        case .grid: return "grid"
        case .latinHypercube: return "latin_hypercube"
        case .sobol: return "sobol"
        case .halton: return "halton"
        }
    }

    /// Every method a sweep file may name.
    public static let methods = ["grid", "latin_hypercube", "sobol", "halton"]

    /// Whether the design draws from intervals (rather than listing values).
    public var isSampling: Bool { self != .grid }

    public var description: String {
        switch self {
        case .grid: return "grid"
        case .latinHypercube(let samples, let seed): return "latin_hypercube(samples: \(samples), seed: \(seed))"
        case .sobol(let samples, let skip): return "sobol(samples: \(samples), skip: \(skip))"
        case .halton(let samples, let skip): return "halton(samples: \(samples), skip: \(skip))"
        }
    }

    /// The points, each a value per parameter in the parameters' order.
    ///
    /// Sampled coordinates u in [0, 1) map to `from + u (to - from)` (to 12 significant
    /// digits) for a number key and to `from + floor(u (to - from + 1))` for a whole-number
    /// key, so every whole number in the interval is equally likely.
    ///
    /// - Parameter integerKeys: which parameters take whole numbers.
    /// - Throws: `QuasiRandomSequence.DimensionError` for too many parameters.
    public func points(for parameters: [SweepParameter], integerKeys: Set<String>) throws -> [[ParameterValue]] {
        switch self {
        case .grid:
            var points: [[ParameterValue]] = [[]]
            for parameter in parameters {
                let values = parameter.gridValues
                points = points.flatMap { prefix in values.map { prefix + [$0] } }
            }
            return parameters.isEmpty ? [] : points
        case .latinHypercube(let samples, let seed):
            let unit = SweepDesign.latinHypercube(samples: samples, dimensions: parameters.count, seed: seed)
            return unit.map { scale($0, parameters, integerKeys) }
        case .sobol(let samples, let skip):
            let sequence = try QuasiRandomSequence(kind: .sobol, dimensions: parameters.count)
            return sequence.points(samples, skip: skip).map { scale($0, parameters, integerKeys) }
        case .halton(let samples, let skip):
            let sequence = try QuasiRandomSequence(kind: .halton, dimensions: parameters.count)
            return sequence.points(samples, skip: skip).map { scale($0, parameters, integerKeys) }
        }
    }

    /// `samples` points in [0, 1)^dimensions, one per stratum in every dimension.
    static func latinHypercube(samples: Int, dimensions: Int, seed: UInt64) -> [[Double]] {
        let stream = RandomStream(kind: .mt19937, key: StreamKey(seed: seed, step: 0, phase: latinHypercubePhase, block: 0))
        var points = [[Double]](repeating: [Double](repeating: 0, count: dimensions), count: samples)
        for dimension in 0..<dimensions {
            var strata = Array(0..<samples)
            // Fisher-Yates, from the end: every permutation equally likely.
            for i in stride(from: samples - 1, to: 0, by: -1) {
                strata.swapAt(i, stream.uniformInt(i + 1))
            }
            for sample in 0..<samples {
                points[sample][dimension] = (Double(strata[sample]) + stream.uniform()) / Double(samples)
            }
        }
        return points
    }

    /// Keeps the design's stream apart from the model's (whose phases are small numbers).
    static let latinHypercubePhase: UInt64 = 0x4C48_5300

    private func scale(_ unit: [Double], _ parameters: [SweepParameter], _ integerKeys: Set<String>) -> [ParameterValue] {
        zip(unit, parameters).map { u, parameter in
            guard case .interval(let from, let to) = parameter.values else { return .number(.nan) }
            if integerKeys.contains(parameter.path) {
                let low = from.rounded(.up), high = to.rounded(.down)
                return .integer(Int(min(high, low + (u * (high - low + 1)).rounded(.down))))
            }
            return .number(SweepParameter.tidy(from + u * (to - from)))
        }
    }
}
