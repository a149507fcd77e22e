import ArgumentParser
import SCModel

/// Range checks for numeric command-line options, with one wording: the option, "is out
/// of range", what is allowed, and the value given.
///
/// Such options are declared with `parsing: .unconditional` so that a negative number
/// reaches these checks instead of being taken for a flag (which swift-argument-parser
/// reports as "Missing value").
enum OptionRange {
    /// Refuses `value` below `lower`: "--threads is out of range: must be at least 1, got -1".
    static func check(_ option: String, _ value: Int, atLeast lower: Int, meaning: String? = nil) throws {
        guard value < lower else { return }
        throw ValidationError("\(option) is out of range: must be \(meaning ?? "at least \(lower)"), got \(value)")
    }

    /// Refuses `value` outside the scenario key's own range, worded as the key reference
    /// words it: "--seed is out of range: must be a whole number in [0, 4294967295], got -1".
    static func check(_ option: String, _ value: Int, scenarioKey: String) throws {
        guard let spec = ParameterCatalog.spec(for: scenarioKey) else { return }
        if case .failure(let problem) = spec.domain.admit(.integer(value)) {
            throw ValidationError("\(option) is out of range: \(problem.message)")
        }
    }
}
