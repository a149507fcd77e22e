import Foundation
import SCModel
import SCScenario
import Testing

/// `--set key.path=value`: read as a YAML scalar, applied after the file.
@Suite struct OverrideTests {
    let file = """
        steps: 100
        score:
          eta: 0.3
        """

    @Test func numberBooleanAndTextOverrides() throws {
        let p = try parameters(file, overrides: ["score.eta=0.6", "mandatory=true", "name=my-run", "network.generator=erdos_renyi", "steps=50"])
        #expect(p.eta == 0.6)
        #expect(p.mandatory == true)
        #expect(p.name == "my-run")
        #expect(p.networkGenerator == .erdosRenyi)
        #expect(p.steps == 50)
    }

    @Test func overridesApplyInOrderAfterTheFile() throws {
        #expect(try parameters(file, overrides: ["score.eta=0.5", "score.eta=0.7"]).eta == 0.7)
    }

    @Test func friendlessOwnAndFixed() throws {
        #expect(try parameters(file, overrides: ["score.friendless=own"]).friendless == .own)
        #expect(try parameters(file, overrides: ["score.friendless=350"]).friendless == .fixed(350))
        #expect(try parameters(file, overrides: ["score.friendless=mean"]).friendless == .mean)
    }

    @Test func unknownKeyIsRefusedWithASuggestion() throws {
        let problem = try #require(onlyProblem(file, overrides: ["score.eat=0.6"]))
        #expect(problem.source == "--set score.eat=0.6")
        #expect(problem.line == nil)
        #expect(problem.keyPath == "score.eat")
        #expect(problem.description == "--set score.eat=0.6: score.eat: unknown key; did you mean 'score.eta'?")
    }

    @Test func wrongTypeIsRefused() throws {
        let problem = try #require(onlyProblem(file, overrides: ["score.eta=x"]))
        #expect(problem.description == "--set score.eta=x: score.eta: must be a number in [0, 1000], got text 'x'")
        let boolean = try #require(onlyProblem(file, overrides: ["mandatory=sometimes"]))
        #expect(boolean.message == "must be true or false, got text 'sometimes'")
        let friendless = try #require(onlyProblem(file, overrides: ["score.friendless=nobody"]))
        #expect(friendless.keyPath == "score.friendless")
    }

    @Test func outOfRangeIsRefused() throws {
        let problem = try #require(onlyProblem(file, overrides: ["audit.rate=1.5"]))
        #expect(problem.message == "must be a number in [0, 1], got 1.5")
    }

    @Test func malformedOverrides() throws {
        let found = problems(file, overrides: ["score.eta", "=3", "score.eta=", "score.eta=[1, 2]"])
        #expect(found.map(\.source) == ["--set score.eta", "--set =3", "--set score.eta=", "--set score.eta=[1, 2]"])
        #expect(found[0].message.hasPrefix("must be written key.path=value"))
        #expect(found[1].message.contains("empty"))
        #expect(found[2].message.hasSuffix("got nothing"))
        #expect(found[3].message.hasSuffix("got a list"))
    }

    @Test func listsCannotBeOverridden() throws {
        let found = problems(file, overrides: ["goods=[]", "timeline[0].at=3", "goods.name=x"])
        #expect(found.map(\.keyPath) == ["goods", "timeline[0].at", "goods.name"])
        #expect(found[0].message == "is a list and cannot be set with --set; edit it in the scenario file")
        #expect(found[1].message.hasPrefix("timeline is a list"))
    }

    @Test func groupIsNotAKey() throws {
        let problem = try #require(onlyProblem(file, overrides: ["score=1"]))
        #expect(problem.message.contains("is a group of keys"))
    }

    @Test func overrideProblemsComeAfterTheFiles() throws {
        let found = problems("score: {eta: -1}", overrides: ["seed=x"])
        #expect(found.map(\.source) == ["test.yaml", "--set seed=x"])
    }

    @Test func consistencyProblemCausedByAnOverrideNamesIt() throws {
        let problem = try #require(onlyProblem(file, overrides: ["adoption.peerRate=0.999"]))
        #expect(problem.source == "--set adoption.peerRate=0.999")
        #expect(problem.keyPath == "adoption.peerRate")
        #expect(problem.line == nil)
    }

    @Test func overriddenStepsCheckTheFilesTimeline() throws {
        // The file's own steps (10) are shorter than its event: an error, override or not.
        let problem = try #require(onlyProblem("""
            steps: 10
            timeline:
              - at: 60
                set: {mandatory: true}
            """, overrides: ["steps=50"]))
        #expect(problem.description == "test.yaml:3: timeline[0].at: must be a step in [0, 49] (steps is 50), got 60")
    }
}

/// Where a relative `network.path` given on the command line points.
@Suite struct OverridePathTests {
    @Test func relativeNetworkPathIsResolvedAgainstTheCurrentDirectory() throws {
        let p = try parameters("network: {generator: edge_list, path: /a/b.txt}", overrides: ["network.path=edges.txt"])
        let expected = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
            .appendingPathComponent("edges.txt").standardizedFileURL.path
        #expect(p.networkPath == expected)
    }
}
