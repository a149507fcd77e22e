import SCModel

/// A scenario read and checked: the parameters to run, and what they were read from.
///
/// The source and the original text travel with the parameters so that a run's manifest
/// can record exactly what made it, comments included.
public struct LoadedScenario: Sendable {
    /// Defaults, then the file, then the overrides; timeline sorted by step.
    public var parameters: ModelParameters
    /// The path the scenario was read from (as given), or the `source` passed to `parse`.
    public var source: String
    /// The scenario text exactly as read.
    public var text: String
    /// What loaded but deserves a note on stderr, in the form of problems (file, line, key
    /// path): timeline events that a run shortened by `--steps` will not reach.
    public var warnings: [ScenarioProblem]

    public init(parameters: ModelParameters, source: String, text: String, warnings: [ScenarioProblem] = []) {
        self.parameters = parameters
        self.source = source
        self.text = text
        self.warnings = warnings
    }
}
