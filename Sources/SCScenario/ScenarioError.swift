import Foundation

/// Everything wrong with a scenario and its overrides, thrown once.
///
/// The loader collects every problem before throwing so that a user fixes a file in one
/// pass instead of one run per mistake.
public struct ScenarioError: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError {
    /// In the order a reader of the file meets them: by line, then problems with no line,
    /// then problems in `--set` overrides.
    public var problems: [ScenarioProblem]

    public init(problems: [ScenarioProblem]) {
        self.problems = problems
    }

    /// One line per problem, ready to print.
    public var description: String {
        problems.map(\.description).joined(separator: "\n")
    }

    /// The same text, for callers that print `localizedDescription`.
    public var errorDescription: String? { description }
}
