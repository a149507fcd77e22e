import Foundation
import GRDB
import SCModel
import SCOutput

/// Per point and metric: the mean over replicates of each run's average over its last
/// steps, with its standard deviation and 95% t-interval; against a baseline point, the
/// paired differences (replicates matched by seed, which common random numbers make
/// comparable) and, for comparison, the unpaired interval.
///
/// Reads any database that keeps the sweep contract (loaders.py), not only scsim's.
public struct SweepSummary: Sendable {
    /// A metric averaged over many columns of the database: the gaming strategies' total.
    public static let derivedMetrics: [(name: String, columns: [String])] = [
        ("gamer_frac", ["padder_frac", "evader_frac", "colluder_frac"]),
    ]

    /// One point's estimate for one metric.
    public struct Estimate: Sendable {
        public var pointID: Int
        public var metric: String
        public var estimate: IntervalEstimate
    }

    /// One point's difference from the baseline for one metric.
    public struct Difference: Sendable {
        public var pointID: Int
        public var metric: String
        /// The point's own estimate.
        public var estimate: IntervalEstimate
        /// Mean, sd and interval of (point - baseline) over replicates with the same seed.
        public var paired: IntervalEstimate
        /// The two-sample interval of the same difference, ignoring the pairing.
        public var unpairedLower: Double
        public var unpairedUpper: Double
    }

    public var name: String
    public var parameterNames: [String]
    /// Point ids in order, and each point's parameter values.
    public var pointIDs: [Int]
    public var pointValues: [Int: [ParameterValue?]]
    public var metrics: [String]
    public var lastSteps: Int
    /// The shortest and longest finished run, in steps (nil when no run has finished).
    public var runLengths: ClosedRange<Int>? = nil
    public var finishedRuns: Int
    /// Runs the sweep has in all, when the database records it.
    public var totalRuns: Int?
    /// point id -> seed -> one value per metric (nil when the run had no value).
    var runValues: [Int: [Int: [Double?]]]

    // MARK: - Loading

    /// Reads the per-run averages of the database at `path`.
    ///
    /// - Parameters:
    ///   - lastSteps: each run's average is over its steps after (last step - lastSteps).
    ///   - metrics: the metrics to keep (default: every numeric time-series column, plus
    ///     `gamer_frac` when the strategy columns are there).
    /// - Throws: `SweepError.notASweepDatabase`, `.badArgument` for an unknown metric or
    ///   `lastSteps` < 1, `.databaseFailure`.
    public static func load(path: String, lastSteps: Int, metrics requested: [String]? = nil) throws -> SweepSummary {
        guard lastSteps >= 1 else { throw SweepError.badArgument("--last must be at least 1 step, got \(lastSteps)") }
        try SweepDatabase.checkRegularFile(path)
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(60)
        let queue = try SweepDatabase.guarded(path, "open") { try DatabaseQueue(path: path, configuration: configuration) }
        defer { try? queue.close() }
        return try SweepDatabase.guarded(path, "read") {
            try queue.read { db in
                guard try db.tableExists("runs"), try db.tableExists("timeseries") else {
                    throw SweepError.notASweepDatabase(path: path, reason: "it has no runs and timeseries tables")
                }
                var metadata: [String: String] = [:]
                if try db.tableExists("sweep") {
                    for row in try Row.fetchAll(db, sql: "SELECT key, value FROM sweep") { metadata[row["key"]] = row["value"] as String }
                }
                let runColumns = try db.columns(in: "runs").map(\.name)
                let parameters = runColumns.filter { !SweepDatabase.fixedRunColumns.contains($0) }
                let seriesColumns = try db.columns(in: "timeseries")
                let numeric = seriesColumns.filter { !["run_id", "step"].contains($0.name) && $0.type.uppercased() != "TEXT" }.map(\.name)
                var available = numeric
                for derived in derivedMetrics where derived.columns.allSatisfy(numeric.contains) { available.append(derived.name) }
                let metrics = try requested.map { list -> [String] in
                    let unknown = list.filter { !available.contains($0) }
                    guard unknown.isEmpty else {
                        throw SweepError.badArgument("no metric \(unknown.joined(separator: ", ")) in \(path); the metrics are \(available.joined(separator: ", "))")
                    }
                    return list
                } ?? available

                // Point values, from each point's first run.
                var pointValues: [Int: [ParameterValue?]] = [:]
                let parameterList = parameters.map(\.quotedDatabaseIdentifier).map { ", " + $0 }.joined()
                for row in try Row.fetchAll(db, sql: "SELECT point_id\(parameterList) FROM runs ORDER BY run_id") {
                    let id: Int = row["point_id"]
                    if pointValues[id] != nil { continue }
                    pointValues[id] = parameters.map { parameterValue(row[$0] as DatabaseValue, path: $0) }
                }

                let expressions = metrics.map { metric -> String in
                    if let derived = derivedMetrics.first(where: { $0.name == metric && !numeric.contains(metric) }) {
                        return "AVG(" + derived.columns.map { "t." + $0.quotedDatabaseIdentifier }.joined(separator: " + ") + ")"
                    }
                    return "AVG(t.\(metric.quotedDatabaseIdentifier))"
                }
                let sql = """
                    SELECT r.run_id, r.point_id, r.seed\(expressions.map { ", " + $0 }.joined())
                    FROM runs r
                    JOIN (SELECT run_id, MAX(step) AS last_step FROM timeseries GROUP BY run_id) l ON l.run_id = r.run_id
                    JOIN timeseries t ON t.run_id = r.run_id AND t.step > l.last_step - ?
                    WHERE r.status = 'ok'
                    GROUP BY r.run_id ORDER BY r.run_id
                    """
                var runValues: [Int: [Int: [Double?]]] = [:]
                var finished = 0
                for row in try Row.fetchAll(db, sql: sql, arguments: [lastSteps]) {
                    let point: Int = row[1], seed: Int = row[2]
                    runValues[point, default: [:]][seed] = (0..<metrics.count).map { row[3 + $0] as Double? }
                    finished += 1
                }
                let lengths = try Row.fetchOne(db, sql: """
                    SELECT MIN(n), MAX(n) FROM (SELECT MAX(t.step) + 1 AS n FROM timeseries t
                    JOIN runs r ON r.run_id = t.run_id WHERE r.status = 'ok' GROUP BY t.run_id)
                    """)
                let shortest: Int? = lengths?[0], longest: Int? = lengths?[1]
                let ids = pointValues.keys.sorted()
                return SweepSummary(name: metadata["name"] ?? URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent,
                                    parameterNames: parameters, pointIDs: ids, pointValues: pointValues, metrics: metrics,
                                    lastSteps: lastSteps,
                                    runLengths: shortest.flatMap { a in longest.map { b in a...b } }, finishedRuns: finished, totalRuns: metadata["runs"].flatMap { Int($0) },
                                    runValues: runValues)
            }
        }
    }

    /// A parameter column's value; a boolean key's 0/1 (as SQLite stores it) becomes
    /// false/true, the form a scenario and `--set` use.
    static func parameterValue(_ value: DatabaseValue, path: String) -> ParameterValue? {
        switch value.storage {
        case .null: return nil
        case .int64(let x):
            if case .boolean? = ParameterCatalog.spec(for: path)?.domain, x == 0 || x == 1 { return .boolean(x == 1) }
            return .integer(Int(x))
        case .double(let x): return .number(x)
        case .string(let x): return .text(x)
        case .blob: return .text("(blob)")
        }
    }

    // MARK: - Estimates

    /// Values of `metric` at `point`, by seed.
    func values(point: Int, metric index: Int) -> [Int: Double] {
        var result: [Int: Double] = [:]
        for (seed, values) in runValues[point] ?? [:] {
            if let value = values[index] { result[seed] = value }
        }
        return result
    }

    /// Every point's estimate of every metric, metric-major.
    public func estimates() -> [Estimate] {
        metrics.enumerated().flatMap { index, metric in
            pointIDs.map { point in
                let byseed = values(point: point, metric: index)
                return Estimate(pointID: point, metric: metric, estimate: IntervalEstimate(byseed.keys.sorted().map { byseed[$0]! }))
            }
        }
    }

    /// Each point's difference from `baseline`, metric-major.
    ///
    /// - Throws: `SweepError.unknownPoint` when no run belongs to `baseline`.
    public func differences(baseline: Int) throws -> [Difference] {
        guard pointIDs.contains(baseline) else {
            throw SweepError.unknownPoint(baseline, available: (pointIDs.max() ?? -1) + 1)
        }
        return metrics.enumerated().flatMap { index, metric in
            let reference = values(point: baseline, metric: index)
            return pointIDs.map { point in
                let own = values(point: point, metric: index)
                let seeds = own.keys.filter { reference[$0] != nil }.sorted()
                let paired = IntervalEstimate(seeds.map { own[$0]! - reference[$0]! })
                let unpaired = IntervalEstimate.unpairedDifference(own.keys.sorted().map { own[$0]! },
                                                                   reference.keys.sorted().map { reference[$0]! })
                return Difference(pointID: point, metric: metric, estimate: IntervalEstimate(own.keys.sorted().map { own[$0]! }),
                                  paired: paired, unpairedLower: unpaired.lower, unpairedUpper: unpaired.upper)
            }
        }
    }

    // MARK: - Text

    /// What each run's average actually covers: its last `lastSteps` steps, or all of its
    /// steps when the runs are shorter than that.
    public var window: String {
        guard let runLengths, runLengths.upperBound <= lastSteps else { return "its last \(lastSteps) steps" }
        let length = runLengths.lowerBound == runLengths.upperBound ? "\(runLengths.upperBound)" : "\(runLengths.lowerBound)-\(runLengths.upperBound)"
        return "all its steps (runs are \(length) steps long, not more than the \(lastSteps) asked for)"
    }

    /// A warning when the runs are shorter than the averaging window, for standard error.
    public var warning: String? {
        guard let runLengths, runLengths.lowerBound < lastSteps else { return nil }
        return "warning: --last \(lastSteps), but the shortest run has \(runLengths.lowerBound) steps: runs that short are averaged over all their steps"
    }

    /// One line on what the numbers are.
    public var heading: String {
        let runs = totalRuns.map { "\(finishedRuns) of \($0) runs finished" } ?? "\(finishedRuns) runs finished"
        return "sweep '\(name)': \(runs), \(pointIDs.count) points; per point, the mean over replicates of each run's average over \(window), with its sd and 95% t-interval"
    }

    /// Aligned tables, one per metric.
    public func table(baseline: Int? = nil) throws -> String {
        var lines = [heading]
        if let baseline {
            lines.append("differences from point \(baseline), paired by seed (common random numbers); the unpaired interval ignores the pairing")
            let rows = try differences(baseline: baseline)
            for metric in metrics {
                lines.append("")
                lines.append("metric: \(metric)")
                var table = [["point"] + parameterNames + ["n", "mean", "diff", "paired 95% CI", "unpaired 95% CI"]]
                for row in rows where row.metric == metric {
                    table.append(["\(row.pointID)"] + shownValues(row.pointID) + [
                        "\(row.paired.n)", Self.short(row.estimate.mean), Self.short(row.paired.mean),
                        Self.interval(row.paired.lower, row.paired.upper), Self.interval(row.unpairedLower, row.unpairedUpper),
                    ])
                }
                lines += Self.align(table)
            }
        } else {
            let rows = estimates()
            for metric in metrics {
                lines.append("")
                lines.append("metric: \(metric)")
                var table = [["point"] + parameterNames + ["n", "mean", "sd", "95% CI"]]
                for row in rows where row.metric == metric {
                    table.append(["\(row.pointID)"] + shownValues(row.pointID) + [
                        "\(row.estimate.n)", Self.short(row.estimate.mean), Self.short(row.estimate.sd),
                        Self.interval(row.estimate.lower, row.estimate.upper),
                    ])
                }
                lines += Self.align(table)
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// CSV with a header: one row per point and metric; with a baseline, the difference
    /// columns follow. Written by `CSV`: numbers in shortest round-trip form (counts as
    /// whole numbers), missing values empty, text quoted when it must be.
    public func csv(baseline: Int? = nil) throws -> String {
        var header = ["point_id"] + parameterNames + ["metric", "n", "mean", "sd", "ci_low", "ci_high"]
        var rows: [[MetricValue]] = []
        if let baseline {
            header += ["baseline_point", "n_pairs", "diff_mean", "diff_sd", "diff_ci_low", "diff_ci_high", "unpaired_ci_low", "unpaired_ci_high"]
            for row in try differences(baseline: baseline) {
                let e = row.estimate, d = row.paired
                rows.append(csvRow(row.pointID, row.metric, [.integer(e.n), .real(e.mean), .real(e.sd), .real(e.lower), .real(e.upper),
                                                             .integer(baseline), .integer(d.n), .real(d.mean), .real(d.sd), .real(d.lower),
                                                             .real(d.upper), .real(row.unpairedLower), .real(row.unpairedUpper)]))
            }
        } else {
            for row in estimates() {
                let e = row.estimate
                rows.append(csvRow(row.pointID, row.metric, [.integer(e.n), .real(e.mean), .real(e.sd), .real(e.lower), .real(e.upper)]))
            }
        }
        var document = CSVDocument(header: header, reservingRows: rows.count, bytesPerRow: 80)
        for row in rows { document.append(row) }
        return document.text
    }

    private func csvRow(_ point: Int, _ metric: String, _ numbers: [MetricValue]) -> [MetricValue] {
        let values = (pointValues[point] ?? []).map { value in value.map { MetricValue.text(Self.fullText($0)) } ?? .missing }
        return [.integer(point)] + values + [.text(metric)] + numbers
    }

    private func shownValues(_ point: Int) -> [String] {
        (pointValues[point] ?? []).map { value in
            switch value {
            case .number(let x)?: return Self.short(x)
            case let other?: return other.description
            case nil: return ""
            }
        }
    }

    static func fullText(_ value: ParameterValue) -> String {
        if case .number(let x) = value { return formatNumber(x) }
        return value.description
    }

    static func short(_ x: Double) -> String {
        x.isFinite ? String(format: "%.6g", x) : "-"
    }

    static func interval(_ lower: Double, _ upper: Double) -> String {
        lower.isFinite && upper.isFinite ? "[\(short(lower)), \(short(upper))]" : "-"
    }

    /// Columns right-aligned to their widest cell.
    static func align(_ rows: [[String]]) -> [String] {
        guard let first = rows.first else { return [] }
        let widths = (0..<first.count).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { column, cell in
                String(repeating: " ", count: widths[column] - cell.count) + cell
            }.joined(separator: "  ")
        }
    }
}
