import Foundation
import ScsimKit
import SCModel
import SCScenario
import Testing
@testable import SCExperiments

/// Reading sweep files: the points they expand to, and the errors for bad ones.
struct SweepFileTests {
    @Test func gridCombinesListsAndRangesFirstParameterSlowest() throws {
        let definition = try Fixtures.definition(Fixtures.sweepText(parameters: """
              score.eta: [0, 0.6]
              audit.rate: {from: 0.1, to: 0.3, step: 0.1}
            """, replicates: 3, seed: 40))
        #expect(definition.parameters.map(\.path) == ["score.eta", "audit.rate"])
        #expect(definition.points.map(\.values) == [
            [.number(0), .number(0.1)], [.number(0), .number(0.2)], [.number(0), .number(0.3)],
            [.number(0.6), .number(0.1)], [.number(0.6), .number(0.2)], [.number(0.6), .number(0.3)],
        ])
        #expect(definition.runCount == 18)
        // Run ids are point x replicates + replicate; seeds depend on the replicate only.
        #expect(definition.run(7) == SweepRun(id: 7, pointID: 2, replicate: 1, seed: 41))
        let run = definition.run(16)
        let parameters = definition.parameters(for: run)
        #expect(parameters.eta == 0.6 && parameters.auditRate == 0.3 && parameters.seed == 41)
        #expect(parameters.populationSize == 120 && parameters.steps == 24)
    }

    @Test func valuesAreTypedByTheKey() throws {
        let definition = try Fixtures.definition(Fixtures.sweepText(parameters: """
              network.k: [4, 6]
              penalties: [true]
              network.generator: [watts_strogatz, erdos_renyi]
              score:
                relaxation: [0.5]
            """))
        #expect(definition.parameters.map(\.path) == ["network.k", "penalties", "network.generator", "score.relaxation"])
        #expect(definition.points.count == 4)
        #expect(definition.points[3].values == [.integer(6), .boolean(true), .text("erdos_renyi"), .number(0.5)])
    }

    @Test func theIdentityFollowsTheDefinitionNotTheName() throws {
        let text = Fixtures.sweepText(parameters: "  score.eta: [0, 0.3]")
        let a = try Fixtures.definition(text)
        let renamed = try Fixtures.definition(text.replacingOccurrences(of: "name: test", with: "name: other"))
        let moreReplicates = try Fixtures.definition(text.replacingOccurrences(of: "replicates: 2", with: "replicates: 3"))
        let otherValue = try Fixtures.definition(text.replacingOccurrences(of: "[0, 0.3]", with: "[0, 0.4]"))
        #expect(a.identity.count == 64)
        #expect(a.identity == renamed.identity)
        #expect(a.identity != moreReplicates.identity)
        #expect(a.identity != otherValue.identity)
    }

    /// The problems of a bad sweep file, as printed.
    func problems(_ parameters: String, design: String = "grid", extra: String = "") -> [String] {
        do {
            _ = try Fixtures.definition(Fixtures.sweepText(parameters: parameters, design: design) + extra)
            return []
        } catch let error as SweepError {
            #expect(error.isBadInput)
            guard case .invalidFile(let problems) = error else { return ["\(error)"] }
            return problems.map(\.description)
        } catch {
            return ["unexpected \(error)"]
        }
    }

    @Test func anUnknownParameterIsNamedWithItsLineAndANearKey() {
        let found = problems("  score.eat: [0, 0.3]")
        #expect(found == ["test.yaml:7: parameters.score.eat: unknown key; did you mean 'score.eta'?"])
    }

    @Test func valuesOutsideTheKeysDomainAreRefused() {
        let found = problems("  audit.rate: [0.1, 2]\n  score.eta: {from: -1, to: 1, step: 0.5}")
        #expect(found == ["test.yaml:7: parameters.audit.rate: must be a number in [0, 1], got 2",
                          "test.yaml:8: parameters.score.eta: must be a number in [0, 1000], got -1"])
    }

    @Test func emptyRangesAndListsAreRefused() {
        let found = problems("""
              score.eta: {from: 0.6, to: 0, step: 0.1}
              audit.rate: []
              ties.proposeRate: {from: 0, to: 1, step: 0}
            """)
        #expect(found == [
            "test.yaml:7: parameters.score.eta: empty range: from (0.6) is above to (0)",
            "test.yaml:8: parameters.audit.rate: empty list: give at least one value",
            "test.yaml:9: parameters.ties.proposeRate: empty range: step must be above 0, got 0",
        ])
    }

    @Test func malformedDesignsAreRefused() {
        #expect(problems("  score.eta: {from: 0, to: 1}", design: "{method: sobol}")
            == ["test.yaml:8: design.samples: missing: a sobol design needs a sample count, for example design: {method: sobol, samples: 64}"])
        #expect(problems("  score.eta: {from: 0, to: 1}", design: "{method: lhs, samples: 4}")
            == ["test.yaml:8: design.method: unknown design 'lhs'; one of grid, latin_hypercube, sobol, halton, morris, saltelli, ofat"])
        #expect(problems("  score.eta: {from: 0, to: 1}", design: "{method: halton, samples: 0}")
            == ["test.yaml:8: design.samples: must be a whole number from 1 to 1000000, got 0"])
        #expect(problems("  score.eta: [0, 1]", design: "{method: sobol, samples: 8}")
            == ["test.yaml:7: parameters.score.eta: a sobol design draws from ranges: write {from: A, to: B} instead of a list"])
        #expect(problems("  score.eta: {from: 0, to: 1}")
            == ["test.yaml:7: parameters.score.eta: a grid needs values: add a step ({from, to, step}) or list them, or choose a sampling design (design: {method: latin_hypercube, samples: N})"])
    }

    @Test func theSeedIsNotAParameterAndUnknownTopLevelKeysAreNamed() {
        #expect(problems("  seed: [1, 2]") == [
            "test.yaml:7: parameters.seed: the seed is not a parameter: replicate r runs with the sweep's seed + r at every point (common random numbers)",
        ])
        #expect(problems("  score.eta: [0]", extra: "\nreplicats: 3") == [
            "test.yaml:11: replicats: unknown key; a sweep file has name, scenario, set, parameters, design, replicates, seed",
        ])
    }

    @Test func pointsThatBreakARuleAcrossKeysAreNamed() {
        let found = problems("  population.strategies.honest: [0.9, 0.5]")
        #expect(found == [
            "test.yaml:7: parameters.population.strategies.honest: with population.strategies.honest=0.5: "
                + "the shares honest + padder + evader + colluder must sum to 1, they sum to 0.6",
        ])
    }

    @Test func aMissingScenarioIsBlamedOnItsLine() {
        do {
            _ = try SweepLoader.parse(yaml: "scenario: nowhere.yaml\nparameters: {score.eta: [0]}", source: "s.yaml", baseDirectory: "/tmp")
            Issue.record("expected an error")
        } catch {
            #expect("\(error)" == "s.yaml:1: scenario: no such file: /tmp/nowhere.yaml")
        }
    }

    @Test func everyShippedSweepLoads() throws {
        let folder = Fixtures.packageRoot.appendingPathComponent("scenarios/sweeps")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(files.first == "01-smoke.yaml")
        for file in files {
            ScsimKit.registerBuiltInModels()
            let definition = try SweepLoader.load(path: folder.appendingPathComponent(file).path)
            #expect(definition.runCount > 0, "\(file)")
        }
        // The first by name finishes in seconds: at most a few hundred thousand agent-steps.
        let smoke = try SweepLoader.load(path: folder.appendingPathComponent(files[0]).path)
        let agentSteps = smoke.points.reduce(0) { $0 + $1.parameters.populationSize * $1.parameters.steps } * smoke.replicates
        #expect(agentSteps <= 200_000)
    }
}

/// A sweep file follows the scenario file's rules: one reader (issue 13).
struct SweepReaderRuleTests {
    func problems(_ text: String, baseDirectory: String = "") -> [String] {
        ScsimKit.registerBuiltInModels()
        do {
            _ = try SweepLoader.parse(yaml: text, source: "test.yaml", baseDirectory: baseDirectory)
            Issue.record("expected problems")
            return []
        } catch SweepError.invalidFile(let problems) {
            return problems.map(\.description)
        } catch {
            return ["unexpected \(error)"]
        }
    }

    @Test func aQuotedNumberInSetIsRefusedAsInAScenario() {
        let text = Fixtures.sweepText(parameters: "  score.eta: [0.3]").replacingOccurrences(of: "population.size: 120", with: "population.size: \"120\"")
        #expect(problems(text) == ["test.yaml:4: set.population.size: must be a whole number in [2, 1000000000], got text '120'"])
    }

    @Test func aQuotedNumberInParametersIsRefusedAsInAScenario() {
        let found = problems(Fixtures.sweepText(parameters: "  score.eta: [\"0.5\"]"))
        #expect(found == ["test.yaml:7: parameters.score.eta: must be a number in [0, 1000], got text '0.5'"], "\(found)")
    }

    @Test func yaml11NumberFormsAreRefusedInASweep() {
        let found = problems(Fixtures.sweepText(parameters: "  steps: [017]").replacingOccurrences(of: "replicates: 2", with: "replicates: 1:20"))
        #expect(found.count == 2, "\(found)")
        #expect(found[0].hasPrefix("test.yaml:7: parameters.steps: must be a whole number in [1, 100000000], got '017', a whole number with a leading zero"), "\(found)")
        #expect(found[1].hasPrefix("test.yaml:9: replicates: must be a whole number from 1 to 1000000, got '1:20', which YAML 1.1 reads as a base-60 number"), "\(found)")
    }

    @Test func aRepeatedKeyInSetIsNamedAtItsLine() {
        let text = Fixtures.sweepText(parameters: "  score.eta: [0.3]").replacingOccurrences(of: "  steps: 24", with: "  steps: 24\n  steps: 30")
        #expect(problems(text) == ["test.yaml:6: set.steps: duplicate key"])
    }

    @Test func networkPathInSetIsRelativeToTheSweepFile() throws {
        ScsimKit.registerBuiltInModels()
        let text = Fixtures.sweepText(parameters: "  score.eta: [0.3]")
            .replacingOccurrences(of: "  steps: 24", with: "  steps: 24\n  network.generator: edge_list\n  network.path: edges/ring.txt")
        let definition = try SweepLoader.parse(yaml: text, source: "/elsewhere/sweeps/test.yaml", baseDirectory: "/elsewhere/sweeps")
        #expect(definition.baseParameters.networkPath == "/elsewhere/sweeps/edges/ring.txt")
        #expect(definition.parameters(for: definition.run(0)).networkPath == "/elsewhere/sweeps/edges/ring.txt")
    }

    @Test func networkPathAsAParameterIsRelativeToTheSweepFile() throws {
        ScsimKit.registerBuiltInModels()
        let text = Fixtures.sweepText(parameters: "  network.path: [a.txt, /abs/b.txt]")
            .replacingOccurrences(of: "  steps: 24", with: "  steps: 24\n  network.generator: edge_list\n  network.path: base.txt")
        let definition = try SweepLoader.parse(yaml: text, source: "/elsewhere/test.yaml", baseDirectory: "/elsewhere")
        #expect(definition.points.map { $0.parameters.networkPath } == ["/elsewhere/a.txt", "/abs/b.txt"])
    }

    @Test func anAliasBombInASweepIsRefused() {
        var lines = ["a0: &a0 {" + (0..<9).map { "k\($0): 1" }.joined(separator: ", ") + "}"]
        for level in 1...5 {
            lines.append("a\(level): &a\(level) {" + (0..<9).map { "k\($0): *a\(level - 1)" }.joined(separator: ", ") + "}")
        }
        let found = problems(Fixtures.sweepText(parameters: "  score.eta: [0.3]") + "\n" + lines.joined(separator: "\n"))
        #expect(found.count == 1 && found[0].contains("aliases repeat more than 10000 values"), "\(found.prefix(3))")
    }
}

/// Issue 13: sweep ranges with an absurd step or span, and grids or run counts that
/// overflow, are refused with a message instead of trapping or exhausting memory; a sweep's
/// name must be a safe file name.
struct SweepSizeTests {
    func problems(_ parameters: String, design: String = "grid", replicates: Int = 2) -> [String] {
        do {
            _ = try Fixtures.definition(Fixtures.sweepText(parameters: parameters, design: design, replicates: replicates))
            Issue.record("expected problems")
            return []
        } catch SweepError.invalidFile(let problems) {
            return problems.map(\.description)
        } catch {
            return ["unexpected \(error)"]
        }
    }

    @Test func aRangeWithATinyStepOrAHugeSpanIsRefused() {
        let tiny = problems("  score.eta: {from: 0, to: 0.6, step: 1.0e-300}")
        #expect(tiny.count == 1 && tiny[0].contains("parameters.score.eta: the range from 0 to 0.6 in steps of 1e-300 has about"), "\(tiny)")
        let huge = problems("  population.initialScore.mean: {from: -1.0e308, to: 1.0e308, step: 1}")
        #expect(huge.count == 1 && huge[0].contains("more values than can be counted"), "\(huge)")
        let large = problems("  score.eta: {from: 0, to: 1, step: 1.0e-12}")
        #expect(large.count == 1 && large[0].contains("about 1000000000001 values") && large[0].contains("at most 1000000"), "\(large)")
    }

    @Test func aGridWhoseSizeOverflowsIsRefused() {
        // 20 parameters of 10 values: 10^20 points, past Int.max (it wrapped before).
        let keys = ["score.eta", "audit.rate", "audit.detection", "audit.reformProbability", "imitation.rate",
                    "ties.driftRate", "ties.lookProbability", "ties.proposeRate", "ties.triadicShare", "opinion.selfWeight",
                    "opinion.peerWeight", "opinion.coreWeight", "bills.memory", "adoption.baseRate", "consumption.hideProbability",
                    "detection.flagShare", "network.p", "network.pIn", "network.pOut", "population.enrolledShare"]
        let text = keys.map { "  \($0): {from: 0, to: 0.9, step: 0.1}" }.joined(separator: "\n")
        let found = problems(text)
        #expect(found.count == 1 && found[0].contains("the grid has more than 1000000 points"), "\(found)")
    }

    @Test func pointsTimesReplicatesBeyondTheLimitIsRefused() {
        let found = problems("  score.eta: {from: 0, to: 1}", design: "{method: latin_hypercube, samples: 1000000}", replicates: 1_000_000)
        #expect(found.count == 1 && found[0].contains("replicates: 1000000 points x 1000000 replicates is more than 10000000 runs"), "\(found)")
    }

    @Test func aSweepNameMustBeASafeFileName() {
        for bad in ["../../x", "a/b", "\"a\\nb\"", ".hidden"] {
            do {
                _ = try Fixtures.definition(Fixtures.sweepText(parameters: "  score.eta: [0]").replacingOccurrences(of: "name: test", with: "name: \(bad)"))
                Issue.record("\(bad) was accepted")
            } catch SweepError.invalidFile(let problems) {
                #expect(problems.contains { $0.keyPath == "name" && $0.message.contains("the sweep's database") }, "\(problems)")
            } catch {
                Issue.record("unexpected \(error)")
            }
        }
    }
}
