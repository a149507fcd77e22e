import Foundation

/// Runs the built `scsim` binary the way a user would.
enum CLI {
    /// The package root, from this file's path.
    static let packageRoot: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `scsim` executable beside the test bundle (same build folder).
    static let executable: URL = {
        let testBinary = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var folder = URL(fileURLWithPath: testBinary).deletingLastPathComponent()
        while folder.path != "/" {
            let candidate = folder.appendingPathComponent("scsim")
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isFolder), !isFolder.boolValue { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        return packageRoot.appendingPathComponent(".build/debug/scsim")
    }()

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs scsim with `arguments` from the package root.
    static func run(_ arguments: [String]) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = packageRoot
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }

    struct TimedResult {
        var status: Int32
        var stdout: String
        var stderr: String
        /// Killed by a signal (`status` is the signal's number).
        var signalled: Bool
        /// Still running at the deadline, so it was sent SIGINT (and SIGKILL 3 s later).
        var timedOut: Bool
        /// Seconds from the start to the end.
        var seconds: Double
    }

    /// Runs scsim with `arguments`; one still running at `deadline` gets SIGINT, and SIGKILL
    /// 3 s after that. Output goes through files, so a large message cannot block it.
    static func run(_ arguments: [String], deadline: Duration, signal: (after: Duration, number: Int32)? = nil,
                    environment: [String: String]? = nil) throws -> TimedResult {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        FileManager.default.createFile(atPath: folder + "/out", contents: nil)
        FileManager.default.createFile(atPath: folder + "/err", contents: nil)
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: folder + "/out"))
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: folder + "/err"))
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = packageRoot
        if let environment { process.environment = environment }
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        let clock = ContinuousClock()
        let start = clock.now
        try process.run()
        var timedOut = false
        var signalSent = false
        while process.isRunning {
            let elapsed = clock.now - start
            if let signal, !signalSent, elapsed >= signal.after {
                kill(process.processIdentifier, signal.number)
                signalSent = true
            }
            if !timedOut, elapsed >= deadline {
                timedOut = true
                process.interrupt()
            }
            if timedOut, elapsed >= deadline + .seconds(3) {
                kill(process.processIdentifier, SIGKILL)
            }
            usleep(10_000)
        }
        process.waitUntilExit()
        let seconds = (clock.now - start) / .seconds(1)
        try? out.close()
        try? err.close()
        return TimedResult(status: process.terminationStatus, stdout: read(folder + "/out"), stderr: read(folder + "/err"),
                           signalled: process.terminationReason == .uncaughtSignal, timedOut: timedOut, seconds: seconds)
    }

    /// A fresh, empty temporary folder.
    static func temporaryFolder() -> String {
        let path = NSTemporaryDirectory() + "scsim-cli-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func read(_ path: String) -> String {
        (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    }

    static func manifest(_ folder: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/manifest.json"))
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }
}
