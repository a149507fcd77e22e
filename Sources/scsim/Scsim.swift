import ArgumentParser
import Foundation
import SCNetwork
import SCExperiments
import SCOutput
import SCScenario
import ScsimKit

/// The `scsim` command: parses arguments and hands the work to the library.
///
/// Exit codes: 0 success; 2 bad input (arguments, scenario, edge list, output folder);
/// 1 failure while running.
@main
struct Scsim: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scsim",
        abstract: "Agent-based simulation of score-based social control (a social credit system).",
        version: BuildInfo.version,
        subcommands: [RunCommand.self, ResumeCommand.self, CheckCommand.self, KeysCommand.self, ColumnsCommand.self, BenchCommand.self, ValidateCommand.self,
                      SweepCommand.self, MergeCommand.self, SummarizeCommand.self, ServeCommand.self]
    )

    static func main() {
        // A file-size limit (ulimit -f) would kill the process with SIGXFSZ mid-write;
        // ignored, the write fails with EFBIG and the run ends with a message and exit 1.
        signal(SIGXFSZ, SIG_IGN)
        ScsimKit.registerBuiltInModels()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            exit(withError: error)
        }
    }

    /// Prints the message for `error` and exits with scsim's code for it.
    static func exit(withError error: Error) -> Never {
        let code: Int32
        switch error {
        case let interrupted as RunInterrupted:
            FileHandle.standardError.write(Data("\n\(interrupted)\n".utf8))
            Foundation.exit(130)
        case is ScenarioError, is EdgeListError, is BadInput, is BadRunRequest:
            code = 2
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
        case let error as OutputError where error.isBadInput:
            code = 2
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
        case let error as SweepError:
            code = error.isBadInput ? 2 : 1
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
        case is OutputError:
            code = 1
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
        default:
            let parserCode = exitCode(for: error)
            let message = fullMessage(for: error)
            if parserCode == .success {
                if !message.isEmpty { print(message) }
                Foundation.exit(0)
            }
            FileHandle.standardError.write(Data((message.isEmpty ? "error: \(error)" : message).utf8 + [0x0A]))
            // Argument errors are bad input (2); anything else failed while running (1).
            code = error is ExitCode ? parserCode.rawValue : (parserCode == .validationFailure ? 2 : 1)
        }
        Foundation.exit(code)
    }
}

/// Bad command-line input found after parsing (exit code 2).
struct BadInput: Error, CustomStringConvertible {
    let description: String
}
