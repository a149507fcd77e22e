import ArgumentParser
import Foundation
import SCOutput
import SCExplorer

/// `scsim serve`: the live explorer in the browser (docs/EXPLORER.md).
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Explore a scenario live in the browser: play, pause, change the policy while it runs, export the exploration as a scenario.",
        discussion: "Prints the page's address and serves until Ctrl-C. Exit codes: 0 stopped, 2 bad input, 1 the server could not run."
    )

    @Argument(help: "Scenario file (YAML) to start from; every key at its default when left out.")
    var scenario: String?

    @Option(parsing: .unconditional, help: "Port to listen on (0: any free port; the address printed names it).")
    var port: Int = 8080

    @Option(help: "Address to listen on. The default serves this machine only; 0.0.0.0 serves the network.")
    var host: String = "127.0.0.1"

    @Option(name: .customLong("set"), help: ArgumentHelp("Set a scenario key before the first step, e.g. --set population.size=100000 (repeatable).", valueName: "key.path=value"))
    var assignments: [String] = []

    @Option(parsing: .unconditional, help: "Steps per second to start with (0: as fast as the model goes).")
    var speed: Double = 10

    @Option(parsing: .unconditional, help: "Worker threads (default: all cores). Output does not depend on it.")
    var threads: Int?

    @Option(help: ArgumentHelp("Folder of the scenarios the page offers (default: ./scenarios if there, else the scenario's folder).", valueName: "dir"))
    var scenarios: String?

    @Option(name: .customLong("network-every"), parsing: .unconditional, help: "Steps between frames of the network view at least (more when its layout is busy).")
    var networkEvery: Int = 3

    @Option(name: .customLong("sample"), parsing: .unconditional, help: "Citizens in the network view's sample at most.")
    var sampleSize: Int = 2500

    func validate() throws {
        if port < 0 || port > 65_535 { throw ValidationError("--port is out of range: must be a whole number in [0, 65535], got \(port)") }
        if !(speed >= 0) || !speed.isFinite { throw ValidationError("--speed is out of range: must be 0 or more steps per second, got \(speed)") }
        if let threads { try OptionRange.check("--threads", threads, atLeast: 1) }
        try OptionRange.check("--network-every", networkEvery, atLeast: 1)
        try OptionRange.check("--sample", sampleSize, atLeast: 1)
        if sampleSize > 100_000 { throw ValidationError("--sample is out of range: must be a whole number in [1, 100000], got \(sampleSize)") }
        if let scenarios {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: scenarios, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw ValidationError("--scenarios: no such folder: \(scenarios)")
            }
        }
    }

    /// `--scenarios`, else `./scenarios` when it is a folder, else the starting scenario's folder.
    var scenarioDirectory: String? {
        if let scenarios { return scenarios }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: "scenarios", isDirectory: &isDirectory), isDirectory.boolValue { return "scenarios" }
        return scenario.map { URL(fileURLWithPath: $0).deletingLastPathComponent().path }
    }

    func run() throws {
        let threadCount = threads ?? ProcessInfo.processInfo.activeProcessorCount
        // Building a large population takes a while: a signal meanwhile ends it at once.
        InterruptFlag.beginSetUp(message: "interrupted while setting up the explorer; nothing was started")
        let start = try ExplorerScenario.load(path: scenario, overrides: assignments)
        let session = try ExplorerSession(scenario: start, threads: threadCount, speed: speed, scenarioDirectory: scenarioDirectory,
                                          networkEvery: networkEvery, sampleSize: sampleSize)
        InterruptFlag.uninstall()   // the server handles the signals from here
        try ExplorerServer(session: session, host: host, port: port).runUntilInterrupted { address in
            FileHandle.standardOutput.write(Data("scsim explorer: \(address) (Ctrl-C to stop)\n".utf8))
        }
    }
}
