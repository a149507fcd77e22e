import ArgumentParser
import SCOutput

/// `scsim columns`: prints every registered model's time-series columns (docs/COLUMNS.md).
struct ColumnsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "columns",
        abstract: "Print every time-series column of every model with its type, cost, unit and definition (Markdown)."
    )

    func run() throws {
        print(ColumnReference.markdown(), terminator: "")
    }
}
