import Foundation
import SCModel
import SCScenario
import Testing

/// docs/SCENARIO_KEYS.md is the generated reference, and it is current.
@Suite struct ScenarioReferenceTests {
    @Test func committedReferenceIsCurrent() throws {
        let url = packageRoot().appendingPathComponent("docs/SCENARIO_KEYS.md")
        let committed = try? String(contentsOf: url, encoding: .utf8)
        #expect(committed == ScenarioReference.markdown(),
                "docs/SCENARIO_KEYS.md is out of date: regenerate it with `swift run scsim keys > docs/SCENARIO_KEYS.md`")
    }

    @Test func everyKeyHasARow() {
        let markdown = ScenarioReference.markdown()
        for spec in ParameterCatalog.all {
            #expect(markdown.contains("| `\(spec.path)` |"), "missing \(spec.path)")
        }
        #expect(markdown.contains("## `goods`"))
        #expect(markdown.contains("## `timeline`"))
    }

    @Test func rowsShowDefaultDomainAndTimeline() {
        let markdown = ScenarioReference.markdown()
        #expect(markdown.contains("| `score.eta` | `0.3` | a number in [0, 1000] | yes |"))
        #expect(markdown.contains("| `population.size` | `10000` | a whole number in [2, 1000000000] | no |"))
        #expect(markdown.contains("## `score`"))
        #expect(markdown.contains("## Top-level keys"))
    }

    @Test func exampleInTheReferenceLoads() throws {
        let p = try parameters("""
            timeline:
              - at: 260
                set:
                  mandatory: true
                  penalties: true
              - at: 300
                set: {score.eta: 0.6}
            """)
        #expect(p.timeline.count == 2)
    }
}
