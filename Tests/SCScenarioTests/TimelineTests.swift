import Foundation
import SCModel
import Testing
@testable import SCScenario

/// Timeline events and a `steps` shortened by an override (issue 12, defect 13).
struct ShortenedTimelineTests {
    let file = """
        steps: 520
        timeline:
          - at: 260
            set: {mandatory: true}
          - at: 10
            set: {score.eta: 0.6}
          - at: 400
            set: {penalties: true}
        """

    @Test func eventsBeyondAnOverriddenStepsAreDroppedWithAWarning() throws {
        let loaded = try ScenarioLoader.parse(yaml: file, source: "test.yaml", baseDirectory: "", overrides: ["steps=100"])
        #expect(loaded.parameters.steps == 100)
        #expect(loaded.parameters.timeline.map(\.step) == [10])
        #expect(loaded.warnings.map(\.description) == [
            "test.yaml:3: timeline[0].at: the event at step 260 will not happen: the run has 100 steps (steps=100 on the command line), so it ends at step 99",
            "test.yaml:7: timeline[2].at: the event at step 400 will not happen: the run has 100 steps (steps=100 on the command line), so it ends at step 99",
        ])
    }

    @Test func noWarningWhenTheRunIsLongEnough() throws {
        let loaded = try ScenarioLoader.parse(yaml: file, source: "test.yaml", baseDirectory: "", overrides: ["steps=401"])
        #expect(loaded.parameters.timeline.map(\.step) == [10, 260, 400])
        #expect(loaded.warnings.isEmpty)
        let unchanged = try ScenarioLoader.parse(yaml: file, source: "test.yaml", baseDirectory: "")
        #expect(unchanged.parameters.timeline.count == 3 && unchanged.warnings.isEmpty)
    }

    @Test func theFilesOwnStepsShorterThanItsEventsStaysAnError() {
        let found = problems("steps: 100\ntimeline:\n  - at: 260\n    set: {mandatory: true}\n")
        #expect(found.map(\.description) == ["test.yaml:3: timeline[0].at: must be a step in [0, 99] (steps is 100), got 260"])
    }

    @Test func anEventBeyondTheFileAndTheOverrideStaysAnError() {
        // At 600 the event lies beyond the file's 520 steps: the file is wrong whatever --steps says.
        let found = problems("steps: 520\ntimeline:\n  - at: 600\n    set: {mandatory: true}\n", overrides: ["steps=100"])
        #expect(found.map(\.keyPath) == ["timeline[0].at"])
    }

    @Test func aNegativeStepStaysAnError() {
        let found = problems("steps: 520\ntimeline:\n  - at: -1\n    set: {mandatory: true}\n", overrides: ["steps=100"])
        #expect(found.map(\.keyPath) == ["timeline[0].at"])
    }
}
