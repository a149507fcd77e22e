import ArgumentParser
import Foundation
import SCModel
import SCOutput
import SCScenario

/// `scsim bench`: agent-steps per second and peak memory of the reference model.
///
/// Each row gives the whole step (the model's phases, the observation of the row and its
/// writing to a time-series file) and the model's phases alone, side by side: the first
/// is what a run waits for, the second what the phases cost. Set-up (network and traits)
/// is timed apart.
///
/// Each (size, threads) row runs in a fresh child process, so that its peak resident
/// memory is its own and not the largest of the rows before it.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmark the reference model: agent-steps per second (whole step and model alone) and peak memory per size and thread count.",
        subcommands: []
    )

    @Option(parsing: .unconditional, help: "Population sizes, comma-separated.")
    var sizes = "10000,100000"

    @Option(parsing: .unconditional, help: "Steps per run.")
    var steps = 52

    @Option(parsing: .unconditional, help: "Thread counts, comma-separated.")
    var threads = "1,2"

    @Option(help: "Scenario whose parameters are used (default: the built-in defaults, i.e. the baseline).")
    var scenario: String?

    @Flag(help: "Print a JSON array instead of a table.")
    var json = false

    @Flag(help: "Also time each phase (printed with --json).")
    var phases = false

    @Option(help: .hidden)
    var child: String?

    func run() throws {
        if let child { return try runChild(child) }
        let sizeList = try parseList(sizes, "--sizes")
        let threadList = try parseList(threads, "--threads")
        try OptionRange.check("--steps", steps, atLeast: 1)
        if let scenario { _ = try ScenarioLoader.load(path: scenario) }
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var rows: [[String: Any]] = []
        if !json {
            print("size       threads  steps  whole s   whole agent-steps/s  model agent-steps/s  metrics s  write s  set-up s  peak RSS MiB  bytes/citizen")
        }
        for size in sizeList {
            for threadCount in threadList {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: executable)
                var arguments = ["bench", "--child", "\(size),\(threadCount)", "--steps", "\(steps)"]
                if phases { arguments.append("--phases") }
                if let scenario { arguments += ["--scenario", scenario] }
                process.arguments = arguments
                let pipe = Pipe()
                process.standardOutput = pipe
                try process.run()
                let data = pipe.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                guard process.terminationStatus == 0,
                      let row = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                    throw ExitCode(1)
                }
                rows.append(row)
                if !json {
                    let rss = (row["peak_rss_bytes"] as? Int) ?? 0
                    func number(_ key: String) -> Double { row[key] as? Double ?? 0 }
                    print(String(format: "%-10d %-8d %-6d %-9.2f %-20.4g %-20.4g %-10.2f %-8.2f %-9.2f %-13.1f %.0f",
                                 size, threadCount, steps, number("whole_seconds"), number("whole_agent_steps_per_s"),
                                 number("model_agent_steps_per_s"), number("metrics_seconds"), number("write_seconds"),
                                 number("setup_seconds"), Double(rss) / 1_048_576, Double(rss) / Double(size)))
                }
            }
        }
        if json {
            let data = try JSONSerialization.data(withJSONObject: rows, options: [.prettyPrinted, .sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        }
    }

    /// One row, in this (child) process: prints a JSON object.
    func runChild(_ spec: String) throws {
        let parts = try parseList(spec, "--child")
        guard parts.count == 2 else { throw BadInput(description: "--child takes SIZE,THREADS") }
        var parameters = try scenario.map { try ScenarioLoader.load(path: $0).parameters } ?? ModelParameters()
        parameters.populationSize = parts[0]
        parameters.steps = steps
        parameters.timeline = parameters.timeline.filter { $0.step < steps }
        let clock = ContinuousClock()
        let setupStarted = clock.now
        let simulation = try Simulation(parameters: parameters, threads: parts[1])
        let setupSeconds = Self.seconds(clock.now - setupStarted)
        simulation.recordsPhaseTimes = phases
        // The rows go to a real time-series file, as in `scsim run`, so the whole step is
        // timed: model, observation and writing.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scsim-bench-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let writer = try TimeSeriesWriter(path: folder.appendingPathComponent("timeseries.csv").path, columns: simulation.columnNames)
        var writeSeconds = 0.0
        let loop = SimulationLoop(model: simulation, totalSteps: steps)
        try loop.run { report in
            guard let values = report.row else { return }
            let started = clock.now
            try writer.write(values: values)
            writeSeconds += Self.seconds(clock.now - started)
        }
        let finishStarted = clock.now
        try writer.finish()
        writeSeconds += Self.seconds(clock.now - finishStarted)
        let modelSeconds = loop.modelSeconds, metricsSeconds = loop.observeSeconds
        let wholeSeconds = modelSeconds + metricsSeconds + writeSeconds
        let agentSteps = Double(parts[0]) * Double(steps)
        // `seconds` and `agent_steps_per_s` keep their old meanings (model + observation,
        // and the model's rate) for scripts that read them.
        let row: [String: Any] = [
            "size": parts[0], "threads": parts[1], "steps": steps,
            "seconds": modelSeconds + metricsSeconds,
            "agent_steps_per_s": agentSteps / modelSeconds,
            "model_seconds": modelSeconds,
            "model_agent_steps_per_s": agentSteps / modelSeconds,
            "metrics_seconds": metricsSeconds,
            "write_seconds": writeSeconds,
            "whole_seconds": wholeSeconds,
            "whole_agent_steps_per_s": agentSteps / wholeSeconds,
            "setup_seconds": setupSeconds,
            "network_seconds": simulation.networkSeconds,
            "peak_rss_bytes": ProcessStats.peakResidentBytes() ?? 0,
            "phase_seconds": simulation.phaseSeconds,
        ]
        let data = try JSONSerialization.data(withJSONObject: row, options: [.sortedKeys])
        print(String(decoding: data, as: UTF8.self))
    }

    static func seconds(_ d: Duration) -> Double {
        let (s, attoseconds) = d.components
        return Double(s) + Double(attoseconds) * 1e-18
    }

    func parseList(_ text: String, _ flag: String) throws -> [Int] {
        let values = text.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: "")) }
        guard !values.isEmpty, values.allSatisfy({ ($0 ?? 0) >= 1 }) else {
            throw BadInput(description: "\(flag) is out of range: must be comma-separated whole numbers >= 1, got '\(text)'")
        }
        return values.map { $0! }
    }
}
