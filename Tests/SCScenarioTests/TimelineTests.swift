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

/// Issue 13: timeline events go through the same cross-key rules as the scenario. Before,
/// `score.max` below `score.min`, adoption rates summing above 1 and a start score outside
/// the bounds were all accepted mid-run.
struct TimelineRuleTests {
    @Test func anEventThatPutsScoreMaxBelowScoreMinIsRefused() {
        let found = problems("""
            steps: 100
            timeline:
              - at: 50
                set: {score.max: 100}
            """)
        #expect(found.map(\.description) == [
            "test.yaml:4: timeline[0].set: after the events at step 50: score.min: must be below score.max (100), got 350",
            "test.yaml:4: timeline[0].set: after the events at step 50: adoption.startScore: must be within [score.min, score.max] = [350, 100], got 600",
        ], "\(found)")
    }

    @Test func adoptionRatesSummingAboveOneAndAStartScoreOutsideTheBoundsAreRefused() {
        let found = problems("""
            steps: 100
            timeline:
              - at: 10
                set: {adoption.baseRate: 0.6, adoption.peerRate: 0.6}
              - at: 20
                set: {adoption.startScore: 2000}
            """)
        #expect(found.count == 2, "\(found)")
        #expect(found.first?.keyPath == "timeline[0].set.adoption.peerRate" && found.first?.line == 4, "\(found)")
        #expect(found.first?.message.contains("after the events at step 10: adoption.peerRate: adoption.baseRate + adoption.peerRate must be at most 1, it is 1.2") == true, "\(found)")
        #expect(found.last?.keyPath == "timeline[1].set.adoption.startScore", "\(found)")
        #expect(found.last?.message.contains("must be within [score.min, score.max]") == true, "\(found)")
    }

    @Test func eventsOfOneStepApplyTogetherAndLaterStepsMayRepairNothingSilently() throws {
        // Raising both bounds past each other in two events of one step is fine.
        let p = try parameters("""
            steps: 100
            timeline:
              - at: 30
                set: {score.min: 900}
              - at: 30
                set: {score.max: 1000, adoption.startScore: 950}
            """)
        #expect(p.timeline.count == 2)
        // A fixed friendless value must lie within the bounds, at step 0 and after events.
        let fixed = problems("steps: 100\nscore:\n  friendless: 5000\n")
        #expect(fixed.map(\.keyPath) == ["score.friendless"], "\(fixed)")
        let later = problems("steps: 100\ntimeline:\n  - at: 5\n    set: {score.friendless: -5}\n")
        #expect(later.map(\.keyPath) == ["timeline[0].set.score.friendless"], "\(later)")
    }
}
