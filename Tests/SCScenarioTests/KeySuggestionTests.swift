@testable import SCScenario
import SCModel
import Testing

/// The nearest valid key for a mistyped one.
@Suite struct KeySuggestionTests {
    let keys = ParameterCatalog.allPaths

    @Test(arguments: [
        ("score.eat", "score.eta"),          // swapped letters
        ("scor.eta", "score.eta"),           // typo in the group
        ("eta", "score.eta"),                // right name, no group
        ("score.unfriendStrength", "ties.unfriendStrength"),  // right name, wrong group
        ("audit.rates", "audit.rate"),
        ("population.sise", "population.size"),
        ("Mandatory", "mandatory"),          // case
        ("timelines", "timeline"),           // structured keys are candidates too
    ])
    func suggestsTheIntendedKey(written: String, intended: String) {
        #expect(KeySuggestion.nearest(to: written, among: keys) == intended)
    }

    @Test func suggestsNothingForUnrelatedNames() {
        #expect(KeySuggestion.nearest(to: "colour", among: keys) == nil)
        #expect(KeySuggestion.nearest(to: "zzzzzzzz.qqqqq", among: keys) == nil)
    }

    @Test func editDistanceCountsATranspositionAsOneEdit() {
        #expect(KeySuggestion.editDistance("eat", "eta") == 1)
        #expect(KeySuggestion.editDistance("kitten", "sitting") == 3)
        #expect(KeySuggestion.editDistance("", "abc") == 3)
        #expect(KeySuggestion.editDistance("same", "same") == 0)
    }
}
