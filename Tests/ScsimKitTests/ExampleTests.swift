import Foundation
import Testing

/// `Examples/CustomPhase` built and run as a user would run it.
@Suite struct ExampleTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var executable: URL {
        let testBinary = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var folder = URL(fileURLWithPath: testBinary).deletingLastPathComponent()
        while folder.path != "/" {
            let candidate = folder.appendingPathComponent("scsim-example-custom-phase")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        return root.appendingPathComponent(".build/debug/scsim-example-custom-phase")
    }

    func run(threads: Int) throws -> (status: Int32, csv: String) {
        let out = NSTemporaryDirectory() + "scsim-example-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: out) }
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = [Self.root.appendingPathComponent("scenarios/tiny.yaml").path, out, "\(threads)"]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let csv = (try? String(contentsOfFile: out + "/timeseries.csv", encoding: .utf8)) ?? ""
        return (process.terminationStatus, csv)
    }

    @Test func theExampleAddsItsColumnAndChangesTheRun() throws {
        let one = try run(threads: 1)
        #expect(one.status == 0)
        let lines = one.csv.split(separator: "\n").map(String.init)
        let golden = try String(contentsOf: Self.root.appendingPathComponent("Tests/scsimTests/Golden/tiny.csv"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        #expect(lines.count == golden.count)
        #expect(lines.first == golden[0] + ",below_threshold_frac")
        // The amnesty changes scores, so the reference columns differ from the plain run's
        // after step 0 (the first row is observed after the amnesty of step 0 too).
        let referenceColumns = lines.map { $0.split(separator: ",", omittingEmptySubsequences: false).dropLast().joined(separator: ",") }
        #expect(referenceColumns.dropFirst() != golden.dropFirst())
        let shares = lines.dropFirst().compactMap { Double($0.split(separator: ",", omittingEmptySubsequences: false).last!) }
        #expect(shares.count == lines.count - 1 && shares.allSatisfy { (0...1).contains($0) })
        // The same on two threads (block-parallel on its own stream).
        #expect(try run(threads: 2).csv == one.csv)
    }
}
