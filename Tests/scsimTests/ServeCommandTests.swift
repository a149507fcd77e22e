import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// `scsim serve` as a user runs it: bad input is refused before serving, the address is
/// printed, and Ctrl-C stops it with exit code 0. The protocol itself is tested in
/// SCExplorerTests.
@Suite(.timeLimit(.minutes(3)))
struct ServeCommandTests {
    @Test func aMissingScenarioIsBadInput() throws {
        let r = try CLI.run(["serve", "no-such-scenario.yaml", "--port", "0"])
        #expect(r.status == 2, "\(r.stdout)")
        #expect(r.stderr.contains("no-such-scenario.yaml: no such file"), "\(r.stderr)")
    }

    @Test func aPortOutOfRangeIsBadInput() throws {
        let r = try CLI.run(["serve", "scenarios/tiny.yaml", "--port", "70000"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("--port is out of range"), "\(r.stderr)")
    }

    @Test func theNetworkViewsOptionsAreChecked() throws {
        let sample = try CLI.run(["serve", "scenarios/tiny.yaml", "--port", "0", "--sample", "0"])
        #expect(sample.status == 2)
        #expect(sample.stderr.contains("--sample"), "\(sample.stderr)")
        let every = try CLI.run(["serve", "scenarios/tiny.yaml", "--port", "0", "--network-every", "0"])
        #expect(every.status == 2)
        #expect(every.stderr.contains("--network-every"), "\(every.stderr)")
        let folder = try CLI.run(["serve", "scenarios/tiny.yaml", "--port", "0", "--scenarios", "no-such-folder"])
        #expect(folder.status == 2)
        #expect(folder.stderr.contains("--scenarios: no such folder: no-such-folder"), "\(folder.stderr)")
    }

    @Test func servesThePageAndStopsOnControlC() async throws {
        let process = Process()
        process.executableURL = CLI.executable
        process.arguments = ["serve", "scenarios/tiny.yaml", "--port", "0", "--threads", "1"]
        process.currentDirectoryURL = CLI.packageRoot
        let out = Pipe()
        process.standardOutput = out
        process.standardError = Pipe()
        try process.run()
        defer { if process.isRunning { process.terminate() } }

        // The first line names the address (read in the background: the pipe blocks).
        let line = await Task.detached { () -> String in
            var text = Data()
            while !text.contains(0x0A) {
                let chunk = out.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                text.append(chunk)
            }
            return String(decoding: text, as: UTF8.self)
        }.value
        let address = try #require(line.split(separator: " ").first { $0.hasPrefix("http://127.0.0.1:") }, "printed: \(line)")
        let (page, _) = try await URLSession.shared.data(from: URL(string: String(address))!)
        #expect(String(decoding: page, as: UTF8.self).contains("scsim explorer"))
        let (export, _) = try await URLSession.shared.data(from: URL(string: address + "export")!)
        #expect(String(decoding: export, as: UTF8.self).contains("name: \"tiny\""))

        kill(process.processIdentifier, SIGINT)
        let deadline = Date().addingTimeInterval(30)
        while process.isRunning && Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
        #expect(!process.isRunning, "scsim serve did not stop within 30 s of Ctrl-C")
        if !process.isRunning { #expect(process.terminationStatus == 0) }
    }
}
