import Foundation
import SCModel
import SCRandom
import SCScenario
import Yams

/// Reads the YAML of a sweep file into its parts, collecting every problem with its line.
///
/// Only the file's own structure is checked here (keys, kinds of value, ranges, design);
/// whether the parameters are scenario keys with allowed values is checked by
/// `SweepLoader`, through the scenario loader, so a sweep accepts exactly what
/// `scsim run --set` accepts.
struct SweepFileReader {
    /// One `set` entry: applied to every run, typed by the same rules as a scenario file.
    struct Setting {
        var path: String
        /// The value as written, for messages (`population.size=2000`).
        var text: String
        var node: Node
        var line: Int?
    }

    static let topLevelKeys = ["name", "scenario", "set", "parameters", "design", "replicates", "seed"]
    static let designKeys = ["method", "samples", "seed", "skip", "levels", "trajectories", "optimal", "second_order", "file"]
    static let rangeKeys: Set<String> = ["from", "to", "step"]
    /// Grids larger than this are refused: a typo in a step, not an experiment.
    static let maximumPoints = 1_000_000
    /// Sweeps with more runs than this (points x replicates) are refused.
    static let maximumRuns = 10_000_000
    /// Problems listed before the rest are summarised as "and N more".
    static let problemsShown = 50

    let source: String
    var problems: [ScenarioProblem] = []

    var name: String?
    var scenario: String?
    var scenarioLine: Int?
    var settings: [Setting] = []
    var parameters: [SweepParameter] = []
    var parametersLine: Int?
    var design: SweepDesign = .grid
    var designLine: Int?
    var replicates = 1
    var replicatesLine: Int?
    var seed = 1
    /// The LHS, Morris or Saltelli seed when the file gives one (else the sweep's seed).
    var designSeed: Int?
    /// Paths of `settings` and `parameters`, for finding repeats in constant time.
    private var settingPaths: Set<String> = []
    private var parameterPaths: Set<String> = []
    /// A Morris or Saltelli design's file as written (nil: the default, `STEM.design.csv`).
    var designFile: String?
    var designFileLine: Int?

    init(source: String) {
        self.source = source
    }

    mutating func report(_ keyPath: String, line: Int?, _ message: String) {
        problems.append(ScenarioProblem(source: source, line: line, keyPath: keyPath, message: message))
    }

    // MARK: - The document

    mutating func read(yaml: String) {
        let document = YAMLDocument(text: yaml, source: source)
        guard document.problems.isEmpty else {
            problems = ScenarioProblem.limited(document.problems, to: Self.problemsShown, source: source)
            return
        }
        let root = document.root
        guard let root, case .mapping(let top) = root else {
            report("", line: root?.mark?.line,
                   "a sweep file is a mapping of keys (\(Self.topLevelKeys.joined(separator: ", "))); see README.md, Sweeps")
            return
        }
        var designNode: (Node, Int?)?
        var seen: [String: Int?] = [:]
        for (keyNode, value) in top {
            guard let written = YAMLDocument.key(keyNode) else {
                report("", line: keyNode.line, "keys must be names such as 'replicates'")
                continue
            }
            let key = written.name, line = written.line
            if let earlier = seen[key] {
                report(key, line: line, "duplicate key: already set" + (earlier.map { " on line \($0)" } ?? ""))
                continue
            }
            if written.isRepeat {
                report(key, line: line, "duplicate key: already set above")
                continue
            }
            seen[key] = line
            switch key {
            case "name":
                name = text(value, key, line)
                if let given = name, let problem = SafeFileName.problem(given) {
                    report(key, line: line, problem.replacingOccurrences(of: "the output folder", with: "the sweep's database"))
                }
            case "scenario":
                scenario = text(value, key, line)
                scenarioLine = line
            case "set": readSettings(value, line: line)
            case "parameters":
                parametersLine = line
                readParameters(value, line: line)
            case "design": designNode = (value, line)
            case "replicates":
                replicates = integer(value, key, line, in: 1...1_000_000) ?? replicates
                replicatesLine = line
            case "seed": seed = integer(value, key, line, in: 0...4_294_967_295) ?? seed
            default:
                report(key, line: line, "unknown key; a sweep file has \(Self.topLevelKeys.joined(separator: ", "))")
            }
        }
        if scenario == nil, seen["scenario"] == nil {
            report("scenario", line: nil, "missing: name the base scenario, for example 'scenario: ../baseline.yaml'")
        }
        if seen["parameters"] == nil {
            report("parameters", line: nil, "missing: list the keys to vary, for example 'parameters: {score.eta: [0, 0.3, 0.6]}'")
        }
        var designRead = true
        if let (node, line) = designNode {
            designLine = line
            let before = problems.count
            readDesign(node, line: line)
            designRead = problems.count == before
        }
        if seed + replicates - 1 > 4_294_967_295 {
            report("seed", line: seen["seed"] ?? nil,
                   "seed + replicates - 1 must be at most 4294967295 (replicate r runs with seed + r), got \(seed + replicates - 1)")
        }
        if designRead { checkParametersAgainstDesign() }
        // In the order a reader of the file meets them; problems with no line last.
        problems = problems.enumerated().sorted { a, b in
            (a.element.line ?? Int.max, a.offset) < (b.element.line ?? Int.max, b.offset)
        }.map(\.element)
        problems = ScenarioProblem.limited(problems, to: Self.problemsShown, source: source)
    }

    // MARK: - set

    mutating func readSettings(_ node: Node, line: Int?) {
        guard case .mapping(let mapping) = node else {
            report("set", line: line, "must be a mapping of scenario keys to values, for example 'set: {population.size: 2000}'")
            return
        }
        flattenSettings(mapping, prefix: "")
    }

    private mutating func flattenSettings(_ mapping: Node.Mapping, prefix: String) {
        for (keyNode, value) in mapping {
            let written = YAMLDocument.key(keyNode)
            let key = written?.name ?? ""
            let path = prefix.isEmpty ? key : prefix + "." + key
            let line = keyNode.line
            if written?.isRepeat == true {
                report("set.\(path)", line: line, "duplicate key")
                continue
            }
            switch value {
            case .mapping(let inner):
                flattenSettings(inner, prefix: path)
            case .scalar(let scalar) where !value.isNull:
                if path == "seed" {
                    report("set.seed", line: line, "the sweep's own 'seed' sets the seeds (replicate r runs with seed + r); remove it from set")
                } else if !settingPaths.insert(path).inserted {
                    report("set.\(path)", line: line, "duplicate key")
                } else {
                    settings.append(Setting(path: path, text: scalar.string, node: value, line: line))
                }
            default:
                report("set.\(path)", line: line, "must be a single value (lists such as timeline and goods belong in the scenario file)")
            }
        }
    }

    // MARK: - parameters

    mutating func readParameters(_ node: Node, line: Int?) {
        guard case .mapping(let mapping) = node, !mapping.isEmpty else {
            report("parameters", line: line,
                   "must be a mapping of scenario keys to values, for example 'score.eta: [0, 0.3, 0.6]' or 'audit.rate: {from: 0, to: 0.1, step: 0.025}'")
            return
        }
        readParameterGroup(mapping, prefix: "")
    }

    private mutating func readParameterGroup(_ mapping: Node.Mapping, prefix: String) {
        for (keyNode, value) in mapping {
            let written = YAMLDocument.key(keyNode)
            let key = written?.name ?? ""
            let path = prefix.isEmpty ? key : prefix + "." + key
            let line = keyNode.line
            let shown = "parameters.\(path)"
            if written?.isRepeat == true || parameterPaths.contains(path) {
                report(shown, line: line, "duplicate parameter")
                continue
            }
            if path == "seed" {
                report(shown, line: line, "the seed is not a parameter: replicate r runs with the sweep's seed + r at every point (common random numbers)")
                continue
            }
            switch value {
            case .sequence(let sequence):
                var values: [ParameterValue] = []
                for item in sequence {
                    switch Self.parameterValue(item, path: path) {
                    case .success(let value): values.append(value)
                    case .failure(let problem): report(shown, line: item.line ?? line, problem.tail)
                    }
                }
                if sequence.isEmpty {
                    report(shown, line: line, "empty list: give at least one value")
                } else if values.count == sequence.count {
                    parameterPaths.insert(path)
                    parameters.append(SweepParameter(path: path, values: .list(values), line: line))
                }
            case .mapping(let inner):
                let keys = inner.keys.compactMap { YAMLDocument.key($0)?.name }
                if !keys.isEmpty, Set(keys).isSubset(of: Self.rangeKeys) {
                    if let values = readRange(inner, shown, line) {
                        parameterPaths.insert(path)
                        parameters.append(SweepParameter(path: path, values: values, line: line))
                    }
                } else {
                    readParameterGroup(inner, prefix: path)
                }
            case .scalar:
                if value.isNull {
                    report(shown, line: line, "got nothing: give a list of values or a range {from, to, step}")
                    continue
                }
                switch Self.parameterValue(value, path: path) {
                case .success(let single):
                    parameterPaths.insert(path)
                    parameters.append(SweepParameter(path: path, values: .list([single]), line: line))
                case .failure(let problem):
                    report(shown, line: line, problem.tail)
                }
            case .alias:
                report(shown, line: line, "aliases are not supported here: write the values out")
            }
        }
    }

    /// `{from, to, step}` (a grid range) or `{from, to}` (an interval for a sampling design).
    private mutating func readRange(_ mapping: Node.Mapping, _ shown: String, _ line: Int?) -> SweepParameter.Values? {
        var numbers: [String: Double] = [:]
        var ok = true
        for (keyNode, value) in mapping {
            let written = YAMLDocument.key(keyNode)
            let key = written?.name ?? ""
            if written?.isRepeat == true {
                report("\(shown).\(key)", line: keyNode.line ?? line, "duplicate key")
                ok = false
                continue
            }
            guard let number = Self.number(value) else {
                let tail: String
                if case .failure(let problem) = YAMLDocument.value(of: value), !value.isNull, case .scalar = value {
                    tail = problem.tail
                } else {
                    tail = "got \(Self.kind(of: value))"
                }
                report("\(shown).\(key)", line: keyNode.line ?? line, "must be a number, \(tail)")
                ok = false
                continue
            }
            numbers[key] = number
        }
        guard ok else { return nil }
        guard let from = numbers["from"], let to = numbers["to"] else {
            report(shown, line: line, "a range needs both 'from' and 'to', for example {from: 0, to: 0.6, step: 0.15}")
            return nil
        }
        guard from <= to else {
            report(shown, line: line, "empty range: from (\(formatNumber(from))) is above to (\(formatNumber(to)))")
            return nil
        }
        guard let step = numbers["step"] else { return .interval(from: from, to: to) }
        guard step > 0 else {
            report(shown, line: line, "empty range: step must be above 0, got \(formatNumber(step))")
            return nil
        }
        // Counted in floating point before any conversion to Int: a tiny step or a span
        // beyond the largest double (from -1e308 to 1e308) made the count trap.
        let steps = (to - from) / step
        guard steps.isFinite, steps < Double(Self.maximumPoints) else {
            let count = steps.isFinite ? "about \(formatNumber((steps + 1).rounded(.down))) values" : "more values than can be counted"
            report(shown, line: line, "the range from \(formatNumber(from)) to \(formatNumber(to)) in steps of \(formatNumber(step)) has \(count); at most \(Self.maximumPoints) are allowed (check the step)")
            return nil
        }
        let count = SweepParameter.rangeCount(from: from, to: to, step: step)
        guard count <= Self.maximumPoints else {
            report(shown, line: line, "the range has \(count) values; at most \(Self.maximumPoints) are allowed (check the step)")
            return nil
        }
        return .range(from: from, to: to, step: step)
    }

    // MARK: - design

    mutating func readDesign(_ node: Node, line: Int?) {
        var method: String?
        var numbers: [String: Int] = [:]
        var secondOrder: Bool?
        var lines: [String: Int?] = [:]
        switch node {
        case .scalar(let scalar):
            method = scalar.string
        case .mapping(let mapping):
            for (keyNode, value) in mapping {
                let written = YAMLDocument.key(keyNode)
                let key = written?.name ?? ""
                let keyLine = keyNode.line
                if written?.isRepeat == true {
                    report("design.\(key)", line: keyLine, "duplicate key")
                    continue
                }
                lines[key] = keyLine
                switch key {
                case "method": method = text(value, "design.method", keyLine)
                case "samples": numbers[key] = integer(value, "design.samples", keyLine, in: 1...Self.maximumPoints)
                case "skip": numbers[key] = integer(value, "design.skip", keyLine, in: 0...1_000_000_000)
                case "seed": numbers[key] = integer(value, "design.seed", keyLine, in: 0...Int(UInt32.max))
                case "levels": numbers[key] = integer(value, "design.levels", keyLine, in: 1...1000)
                case "trajectories": numbers[key] = integer(value, "design.trajectories", keyLine, in: 1...100_000)
                case "optimal": numbers[key] = integer(value, "design.optimal", keyLine, in: 2...100_000)
                case "second_order":
                    if case .scalar(let scalar) = value, value.tag.description == Tag.Name.bool.rawValue, let flag = Bool.construct(from: scalar) {
                        secondOrder = flag
                    } else {
                        report("design.second_order", line: keyLine, "must be true or false, got \(Self.kind(of: value))")
                    }
                case "file":
                    designFile = text(value, "design.file", keyLine)
                    designFileLine = keyLine
                default:
                    report("design.\(key)", line: keyLine, "unknown key; a design has \(Self.designKeys.joined(separator: ", "))")
                }
            }
            if method == nil, lines["method"] == nil {
                report("design.method", line: line, "missing: one of \(SweepDesign.methods.joined(separator: ", "))")
                return
            }
        default:
            report("design", line: line,
                   "must be a method (\(SweepDesign.methods.joined(separator: ", "))) or a mapping such as {method: sobol, samples: 64}")
            return
        }
        guard let method else { return }
        /// Reports every key given that `method` does not take.
        func refuse(_ keys: [String], _ why: (String) -> String) {
            for key in keys where lines[key] != nil {
                report("design.\(key)", line: lines[key] ?? line, why(key))
            }
        }
        let fileKeys = ["file"]
        switch method {
        case "grid":
            refuse(Self.designKeys.filter { $0 != "method" }) { "a grid has no \($0): it runs every combination of the values" }
            design = .grid
        case "latin_hypercube", "sobol", "halton":
            refuse(["levels", "trajectories", "optimal", "second_order"] + fileKeys) { "a \(method) design has no \($0)" }
            guard let samples = numbers["samples"] else {
                if lines["samples"] == nil {
                    report("design.samples", line: line, "missing: a \(method) design needs a sample count, for example design: {method: \(method), samples: 64}")
                }
                return
            }
            let skip = numbers["skip"]
            if method == "latin_hypercube" {
                if lines["skip"] != nil { report("design.skip", line: lines["skip"] ?? line, "only sobol, halton and saltelli designs skip points") }
                designSeed = numbers["seed"]
                design = .latinHypercube(samples: samples, seed: 0)
            } else {
                if lines["seed"] != nil {
                    report("design.seed", line: lines["seed"] ?? line, "a \(method) sequence is deterministic and takes no seed")
                }
                design = method == "sobol" ? .sobol(samples: samples, skip: skip ?? 0) : .halton(samples: samples, skip: skip ?? 0)
            }
        case "morris":
            refuse(["samples", "skip", "second_order"]) { "a morris design has no \($0) (it takes levels, trajectories, optimal, seed, file)" }
            let levels = numbers["levels"] ?? 4
            if lines["levels"] != nil, numbers["levels"] == nil { return }
            if levels < 2 || levels % 2 != 0 {
                report("design.levels", line: lines["levels"] ?? line, "must be an even number of grid levels, at least 2 (SALib's num_levels), got \(levels)")
                return
            }
            guard let trajectories = numbers["trajectories"] else {
                if lines["trajectories"] == nil {
                    report("design.trajectories", line: line, "missing: a morris design needs a trajectory count, for example design: {method: morris, trajectories: 10}")
                }
                return
            }
            if lines["optimal"] != nil, numbers["optimal"] == nil { return }
            if let optimal = numbers["optimal"], optimal > trajectories {
                report("design.optimal", line: lines["optimal"] ?? line,
                       "Campolongo's optimised trajectories are picked from the pool of 'trajectories': need 2 <= optimal <= \(trajectories), got \(optimal)")
                return
            }
            designSeed = numbers["seed"]
            design = .morris(MorrisSettings(levels: levels, trajectories: trajectories, optimal: numbers["optimal"], seed: 0, file: designFile ?? ""))
        case "saltelli":
            refuse(["levels", "trajectories", "optimal"]) { "a saltelli design has no \($0) (it takes samples, second_order, skip, seed, file)" }
            guard let samples = numbers["samples"] else {
                if lines["samples"] == nil {
                    report("design.samples", line: line, "missing: a saltelli design needs the base sample count N (a power of 2), for example design: {method: saltelli, samples: 64}")
                }
                return
            }
            if samples & (samples - 1) != 0 {
                report("design.samples", line: lines["samples"] ?? line, "must be a power of 2 (SALib's Sobol sequence is balanced only then), got \(samples)")
                return
            }
            let skip = numbers["skip"] ?? 0
            if skip > 0, skip & (skip - 1) != 0 || skip < samples {
                report("design.skip", line: lines["skip"] ?? line, "must be 0 or a power of 2 at least samples (\(samples)), as SALib requires, got \(skip)")
                return
            }
            designSeed = numbers["seed"]
            design = .saltelli(SaltelliSettings(samples: samples, secondOrder: secondOrder ?? true, skip: skip, seed: 0, file: designFile ?? ""))
        case "ofat":
            refuse(["samples", "skip", "seed", "trajectories", "optimal", "second_order"] + fileKeys) { "an ofat design has no \($0) (it takes levels)" }
            let levels = numbers["levels"] ?? 5
            if lines["levels"] != nil, numbers["levels"] == nil { return }
            if levels < 2 {
                report("design.levels", line: lines["levels"] ?? line, "must be at least 2 (the values of each range), got \(levels)")
                return
            }
            design = .ofat(levels: levels)
        default:
            report(node.scalar != nil ? "design" : "design.method", line: lines["method"] ?? line,
                   "unknown design '\(method)'; one of \(SweepDesign.methods.joined(separator: ", "))")
        }
    }

    /// A grid needs values; a sampling design needs intervals.
    mutating func checkParametersAgainstDesign() {
        if design.isSampling {
            if case .sobol = design, parameters.count > QuasiRandomSequence.Kind.sobol.maximumDimensions {
                report("parameters", line: parametersLine, "a sobol design takes at most \(QuasiRandomSequence.Kind.sobol.maximumDimensions) parameters, got \(parameters.count)")
            }
            for parameter in parameters {
                switch parameter.values {
                case .interval: continue
                case .list:
                    report("parameters.\(parameter.path)", line: parameter.line,
                           "a \(design.method) design draws from ranges: write {from: A, to: B} instead of a list")
                case .range:
                    report("parameters.\(parameter.path)", line: parameter.line,
                           "a \(design.method) design draws from the whole range: drop the step and write {from: A, to: B}")
                }
            }
        } else if case .ofat = design {
            // Its points are counted by checkRunCount below.
        } else {
            // Counted in checked arithmetic: 20 parameters of 10 values are 10^20 points, which
            // wrapped around to a small number before.
            var points = 1
            var overflowed = false
            for parameter in parameters {
                if case .interval = parameter.values {
                    report("parameters.\(parameter.path)", line: parameter.line,
                           "a grid needs values: add a step ({from, to, step}) or list them, or choose a sampling design (design: {method: latin_hypercube, samples: N})")
                }
                let (product, overflow) = points.multipliedReportingOverflow(by: max(1, parameter.gridValues.count))
                overflowed = overflowed || overflow || product > Self.maximumPoints
                points = overflowed ? Self.maximumPoints + 1 : product
            }
            if overflowed {
                report("parameters", line: parametersLine, "the grid has more than \(Self.maximumPoints) points (the product of the parameters' value counts); sweep fewer values or use a sampling design")
                return
            }
        }
        checkRunCount()
    }

    /// Points times replicates, in checked arithmetic, at most `maximumRuns`: the runs are
    /// listed in memory, so a sweep of 10^12 runs exhausted memory instead of being refused.
    mutating func checkRunCount() {
        let points: Int
        switch design {
        case .grid: points = parameters.reduce(1) { $0 * max(1, $1.gridValues.count) }   // at most maximumPoints, checked above
        case .latinHypercube(let samples, _), .sobol(let samples, _), .halton(let samples, _): points = samples
        case .ofat(let levels):
            points = parameters.reduce(1) { total, parameter in
                if case .interval = parameter.values { return total + levels }
                return total + parameter.gridValues.count
            }
        case .morris, .saltelli: return   // as many points as the design file has rows
        }
        let (runs, overflow) = points.multipliedReportingOverflow(by: replicates)
        if overflow || runs > Self.maximumRuns {
            report("replicates", line: replicatesLine ?? parametersLine,
                   "\(points) points x \(replicates) replicates is more than \(Self.maximumRuns) runs; sweep fewer points or replicates, or split the study into several sweeps")
        }
    }

    // MARK: - Scalars

    private mutating func text(_ node: Node, _ key: String, _ line: Int?) -> String? {
        guard case .scalar(let scalar) = node, !node.isNull, !scalar.string.isEmpty else {
            report(key, line: line, "must be text, got \(Self.kind(of: node))")
            return nil
        }
        return scalar.string
    }

    private mutating func integer(_ node: Node, _ key: String, _ line: Int?, in range: ClosedRange<Int>) -> Int? {
        let allowed = "must be a whole number from \(range.lowerBound) to \(range.upperBound)"
        switch YAMLDocument.value(of: node) {
        case .success(.integer(let value)):
            guard range.contains(value) else {
                report(key, line: line, "\(allowed), got \(value)")
                return nil
            }
            return value
        case .failure(let problem) where !node.isNull:
            report(key, line: line, "\(allowed), \(problem.tail)")
        default:
            report(key, line: line, "\(allowed), got \(Self.kind(of: node))")
        }
        return nil
    }

    static func number(_ node: Node) -> Double? {
        switch YAMLDocument.value(of: node) {
        case .success(.number(let x)): return x.isFinite ? x : nil
        case .success(.integer(let x)): return Double(x)
        default: return nil
        }
    }

    /// A listed value, typed by the same rules as in a scenario file: by its resolved YAML
    /// tag (so `0.5` is a number and `"0.5"` text), except that a free-text key takes the
    /// scalar as written.
    static func parameterValue(_ node: Node, path: String) -> Result<ParameterValue, ValueProblem> {
        guard case .scalar = node, !node.isNull else {
            return .failure(ValueProblem("list items must be single values, got \(kind(of: node))"))
        }
        if let spec = ParameterCatalog.spec(for: path) {
            return YAMLDocument.value(of: node, for: spec).mapError { ValueProblem("must be \(spec.domain), \($0.tail)") }
        }
        return YAMLDocument.value(of: node)
    }

    static func kind(of node: Node) -> String {
        node.isNull ? "nothing" : node.kindDescription
    }
}
