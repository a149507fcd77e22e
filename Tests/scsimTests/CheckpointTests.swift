import Foundation
import Testing

/// `--checkpoint-every`, `scsim resume`, and stopping on a signal.
struct CheckpointTests {
    /// Long enough (in a debug build) that a signal arrives mid-run.
    let longRun = ["--set", "population.size=3000", "--steps", "300", "--set", "output.networkMetricsEvery=7", "--threads", "2"]

    @Test func resumedExtensionEqualsAStraightRun() throws {
        let base = CLI.temporaryFolder()
        let cadence = ["--set", "output.networkMetricsEvery=7", "--set", "output.metricsEvery=3"]
        #expect(try CLI.run(["run", "scenarios/tiny.yaml", "--steps", "120", "--out", base + "/straight", "--quiet"] + cadence).status == 0)
        let first = try CLI.run(["run", "scenarios/tiny.yaml", "--steps", "50", "--out", base + "/split", "--quiet", "--checkpoint-every", "10"] + cadence)
        #expect(first.status == 0, "\(first.stderr)")
        // The 50-step run ends with a row for its last step, 49 (not a multiple of 3).
        #expect(CLI.read(base + "/split/timeseries.csv").split(separator: "\n").last?.hasPrefix("49,") == true)
        let resumed = try CLI.run(["resume", base + "/split", "--steps", "120", "--quiet", "--threads", "1"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let straight = try Data(contentsOf: URL(fileURLWithPath: base + "/straight/timeseries.csv"))
        let split = try Data(contentsOf: URL(fileURLWithPath: base + "/split/timeseries.csv"))
        #expect(!straight.isEmpty && straight == split)
        let manifest = try CLI.manifest(base + "/split")
        #expect(manifest["resumed_from_step"] as? Int == 50 && manifest["steps_completed"] as? Int == 120)
    }

    /// Starts a long run, waits until `rows` rows are on disk, and sends `signal`.
    func interruptedRun(_ folder: String, signal: Int32, afterRows rows: Int, extra: [String] = []) throws -> Int32 {
        let process = Process()
        process.executableURL = CLI.executable
        process.arguments = ["run", "scenarios/tiny.yaml", "--out", folder, "--quiet", "--checkpoint-every", "5"] + longRun + extra
        process.currentDirectoryURL = CLI.packageRoot
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(120)
        while process.isRunning && Date() < deadline {
            if CLI.read(folder + "/timeseries.csv").split(separator: "\n").count > rows,
               FileManager.default.fileExists(atPath: folder + "/checkpoint.scsim") { break }
            usleep(20_000)
        }
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        return process.terminationStatus
    }

    @Test func interruptKeepsACheckpointAndResumesIdentically() throws {
        let base = CLI.temporaryFolder()
        #expect(try CLI.run(["run", "scenarios/tiny.yaml", "--out", base + "/straight", "--quiet"] + longRun).status == 0)
        let status = try interruptedRun(base + "/stopped", signal: SIGINT, afterRows: 12)
        #expect(status == 130)
        let manifest = try CLI.manifest(base + "/stopped")
        #expect(manifest["status"] as? String == "interrupted")
        let done = manifest["steps_completed"] as? Int ?? 0
        #expect(done > 0 && done < 300)
        let resumed = try CLI.run(["resume", base + "/stopped", "--quiet"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(CLI.read(base + "/straight/timeseries.csv") == CLI.read(base + "/stopped/timeseries.csv"))
    }

    @Test func killNineLeavesWholeRowsAndResumesFromTheLastCheckpoint() throws {
        let base = CLI.temporaryFolder()
        #expect(try CLI.run(["run", "scenarios/tiny.yaml", "--out", base + "/straight", "--quiet"] + longRun).status == 0)
        let status = try interruptedRun(base + "/killed", signal: SIGKILL, afterRows: 23)
        #expect(status == 9)
        let text = CLI.read(base + "/killed/timeseries.csv")
        #expect(text.hasSuffix("\n"))
        let width = text.split(separator: "\n").first!.split(separator: ",").count
        #expect(text.split(separator: "\n").allSatisfy { $0.split(separator: ",", omittingEmptySubsequences: false).count == width })
        let resumed = try CLI.run(["resume", base + "/killed", "--quiet"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(CLI.read(base + "/straight/timeseries.csv") == CLI.read(base + "/killed/timeseries.csv"))
    }

    /// run.sqlite is written by a thread of its own; a checkpoint waits for it, so after
    /// kill -9 and resume the event log and panel equal a straight run's.
    @Test func killNineKeepsTheEventLogAndPanelOfTheLastCheckpoint() throws {
        let base = CLI.temporaryFolder()
        let outputs = ["--set", "output.events=all", "--set", "output.panel.every=2", "--set", "output.panel.sample=300"]
        #expect(try CLI.run(["run", "scenarios/tiny.yaml", "--out", base + "/straight", "--quiet"] + longRun + outputs).status == 0)
        let status = try interruptedRun(base + "/killed", signal: SIGKILL, afterRows: 23, extra: outputs)
        #expect(status == 9)
        let resumed = try CLI.run(["resume", base + "/killed", "--quiet"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        for table in ["events", "panel"] {
            let straight = try SweepRecordingTests.rows(base + "/straight/run.sqlite", table)
            #expect(!straight.isEmpty)
            #expect(straight == (try SweepRecordingTests.rows(base + "/killed/run.sqlite", table)), "\(table)")
        }
    }

    @Test func resumeRefusesWhatItCannotDo() throws {
        let empty = CLI.temporaryFolder()
        let none = try CLI.run(["resume", empty])
        #expect(none.status == 2 && none.stderr.contains("no checkpoint"))
        let folder = CLI.temporaryFolder() + "/short"
        #expect(try CLI.run(["run", "scenarios/tiny.yaml", "--out", folder, "--quiet", "--checkpoint-every", "10"]).status == 0)
        let before = CLI.read(folder + "/timeseries.csv")
        let shorter = try CLI.run(["resume", folder, "--steps", "30"])
        #expect(shorter.status == 2 && shorter.stderr.contains("--steps 30"))
        #expect(CLI.read(folder + "/timeseries.csv") == before)
    }
}
