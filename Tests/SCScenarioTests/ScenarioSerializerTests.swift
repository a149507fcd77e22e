import Foundation
import SCModel
import SCScenario
import Testing

/// The resolved scenario, as YAML that reads back equal and as JSON for the manifest.
@Suite struct ScenarioSerializerTests {
    /// Parameters that differ from the defaults in every kind of value.
    static func unusual() -> ModelParameters {
        var p = ModelParameters()
        // A name must be a plain file name (issue 13); free text with YAML's hard
        // characters goes into network.path instead.
        p.name = "odd-name+1"
        p.seed = 4_294_967_295
        p.steps = 77
        p.populationSize = 1234
        p.eta = 0.123456789012345
        p.buyRateMu = -1e-7
        p.friendless = .fixed(350)
        p.mandatory = true
        p.networkGenerator = .edgeList
        p.networkPath = "/data/odd \"name\": yes\\no\n#1/edges 1.txt"
        p.generator = .ranlxd2
        p.goods = [Good(name: "true", approval: -0.25, price: 2.5), Good(name: "600", approval: 1)]
        p.timeline = [
            PolicyEvent(step: 0, assignments: [ParameterAssignment(path: "score.friendless", value: .text("own"))]),
            PolicyEvent(step: 10, assignments: [ParameterAssignment(path: "score.eta", value: .number(1)),
                                                ParameterAssignment(path: "penalties", value: .boolean(true))]),
            PolicyEvent(step: 10, assignments: [ParameterAssignment(path: "score.friendless", value: .number(350))]),
        ]
        return p
    }

    @Test(arguments: [ModelParameters(), unusual()])
    func yamlReadsBackEqual(parameters p: ModelParameters) throws {
        let yaml = ScenarioSerializer.yaml(p)
        let back = try ScenarioLoader.parse(yaml: yaml, source: "resolved.yaml", baseDirectory: "/elsewhere").parameters
        #expect(back == p)
    }

    @Test(arguments: ShippedScenarioTests.names)
    func shippedScenariosRoundTrip(name: String) throws {
        let p = try ShippedScenarioTests.load(name).parameters
        #expect(try ScenarioLoader.parse(yaml: ScenarioSerializer.yaml(p), source: "r.yaml", baseDirectory: "").parameters == p)
    }

    @Test func yamlIsNestedAndListsEveryKey() {
        let yaml = ScenarioSerializer.yaml(ModelParameters())
        #expect(yaml.contains("\nscore:\n  mid: 600\n"))
        #expect(yaml.contains("\n  strategies:\n    honest: 0.9\n"))
        #expect(yaml.contains("\ngoods:\n  - {name: \"farm_produce\", approval: 1, price: 1}\n"))
        #expect(yaml.hasSuffix("timeline: []\n"))
    }

    @Test func jsonFollowsTheDottedPaths() throws {
        let p = Self.unusual()
        let object = ScenarioSerializer.jsonObject(p)
        let score = try #require(object["score"] as? [String: Any])
        #expect(score["eta"] as? Double == 0.123456789012345)
        #expect(score["friendless"] as? Double == 350)
        let strategies = try #require((object["population"] as? [String: Any])?["strategies"] as? [String: Any])
        #expect(strategies["honest"] as? Double == 0.9)
        #expect(object["seed"] as? Int == 4_294_967_295)
        #expect(object["mandatory"] as? Bool == true)
        #expect(object["name"] as? String == p.name)
        let goods = try #require(object["goods"] as? [[String: Any]])
        #expect(goods.count == 2)
        #expect(goods[0]["name"] as? String == "true")
        #expect(goods[0]["price"] as? Double == 2.5)
        let timeline = try #require(object["timeline"] as? [[String: Any]])
        #expect(timeline.map { $0["at"] as? Int } == [0, 10, 10])
        let set = try #require(timeline[1]["set"] as? [String: Any])
        #expect(set["score.eta"] as? Double == 1)
        #expect(set["penalties"] as? Bool == true)
    }

    @Test func jsonIsSerializable() throws {
        let data = try JSONSerialization.data(withJSONObject: ScenarioSerializer.jsonObject(Self.unusual()), options: [.sortedKeys])
        #expect(!data.isEmpty)
    }

    @Test func noKeyIsBothAValueAndAGroup() {
        let paths = ParameterCatalog.all.map(\.path)
        let clashes = paths.filter { path in paths.contains { $0.hasPrefix(path + ".") } }
        #expect(clashes.isEmpty, "nested YAML and JSON need every path to be a leaf or a group, not both")
    }
}
