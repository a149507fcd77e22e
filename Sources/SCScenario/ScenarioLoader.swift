import Foundation
import SCNetwork
import SCModel

/// Turns a scenario file and `--set` overrides into checked `ModelParameters`.
///
/// Loading is all-or-nothing: either every key is valid and consistent, or a
/// `ScenarioError` lists every problem with its file and line. A run never starts from a
/// scenario that was half understood.
public enum ScenarioLoader {
    /// Reads and checks the scenario file at `path`, then applies `overrides`.
    ///
    /// A relative `network.path` in the file is resolved against the file's directory, so
    /// a scenario and its edge list can move together.
    ///
    /// An override of `steps` shorter than the file's own `steps` (`scsim run --steps 100`)
    /// drops the timeline events the shortened run cannot reach, each with a warning in
    /// `LoadedScenario.warnings`; events beyond the file's own `steps` remain an error.
    ///
    /// - Parameter overrides: `key.path=value` strings, applied in order after the file.
    /// - Throws: `ScenarioError`, also when the file is missing or unreadable.
    public static func load(path: String, overrides: [String] = []) throws -> LoadedScenario {
        let text: String
        do {
            // A regular file only: a FIFO or /dev/zero would be read forever (issue 13).
            text = try RegularFile.text(path)
        } catch {
            let reason = error.description == String(cString: strerror(ENOENT)) ? "no such file" : "cannot read the scenario file (\(error))"
            throw ScenarioError(problems: [ScenarioProblem(source: path, line: nil, keyPath: "", message: reason)])
        }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        return try parse(yaml: text, source: path, baseDirectory: directory, overrides: overrides)
    }

    /// Reads and checks scenario text, then applies `overrides`.
    ///
    /// - Parameters:
    ///   - source: how to name the text in messages, usually its path.
    ///   - baseDirectory: what a relative `network.path` is relative to; empty keeps it as written.
    ///   - overrides: `key.path=value` strings, applied in order after the text.
    ///   - dropsEventsAfterShortenedRun: whether timeline events after the end of a run
    ///     shortened by a `steps` override are dropped with a warning (the default, as for
    ///     `load`) or are problems, as events beyond the file's own `steps` always are.
    ///   - settings: keys set by another file (a sweep's `set:` block and parameters),
    ///     applied in order after `overrides`, by the same rules.
    /// - Throws: `ScenarioError` with every problem found.
    public static func parse(yaml: String, source: String, baseDirectory: String, overrides: [String] = [],
                             settings: [ScenarioSetting] = [],
                             dropsEventsAfterShortenedRun: Bool = true) throws -> LoadedScenario {
        var reader = ScenarioReader(source: source, baseDirectory: baseDirectory)
        reader.dropsEventsAfterShortenedRun = dropsEventsAfterShortenedRun
        reader.read(yaml: yaml)
        reader.stepsBeforeOverrides = reader.parameters.steps
        for override in overrides { reader.applyOverride(override) }
        for setting in settings { reader.apply(setting) }
        reader.finish()
        guard reader.problems.isEmpty else { throw ScenarioError(problems: reader.problems) }
        return LoadedScenario(parameters: reader.parameters, source: source, text: yaml, warnings: reader.warnings)
    }

    /// `path` resolved against the directory `base` when it is relative and `base` is given,
    /// as a relative `network.path` is.
    public static func resolve(_ path: String, against base: String) -> String {
        ScenarioReader.resolve(path, against: base)
    }
}
