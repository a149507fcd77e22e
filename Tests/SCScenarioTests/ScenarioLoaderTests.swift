import Foundation
import SCModel
import SCScenario
import Testing

/// What a valid scenario means: nesting, dotted keys, typing, goods, timeline, paths.
@Suite struct ScenarioLoaderTests {
    @Test func emptyMappingGivesDefaults() throws {
        #expect(try parameters("{}") == ModelParameters())
    }

    @Test func nestedAndDottedKeysAreTheSame() throws {
        let nested = try parameters("""
            score:
              eta: 0.6
              weights:
                buy: 0.2
            """)
        let dotted = try parameters("""
            score.eta: 0.6
            score:
              weights.buy: 0.2
            """)
        #expect(nested.eta == 0.6)
        #expect(nested.weightBuy == 0.2)
        #expect(nested == dotted)
    }

    @Test func valuesAreTypedByTheirYAMLTag() throws {
        let p = try parameters("""
            name: yes
            seed: 0x10
            steps: 1_000
            mandatory: on
            score:
              eta: 1
              friendless: own
            random:
              generator: ranlxd2
            """)
        #expect(p.name == "yes")          // free text keeps what was written
        #expect(p.seed == 16)
        #expect(p.steps == 1000)
        #expect(p.mandatory == true)
        #expect(p.eta == 1.0)             // an integer is a valid number
        #expect(p.friendless == .own)
        #expect(p.generator.rawValue == "ranlxd2")
    }

    @Test func friendlessAcceptsAFixedScore() throws {
        #expect(try parameters("score: {friendless: 350}").friendless == .fixed(350))
        #expect(try parameters("score: {friendless: mid}").friendless == .mid)
    }

    @Test func goodsReplaceTheCatalogue() throws {
        let p = try parameters("""
            goods:
              - {name: rice, approval: 1}
              - name: comics
                approval: -0.5
                price: 3.5
            """)
        #expect(p.goods == [Good(name: "rice", approval: 1, price: 1), Good(name: "comics", approval: -0.5, price: 3.5)])
    }

    @Test func timelineIsSortedStablyByStep() throws {
        let p = try parameters("""
            steps: 100
            timeline:
              - at: 50
                set: {score.eta: 0.6}
              - at: 10
                set:
                  mandatory: true
                  audit: {rate: 0.1}
              - at: 50
                set: {penalties: true}
            """)
        #expect(p.timeline.map(\.step) == [10, 50, 50])
        #expect(p.timeline[0].assignments == [
            ParameterAssignment(path: "mandatory", value: .boolean(true)),
            ParameterAssignment(path: "audit.rate", value: .number(0.1)),
        ])
        #expect(p.timeline[1].assignments == [ParameterAssignment(path: "score.eta", value: .number(0.6))])
        #expect(p.timeline[2].assignments == [ParameterAssignment(path: "penalties", value: .boolean(true))])
    }

    @Test func timelineValuesAreConvertedToTheKeysType() throws {
        let p = try parameters("""
            timeline:
              - at: 3
                set: {score.eta: 1, score.friendless: 350}
            """)
        #expect(p.timeline[0].assignments == [
            ParameterAssignment(path: "score.eta", value: .number(1)),
            ParameterAssignment(path: "score.friendless", value: .number(350)),
        ])
    }

    @Test func relativeNetworkPathIsResolvedAgainstTheBaseDirectory() throws {
        let yaml = "network: {generator: edge_list, path: data/edges.txt}"
        let relative = try ScenarioLoader.parse(yaml: yaml, source: "s.yaml", baseDirectory: "/tmp/study").parameters
        #expect(relative.networkPath == "/tmp/study/data/edges.txt")
        let absolute = try ScenarioLoader.parse(yaml: "network: {generator: edge_list, path: /data/e.txt}", source: "s.yaml",
                                                baseDirectory: "/tmp/study").parameters
        #expect(absolute.networkPath == "/data/e.txt")
        #expect(try parameters(yaml).networkPath == "data/edges.txt")  // no base directory: as written
    }

    @Test func loadReadsAFileAndKeepsItsText() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("scsim-loader-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("s.yaml")
        let text = "# a comment\nsteps: 12\nnetwork: {generator: edge_list, path: edges.txt}\n"
        try text.write(to: file, atomically: true, encoding: .utf8)

        let loaded = try ScenarioLoader.load(path: file.path, overrides: ["seed=9"])
        #expect(loaded.text == text)
        #expect(loaded.source == file.path)
        #expect(loaded.parameters.steps == 12)
        #expect(loaded.parameters.seed == 9)
        #expect(loaded.parameters.networkPath == directory.appendingPathComponent("edges.txt").standardizedFileURL.path)
    }

    @Test func aMissingFileIsAScenarioError() {
        #expect {
            try ScenarioLoader.load(path: "/nonexistent/scsim/none.yaml")
        } throws: { error in
            guard let error = error as? ScenarioError, let problem = error.problems.first else { return false }
            return problem.source == "/nonexistent/scsim/none.yaml" && problem.line == nil && error.description.contains("no such file")
        }
    }
}
