import Foundation
import SCModel
import SCScenario

/// A sweep read, checked and expanded: every point resolved to the parameters it runs.
///
/// Made by `SweepLoader`. Everything a run needs is here, so a sweep never starts from a
/// point that would fail validation half-way through.
public struct SweepDefinition: Sendable {
    /// A label for messages and the default database name (the file's `name`, else its stem).
    public var name: String
    /// The sweep file's path as given.
    public var sweepFile: String
    /// The base scenario's path, resolved against the sweep file's folder.
    public var scenarioFile: String
    /// The `set` block as `key.path=value` overrides, applied to every run before the point's values.
    public var fixedOverrides: [String]
    public var parameters: [SweepParameter]
    public var design: SweepDesign
    /// Runs per point. Replicate r of every point runs with seed `baseSeed + r`.
    public var replicates: Int
    public var baseSeed: Int
    /// The base scenario with the `set` block applied and the seed set to `baseSeed`.
    public var baseParameters: ModelParameters
    public var points: [SweepPoint]

    /// Runs in the sweep: points x replicates.
    public var runCount: Int { points.count * replicates }

    /// The run with this id: ids are `point id * replicates + replicate`, so they do not
    /// depend on sharding, resuming or the order runs finish in.
    public func run(_ id: Int) -> SweepRun {
        let point = id / replicates, replicate = id % replicates
        return SweepRun(id: id, pointID: point, replicate: replicate, seed: baseSeed + replicate)
    }

    /// Every run, in id order.
    public var runs: [SweepRun] { (0..<runCount).map(run) }

    /// The parameters one run uses: its point's, with its replicate's seed.
    ///
    /// Common random numbers: the seed depends on the replicate only, so replicate r sees
    /// the same initial network, traits and random streams at every point, and differences
    /// between points are paired.
    public func parameters(for run: SweepRun) -> ModelParameters {
        var parameters = points[run.pointID].parameters
        parameters.seed = run.seed
        return parameters
    }
}

/// One point of a sweep: a value for each varied parameter.
public struct SweepPoint: Sendable {
    /// 0, 1, ... in design order.
    public var id: Int
    /// One value per `SweepDefinition.parameters`, as the scenario reads it (typed by the key).
    public var values: [ParameterValue]
    /// The resolved scenario at this point, seed `baseSeed`.
    public var parameters: ModelParameters
}

/// One run of a sweep.
public struct SweepRun: Equatable, Sendable {
    public var id: Int
    public var pointID: Int
    public var replicate: Int
    public var seed: Int
}

/// Which share of a sweep's runs one process does: shard K of N (1-based) takes the runs
/// whose id is K - 1 modulo N, so each shard gets a mix of points and of run lengths.
public struct Shard: Equatable, Sendable, CustomStringConvertible {
    public var index: Int
    public var count: Int

    public init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// Reads `K/N` with 1 <= K <= N.
    ///
    /// - Throws: `SweepError.badArgument` naming what is wrong.
    public init(parsing text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let k = Int(parts[0].trimmingCharacters(in: .whitespaces)),
              let n = Int(parts[1].trimmingCharacters(in: .whitespaces)) else {
            throw SweepError.badArgument("--shard takes K/N, for example --shard 2/4 (the second of four shards), got '\(text)'")
        }
        guard n >= 1, k >= 1, k <= n else {
            throw SweepError.badArgument("--shard K/N needs 1 <= K <= N, got '\(text)'")
        }
        self.init(index: k, count: n)
    }

    public func contains(runID: Int) -> Bool { runID % count == index - 1 }

    public var description: String { "\(index)/\(count)" }
}
