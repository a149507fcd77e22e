import Foundation
import SCModel
import SCScenario
import ScsimKit
import Testing

/// The package root, found from this file's path (Tests/SCScenarioTests/TestSupport.swift).
func packageRoot(_ file: String = #filePath) -> URL {
    ScsimKit.registerBuiltInModels()
    return URL(fileURLWithPath: file).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}

/// Parameters read from inline YAML; fails the test with every problem if it does not load.
func parameters(_ yaml: String, overrides: [String] = [], sourceLocation: SourceLocation = #_sourceLocation) throws -> ModelParameters {
    ScsimKit.registerBuiltInModels()
    do {
        return try ScenarioLoader.parse(yaml: yaml, source: "test.yaml", baseDirectory: "", overrides: overrides).parameters
    } catch let error as ScenarioError {
        Issue.record("expected no problems, got:\n\(error)", sourceLocation: sourceLocation)
        throw error
    }
}

/// The problems inline YAML produces; fails the test if it loads cleanly.
func problems(_ yaml: String, overrides: [String] = [], sourceLocation: SourceLocation = #_sourceLocation) -> [ScenarioProblem] {
    ScsimKit.registerBuiltInModels()
    do {
        _ = try ScenarioLoader.parse(yaml: yaml, source: "test.yaml", baseDirectory: "", overrides: overrides)
        Issue.record("expected problems, the scenario loaded", sourceLocation: sourceLocation)
        return []
    } catch let error as ScenarioError {
        return error.problems
    } catch {
        Issue.record("expected a ScenarioError, got \(error)", sourceLocation: sourceLocation)
        return []
    }
}

/// The single problem inline YAML produces; fails the test unless there is exactly one.
func onlyProblem(_ yaml: String, overrides: [String] = [], sourceLocation: SourceLocation = #_sourceLocation) -> ScenarioProblem? {
    let found = problems(yaml, overrides: overrides, sourceLocation: sourceLocation)
    if found.count != 1 {
        Issue.record("expected one problem, got \(found.count):\n\(found.map(\.description).joined(separator: "\n"))", sourceLocation: sourceLocation)
    }
    return found.first
}
