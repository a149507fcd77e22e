import Foundation
import ScsimKit
import Testing

/// Every column comes from the metric registry: the CSV header, the manifest and
/// docs/COLUMNS.md agree, for each model.
@Suite struct ColumnRegistryTests {
    @Test func committedColumnReferenceIsCurrent() throws {
        let result = try CLI.run(["columns"])
        #expect(result.status == 0)
        let committed = CLI.read(CLI.packageRoot.appendingPathComponent("docs/COLUMNS.md").path)
        #expect(result.stdout == committed, "docs/COLUMNS.md is out of date: run scsim columns > docs/COLUMNS.md")
    }

    @Test func everyRegisteredColumnIsDefined() {
        ScsimKit.registerBuiltInModels()
        #expect(ModelRegistry.names == ["reference", "adaptive_voter"])
        for plugin in ModelRegistry.all {
            let names = plugin.metricDefinitions.map(\.name)
            #expect(Set(names).count == names.count, "\(plugin.name) declares a column twice")
            #expect(names.first == "step")
            for column in plugin.metricDefinitions {
                #expect(!column.label.isEmpty && !column.unit.isEmpty && column.definition.count > 10, "\(plugin.name).\(column.name)")
                #expect(column.name.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "_" }, "\(column.name) is not snake_case")
            }
        }
    }

    /// Before the registry, the reference model's header was this list; it must not move.
    @Test func theReferenceHeaderKeepsItsNamesAndPositions() throws {
        let golden = CLI.read(CLI.packageRoot.appendingPathComponent("Tests/scsimTests/Golden/tiny.csv").path)
        let header = golden.split(separator: "\n").first.map(String.init) ?? ""
        #expect(ReferenceMetrics.standard.columnNames().joined(separator: ",") == header)
    }

    @Test(arguments: [("scenarios/tiny.yaml", "reference"), ("scenarios/adaptive-voter.yaml", "adaptive_voter")])
    func theManifestListsTheModelsOwnColumns(scenario: String, model: String) throws {
        let folder = CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let result = try CLI.run(["run", scenario, "--set", "population.size=400", "--out", folder, "--quiet", "--force"])
        #expect(result.status == 0, "\(result.stderr)")
        let manifest = try CLI.manifest(folder)
        let header = CLI.read(folder + "/timeseries.csv").split(separator: "\n").first.map { $0.split(separator: ",").map(String.init) } ?? []
        #expect(manifest["model"] as? String == model)
        #expect(manifest["columns"] as? [String] == header)
        let definitions = manifest["column_definitions"] as? [[String: Any]] ?? []
        #expect(definitions.compactMap { $0["name"] as? String } == header)
        ScsimKit.registerBuiltInModels()
        let registered = try #require(ModelRegistry.plugin(named: model)).metricDefinitions
        #expect(definitions.compactMap { $0["definition"] as? String } == registered.map(\.definition))
        #expect(definitions.compactMap { $0["cost"] as? String } == registered.map(\.cost.rawValue))
        // The manifest decodes strictly as the Codable document it was written from.
        let document = try JSONDecoder().decode(RunManifest.Document.self, from: Data(contentsOf: URL(fileURLWithPath: folder + "/manifest.json")))
        #expect(document.model == model && document.columnDefinitions == registered && document.populationSize == 400)
    }
}
