import ArgumentParser
import SCScenario

/// `scsim keys`: prints the reference of every scenario key (docs/SCENARIO_KEYS.md).
struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Print every scenario key with its default, allowed values and meaning (Markdown)."
    )

    func run() throws {
        print(ScenarioReference.markdown(), terminator: "")
    }
}
