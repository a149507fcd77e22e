import Foundation
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
    /// Morris elementary-effects trajectories, row for row as SALib's
    /// `SALib.sample.morris.sample` makes them (read from the design file that
    /// `scsim-sa design` writes with SALib; see `DesignFile`).
    case morris(MorrisSettings)
    /// Saltelli's scheme for Sobol indices, row for row as `SALib.sample.sobol.sample`
    /// makes it (read from the design file `scsim-sa design` writes with SALib).
    case saltelli(SaltelliSettings)
    /// One factor at a time (ten Broeke et al. 2016): the base point (every parameter at
    /// the base scenario's value), then each parameter in turn over its values (`levels`
    /// evenly spaced values of an interval, or the listed or stepped values), the others
    /// at the base scenario's value.
    case ofat(levels: Int)

    /// The name used in sweep files (`design: sobol`).
    public var method: String {
        switch self {
        case .grid: return "grid"
        case .latinHypercube: return "latin_hypercube"
        case .sobol: return "sobol"
        case .halton: return "halton"
        case .morris: return "morris"
        case .saltelli: return "saltelli"
        case .ofat: return "ofat"
        }
    }

    /// Every method a sweep file may name.
    public static let methods = ["grid", "latin_hypercube", "sobol", "halton", "morris", "saltelli", "ofat"]

    /// Whether the design draws from intervals (rather than listing values).
    public var isSampling: Bool {
        switch self {
        case .grid, .ofat: return false
        default: return true
        }
    }

    /// The design's settings for the resolved definition (the analysis reads them from
    /// the database's `sweep.definition`), or nil for the designs that predate them (so
    /// their sweeps keep their identities).
    func settingsObject(_ parameters: [SweepParameter]) -> [String: Any]? {
        let bounds: [String: Any] = Dictionary(uniqueKeysWithValues: parameters.compactMap { parameter -> (String, Any)? in
            guard case .interval(let from, let to) = parameter.values else { return nil }
            return (parameter.path, [from, to])
        })
        switch self {
        case .morris(let m):
            return ["method": "morris", "levels": m.levels, "trajectories": m.trajectories,
                    "optimal": m.optimal.map { $0 as Any } ?? NSNull(), "seed": m.seed, "bounds": bounds]
        case .saltelli(let s):
            return ["method": "saltelli", "samples": s.samples, "second_order": s.secondOrder, "skip": s.skip,
                    "seed": s.seed, "bounds": bounds]
        case .ofat(let levels):
            // Points after the base point, per parameter in order (the analysis splits them so).
            let counts = parameters.map { parameter -> Int in
                if case .interval = parameter.values { return levels }
                return parameter.gridValues.count
            }
            return ["method": "ofat", "levels": levels, "counts": counts]
        default:
            return nil
        }
    }

    public var description: String {
        switch self {
        case .grid: return "grid"
        case .latinHypercube(let samples, let seed): return "latin_hypercube(samples: \(samples), seed: \(seed))"
        case .sobol(let samples, let skip): return "sobol(samples: \(samples), skip: \(skip))"
        case .halton(let samples, let skip): return "halton(samples: \(samples), skip: \(skip))"
        case .morris(let m):
            return "morris(levels: \(m.levels), trajectories: \(m.trajectories), optimal: \(m.optimal.map(String.init) ?? "none"), seed: \(m.seed))"
        case .saltelli(let s):
            return "saltelli(samples: \(s.samples), second_order: \(s.secondOrder), skip: \(s.skip), seed: \(s.seed))"
        case .ofat(let levels): return "ofat(levels: \(levels))"
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
    /// - Parameter baseValues: each parameter's value in the base scenario (an OFAT design
    ///   holds the others there); other designs ignore it.
    public func points(for parameters: [SweepParameter], integerKeys: Set<String>,
                       baseValues: [ParameterValue] = []) throws -> [[ParameterValue]] {
        switch self {
        case .morris(let m):
            return m.rows.map { fromDesignFile($0, parameters, integerKeys) }
        case .saltelli(let s):
            return s.rows.map { fromDesignFile($0, parameters, integerKeys) }
        case .ofat(let levels):
            guard !parameters.isEmpty, baseValues.count == parameters.count else { return [] }
            var points = [baseValues]
            for (index, parameter) in parameters.enumerated() {
                for value in SweepDesign.ofatValues(parameter, levels: levels, integer: integerKeys.contains(parameter.path)) {
                    var point = baseValues
                    point[index] = value
                    points.append(point)
                }
            }
            return points
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

    /// One parameter's values in an OFAT design: an interval's `levels` evenly spaced
    /// values (ends included; whole numbers rounded to the nearest, repeats dropped), else
    /// the listed or stepped values.
    static func ofatValues(_ parameter: SweepParameter, levels: Int, integer: Bool) -> [ParameterValue] {
        guard case .interval(let from, let to) = parameter.values else { return parameter.gridValues }
        var values: [ParameterValue] = []
        for k in 0..<levels {
            let x = levels == 1 ? from : from + Double(k) * (to - from) / Double(levels - 1)
            let value: ParameterValue = integer ? .integer(Int(x.rounded())) : .number(SweepParameter.tidy(x))
            values.append(value)
        }
        return values
    }

    /// A row of a SALib design file (values already scaled to the parameters' intervals)
    /// as scenario values: numbers exactly as SALib made them; a whole-number key's value
    /// mapped like a sampled coordinate (`from + floor(u (to - from + 1))`, u the value's
    /// place in its interval), so every whole number is equally likely.
    private func fromDesignFile(_ row: [Double], _ parameters: [SweepParameter], _ integerKeys: Set<String>) -> [ParameterValue] {
        zip(row, parameters).map { x, parameter in
            guard integerKeys.contains(parameter.path), case .interval(let from, let to) = parameter.values else { return .number(x) }
            let low = from.rounded(.up), high = to.rounded(.down)
            let u = to > from ? min(1, max(0, (x - from) / (to - from))) : 0
            return .integer(Int(min(high, low + (u * (high - low + 1)).rounded(.down))))
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

/// A Morris design's settings (the keys of `design: {method: morris, ...}`), and its rows
/// as read from the design file.
public struct MorrisSettings: Equatable, Sendable {
    /// Grid levels p (even): each parameter takes the values from + k (to - from) / (p - 1).
    public var levels: Int
    /// Trajectories drawn (SALib's N); with `optimal`, the pool Campolongo's selection picks from.
    public var trajectories: Int
    /// Campolongo et al. (2007) optimised trajectories kept from the pool (SALib's
    /// `optimal_trajectories`, with its default local optimisation), or nil for all.
    public var optimal: Int?
    public var seed: Int
    /// The design file's path as written in the sweep file (relative to it).
    public var file: String
    /// (optimal ?? trajectories) x (parameters + 1) rows, one value per parameter.
    public var rows: [[Double]]

    public init(levels: Int, trajectories: Int, optimal: Int?, seed: Int, file: String, rows: [[Double]] = []) {
        self.levels = levels
        self.trajectories = trajectories
        self.optimal = optimal
        self.seed = seed
        self.file = file
        self.rows = rows
    }

    /// Rows the design has for `dimensions` parameters.
    public func rowCount(dimensions: Int) -> Int { (optimal ?? trajectories) * (dimensions + 1) }
}

/// A Saltelli design's settings (the keys of `design: {method: saltelli, ...}`), and its
/// rows as read from the design file.
public struct SaltelliSettings: Equatable, Sendable {
    /// Base samples N, a power of 2.
    public var samples: Int
    /// Whether the design also gives second-order indices (2D + 2 rows per base sample, else D + 2).
    public var secondOrder: Bool
    /// Sobol points skipped (SALib's `skip_values`; 0, or a power of 2 at least `samples`).
    public var skip: Int
    /// Seed of SALib's scrambled Sobol sequence.
    public var seed: Int
    public var file: String
    public var rows: [[Double]]

    public init(samples: Int, secondOrder: Bool, skip: Int, seed: Int, file: String, rows: [[Double]] = []) {
        self.samples = samples
        self.secondOrder = secondOrder
        self.skip = skip
        self.seed = seed
        self.file = file
        self.rows = rows
    }

    public func rowCount(dimensions: Int) -> Int { samples * (secondOrder ? 2 * dimensions + 2 : dimensions + 2) }
}
