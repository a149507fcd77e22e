import Foundation
import Testing

/// Issue 13, end to end: names that would be paths, special files as inputs, populations
/// that cannot fit in memory. Each is refused with exit 2, a message that says what is
/// allowed, and nothing written.
struct HardeningTests {
    static func write(_ text: String, to path: String) throws {
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    // MARK: - Names as paths

    @Test(arguments: ["../../escaped", "a/b", "\"two\\nlines\"", "\"nul\\0byte\"", ".hidden", "-dash", "\"\""])
    func aScenarioNameThatIsNotAPlainFileNameIsRefused(_ name: String) throws {
        let folder = CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Self.write("name: \(name)\nsteps: 2\npopulation:\n  size: 30\n", to: folder + "/s.yaml")
        let before = ((try? FileManager.default.contentsOfDirectory(atPath: CLI.packageRoot.path + "/runs")) ?? []).sorted()
        for command in [["check", folder + "/s.yaml"], ["run", folder + "/s.yaml", "--quiet"]] {
            let result = try CLI.run(command)
            #expect(result.status == 2, "\(command[0]) \(name): \(result.stderr)")
            #expect(result.stderr.contains("s.yaml:1: name: must"), "\(result.stderr)")
            #expect(!result.stderr.contains("\n\n"), "no raw newline of the name reaches the terminal")
        }
        // Nothing appeared under runs/ (nor beside it).
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: CLI.packageRoot.path + "/runs")) ?? []).sorted() == before)
        #expect(!FileManager.default.fileExists(atPath: CLI.packageRoot.deletingLastPathComponent().path + "/escaped-1"))
    }

    @Test func aPlainNameStillWorks() throws {
        let folder = CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Self.write("name: plain_Name-2.0+x\nsteps: 2\npopulation:\n  size: 30\n", to: folder + "/s.yaml")
        let result = try CLI.run(["check", folder + "/s.yaml"])
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test func aSweepFileWhoseNameIsNotSafeNeedsANameOrADatabase() throws {
        let folder = CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let tiny = CLI.packageRoot.path + "/scenarios/tiny.yaml"
        try Self.write("scenario: \(tiny)\nset:\n  population.size: 30\n  steps: 25\nparameters:\n  score.eta: [0]\n", to: folder + "/bad name.yaml")
        let result = try CLI.run(["sweep", folder + "/bad name.yaml", "--quiet"])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("give the sweep a name: or choose the database with --db"), "\(result.stderr)")
    }

    // MARK: - Special files

    @Test func devicesAndFIFOsAreRefusedAsInputs() throws {
        let folder = CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let fifo = folder + "/fifo"
        #expect(mkfifo(fifo, 0o600) == 0)
        try Self.write("steps: 2\npopulation:\n  size: 30\nnetwork:\n  generator: edge_list\n  path: /dev/zero\n", to: folder + "/zero.yaml")
        try Self.write("steps: 2\npopulation:\n  size: 30\nnetwork:\n  generator: edge_list\n  path: \(fifo)\n", to: folder + "/fifo.yaml")
        let cases: [([String], String)] = [
            (["check", folder + "/zero.yaml"], "/dev/zero: cannot read the edge list (a device, not a regular file)"),
            (["run", folder + "/fifo.yaml", "--quiet", "--out", folder + "/out"], "cannot read the edge list (a FIFO (named pipe), not a regular file)"),
            (["check", "/dev/zero"], "cannot read the scenario file (a device, not a regular file)"),
            (["check", fifo], "cannot read the scenario file (a FIFO (named pipe), not a regular file)"),
            (["sweep", fifo], "cannot read the sweep file (a FIFO (named pipe), not a regular file)"),
            (["summarize", "/dev/zero"], "not a regular file"),
            (["summarize", fifo], "not a regular file"),
            (["merge", "/dev/zero", fifo, "--into", folder + "/merged.sqlite"], "not a regular file"),
        ]
        for (arguments, expected) in cases {
            let result = try CLI.run(arguments, deadline: .seconds(20))
            #expect(!result.timedOut && result.status == 2, "\(arguments): exit \(result.status) \(result.stderr)")
            #expect(result.stderr.contains(expected), "\(arguments): \(result.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: folder + "/out/timeseries.csv"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/merged.sqlite"))
    }

    // MARK: - Memory

    @Test func aPopulationThatCannotFitIsRefusedBeforeAllocating() throws {
        let folder = CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Self.write("name: huge\nsteps: 2\npopulation:\n  size: 1000000000\n", to: folder + "/s.yaml")
        let result = try CLI.run(["run", folder + "/s.yaml", "--quiet", "--out", folder + "/out"], deadline: .seconds(20))
        #expect(!result.timedOut && result.status == 2, "exit \(result.status): \(result.stderr)")
        #expect(result.stderr.contains("population.size: 1000000000 citizens need at least"), "\(result.stderr)")
        #expect(result.stderr.contains("choose a smaller population"), "\(result.stderr)")
        #expect(result.seconds < 5, "refused before allocating: \(result.seconds) s")
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: folder + "/out")) ?? []).isEmpty)
        let checked = try CLI.run(["check", folder + "/s.yaml"])
        #expect(checked.status == 2 && checked.stderr.contains("citizens need at least"), "\(checked.stderr)")
        let served = try CLI.run(["serve", folder + "/s.yaml", "--port", "0"], deadline: .seconds(20))
        #expect(!served.timedOut && served.status == 2 && served.stderr.contains("citizens need at least"), "\(served.stderr)")
    }
}
