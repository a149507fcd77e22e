import Foundation
import SCNetwork
import SCModel
import SCScenario

/// Turns a sweep file into a checked `SweepDefinition`: every point resolved through the
/// scenario loader, exactly as `scsim run SCENARIO --set key=value ...` would resolve it.
///
/// All-or-nothing, like scenarios: either every point is a valid scenario, or a
/// `SweepError.invalidFile` lists the problems, each at its line in the sweep file (or in
/// the base scenario, for a problem of the scenario itself).
public enum SweepLoader {
    /// Problems listed before the rest are summarised as "and N more".
    static let maximumProblems = 20

    /// Reads and checks the sweep file at `path`.
    ///
    /// - Throws: `SweepError.invalidFile`.
    public static func load(path: String) throws -> SweepDefinition {
        let text: String
        do {
            text = try RegularFile.text(path)
        } catch {
            let reason = error.description == String(cString: strerror(ENOENT)) ? "no such file" : "cannot read the sweep file (\(error))"
            throw SweepError.invalidFile([ScenarioProblem(source: path, line: nil, keyPath: "", message: reason)])
        }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        return try parse(yaml: text, source: path, baseDirectory: directory)
    }

    /// Reads and checks sweep text.
    ///
    /// - Parameters:
    ///   - source: how to name the text in messages, usually its path; its stem is the
    ///     default name.
    ///   - baseDirectory: what the `scenario` path is relative to.
    public static func parse(yaml: String, source: String, baseDirectory: String) throws -> SweepDefinition {
        var reader = SweepFileReader(source: source)
        reader.read(yaml: yaml)
        guard reader.problems.isEmpty, let scenario = reader.scenario else {
            throw SweepError.invalidFile(reader.problems)
        }
        let scenarioPath = scenario.hasPrefix("/") || baseDirectory.isEmpty
            ? scenario : URL(fileURLWithPath: baseDirectory, isDirectory: true).appendingPathComponent(scenario).standardizedFileURL.path
        var resolver = PointResolver(reader: reader, scenarioPath: scenarioPath, sweepDirectory: baseDirectory)
        return try resolver.resolve(source: source)
    }

    /// `key=value`, for messages.
    static func overrideText(_ path: String, _ value: ParameterValue) -> String {
        switch value {
        case .number(let x): return "\(path)=\(formatNumber(x))"
        case .integer(let x): return "\(path)=\(x)"
        case .boolean(let x): return "\(path)=\(x)"
        case .text(let x): return "\(path)=\(x)"
        }
    }
}

/// Resolves the points of a read sweep file against its base scenario.
struct PointResolver {
    let reader: SweepFileReader
    let scenarioPath: String
    /// What a relative `network.path` in the sweep file is relative to.
    let sweepDirectory: String
    var problems: [ScenarioProblem] = []
    var scenarioText = ""

    init(reader: SweepFileReader, scenarioPath: String, sweepDirectory: String) {
        self.reader = reader
        self.scenarioPath = scenarioPath
        self.sweepDirectory = sweepDirectory
    }

    /// The `set` block as written, for messages and the definition.
    var fixedOverrides: [String] { reader.settings.map { "\($0.path)=\($0.text)" } }

    /// The `set` block, applied to the base scenario by the scenario reader's rules. Each is
    /// named `--set KEY=VALUE` so that `relocate` finds its line in the sweep file.
    var fixedSettings: [ScenarioSetting] {
        reader.settings.map {
            ScenarioSetting(path: $0.path, value: .yaml($0.node), source: "--set \($0.path)=\($0.text)", baseDirectory: sweepDirectory)
        }
    }

    mutating func resolve(source: String) throws -> SweepDefinition {
        let text: String
        do {
            text = try RegularFile.text(scenarioPath)
        } catch {
            let exists = FileManager.default.fileExists(atPath: scenarioPath)
            throw SweepError.invalidFile([problem("scenario", reader.scenarioLine,
                                                  exists ? "cannot read \(scenarioPath) (\(error))" : "no such file: \(scenarioPath)")])
        }
        scenarioText = text

        // The base scenario with the `set` block.
        guard let base = scenario(settings: fixedSettings, blame: { _ in nil }) else { throw SweepError.invalidFile(problems) }

        // Each parameter on its own: its key exists and its extreme or listed values are allowed.
        var integerKeys: Set<String> = []
        for parameter in reader.parameters {
            checkParameter(parameter, integerKeys: &integerKeys)
        }
        guard problems.isEmpty else { throw SweepError.invalidFile(problems) }

        // The points, each resolved in full (cross-key rules may fail at some points only).
        var design = reader.design
        let designSeed = reader.designSeed ?? reader.seed
        switch design {
        case .latinHypercube(let samples, _):
            design = .latinHypercube(samples: samples, seed: UInt64(designSeed))
        case .morris(var settings):
            settings.seed = designSeed
            settings.file = reader.designFile ?? DesignFile.defaultName(forSweep: source)
            settings.rows = try designRows(.morris(settings), file: settings.file)
            design = .morris(settings)
        case .saltelli(var settings):
            settings.seed = designSeed
            settings.file = reader.designFile ?? DesignFile.defaultName(forSweep: source)
            settings.rows = try designRows(.saltelli(settings), file: settings.file)
            design = .saltelli(settings)
        default:
            break
        }
        let baseValues = reader.parameters.map { ParameterCatalog.spec(for: $0.path)?.value(in: base) ?? .text("") }
        let rawPoints: [[ParameterValue]]
        do {
            rawPoints = try design.points(for: reader.parameters, integerKeys: integerKeys, baseValues: baseValues)
        } catch {
            throw SweepError.invalidFile([problem("design", reader.designLine, "\(error)")])
        }
        var points: [SweepPoint] = []
        points.reserveCapacity(rawPoints.count)
        var failedPoints = 0
        for (id, values) in rawPoints.enumerated() {
            let label = zip(reader.parameters, values).map { "\($0.path)=\($1)" }.joined(separator: ", ")
            guard let resolved = assign(values, to: base, blame: "at point \(id) (\(label))") else {
                failedPoints += 1
                continue
            }
            let typed = reader.parameters.map { ParameterCatalog.spec(for: $0.path)?.value(in: resolved) ?? .text("") }
            var parameters = resolved
            parameters.seed = reader.seed
            points.append(SweepPoint(id: id, values: typed, parameters: parameters))
        }
        if !problems.isEmpty {
            if problems.count > SweepLoader.maximumProblems {
                let more = problems.count - SweepLoader.maximumProblems
                problems = Array(problems.prefix(SweepLoader.maximumProblems))
                problems.append(problem("parameters", reader.parametersLine, "and \(more) more problems (\(failedPoints) points in all fail)"))
            }
            throw SweepError.invalidFile(problems)
        }
        var baseParameters = base
        baseParameters.seed = reader.seed
        let name = reader.name ?? URL(fileURLWithPath: source).deletingPathExtension().lastPathComponent
        return SweepDefinition(name: name, sweepFile: source, scenarioFile: scenarioPath, fixedOverrides: fixedOverrides,
                               parameters: reader.parameters, design: design, replicates: reader.replicates,
                               baseSeed: reader.seed, baseParameters: baseParameters, points: points)
    }

    /// A Morris or Saltelli design's rows, read from its design file and checked against
    /// the sweep's settings and parameters.
    func designRows(_ design: SweepDesign, file: String) throws -> [[Double]] {
        let path = file.hasPrefix("/") || sweepDirectory.isEmpty
            ? file : URL(fileURLWithPath: sweepDirectory, isDirectory: true).appendingPathComponent(file).standardizedFileURL.path
        do {
            return try DesignFile.read(path: path, design: design, parameters: reader.parameters)
        } catch let error as DesignFile.Problem {
            throw SweepError.invalidFile([problem("design.file", reader.designFileLine ?? reader.designLine,
                                                  "\(path): \(error.message); make it with `scsim-sa design \(reader.source)`")])
        }
    }

    /// Checks one parameter's key and the values that bound what it takes.
    mutating func checkParameter(_ parameter: SweepParameter, integerKeys: inout Set<String>) {
        let shown = "parameters.\(parameter.path)"
        let candidates: [ParameterValue]
        switch parameter.values {
        case .list(let values):
            candidates = values
        case .range, .interval:
            if let spec = ParameterCatalog.spec(for: parameter.path) {
                switch spec.domain {
                case .number, .friendless: break
                case .integer: integerKeys.insert(parameter.path)
                default:
                    problems.append(problem(shown, parameter.line, "takes \(spec.domain), not a range of numbers: list its values instead"))
                    return
                }
            }
            let values = parameter.gridValues
            if case .interval(let from, let to) = parameter.values {
                candidates = integerKeys.contains(parameter.path)
                    ? [.integer(Int(from.rounded(.up))), .integer(Int(to.rounded(.down)))] : [.number(from), .number(to)]
                if integerKeys.contains(parameter.path), from.rounded(.up) > to.rounded(.down) {
                    problems.append(problem(shown, parameter.line, "empty range: no whole number lies between \(formatNumber(from)) and \(formatNumber(to))"))
                    return
                }
            } else {
                candidates = [values.first, values.last].compactMap { $0 }
            }
        }
        var seen: Set<String> = []
        for value in candidates {
            let before = problems.count
            let override = SweepLoader.overrideText(parameter.path, value)
            let setting = ScenarioSetting(path: parameter.path, value: .typed(value), source: "--set \(override)", baseDirectory: sweepDirectory)
            _ = scenario(settings: fixedSettings + [setting], blame: { key in key == parameter.path ? nil : "with \(override)" })
            // One message per distinct problem: an unknown key is reported once, not per value.
            var kept = Array(problems[..<before])
            for found in problems[before...] where seen.insert(found.message).inserted { kept.append(found) }
            problems = kept
            if problems.count > before, ParameterCatalog.spec(for: parameter.path) == nil { return }
        }
    }

    /// The base scenario with one point's values assigned through the catalogue (the same
    /// specs and rules as a `--set`, without writing and re-reading YAML), or nil with the
    /// point's problems recorded against the sweep file's lines.
    mutating func assign(_ values: [ParameterValue], to base: ModelParameters, blame: String) -> ModelParameters? {
        var resolved = base
        let before = problems.count
        for (parameter, value) in zip(reader.parameters, values) {
            guard let spec = ParameterCatalog.spec(for: parameter.path) else { continue }  // reported by checkParameter
            if let refused = spec.assign(value, to: &resolved) {
                problems.append(problem("parameters.\(parameter.path)", parameter.line, "\(blame): \(refused)"))
            } else if spec.path == "network.path" {
                resolved.networkPath = ScenarioLoader.resolve(resolved.networkPath, against: sweepDirectory)
            }
        }
        if problems.count == before {
            for broken in resolved.consistencyProblems() {
                let found = ScenarioProblem(source: "--set \(broken.path)", line: nil, keyPath: broken.path, message: broken.message)
                problems.append(relocate(found, blame: { _ in blame }))
            }
        }
        return problems.count == before ? resolved : nil
    }

    /// The scenario text resolved with `settings`, or nil with its problems recorded.
    ///
    /// Problems in the scenario file keep its name and line; problems caused by an
    /// override are moved to the line in the sweep file that wrote it (`set` or
    /// `parameters`), with `blame` adding which point it was.
    mutating func scenario(settings: [ScenarioSetting], blame: (String) -> String?) -> ModelParameters? {
        do {
            let directory = URL(fileURLWithPath: scenarioPath).deletingLastPathComponent().path
            // A sweep has nowhere to show warnings, so a `steps` shorter than the scenario's
            // timeline stays a problem here rather than silently dropping events.
            return try ScenarioLoader.parse(yaml: scenarioText, source: scenarioPath, baseDirectory: directory, settings: settings,
                                            dropsEventsAfterShortenedRun: false).parameters
        } catch let error as ScenarioError {
            for found in error.problems {
                problems.append(relocate(found, blame: blame))
            }
            return nil
        } catch {
            problems.append(problem("scenario", reader.scenarioLine, "\(error)"))
            return nil
        }
    }

    func relocate(_ found: ScenarioProblem, blame: (String) -> String?) -> ScenarioProblem {
        guard found.source.hasPrefix("--set ") else { return found }
        let key = found.keyPath
        if let parameter = reader.parameters.first(where: { $0.path == key || $0.path.hasPrefix(key + ".") }) {
            let prefix = blame(key).map { $0 + ": " } ?? ""
            return problem("parameters.\(parameter.path)", parameter.line, prefix + found.message)
        }
        if let setting = reader.settings.first(where: { $0.path == key }) {
            return problem("set.\(key)", setting.line, found.message)
        }
        // A rule across keys (shares summing to 1): blame the point when there is one.
        let prefix = blame(key).map { $0 + ": " } ?? ""
        return problem(key, reader.parametersLine, prefix + found.message)
    }

    func problem(_ keyPath: String, _ line: Int?, _ message: String) -> ScenarioProblem {
        ScenarioProblem(source: reader.source, line: line, keyPath: keyPath, message: message)
    }
}
