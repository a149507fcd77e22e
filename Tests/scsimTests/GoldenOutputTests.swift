import Foundation
import Testing

/// Pinned outputs: `timeseries.csv` of a few small runs, compared byte for byte, at one and
/// two threads, through the command line as a user runs it.
///
/// The files in `Golden/` were written by the build before the open-engine refactor, so
/// every later change to the engine's structure is checked against them by the computer.
/// A deliberate change to the model's output regenerates them with
/// `SCSIM_REGENERATE_GOLDEN=1 swift test --filter GoldenOutputTests` and says so in the
/// commit message.
@Suite struct GoldenOutputTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var golden: String
        var arguments: [String]
        var testDescription: String { golden }
    }

    static let cases: [Case] = [
        // The shipped tiny scenario as it is: one block, a timeline event at step 20.
        Case(golden: "tiny", arguments: ["scenarios/tiny.yaml"]),
        // The same with five blocks, so that two threads really split the work.
        Case(golden: "tiny-blocks64", arguments: ["scenarios/tiny.yaml", "--set", "random.blockSize=64"]),
        // A mandatory timeline (step 260), a row every other step, six blocks.
        Case(golden: "mandatory-n1500", arguments: ["scenarios/mandatory.yaml", "--set", "population.size=1500",
                                                    "--set", "random.blockSize=256", "--set", "output.metricsEvery=2"]),
        // Sampled clustering with its standard errors, and the ostracism timeline (step 104).
        Case(golden: "ostracism-sampled", arguments: ["scenarios/ostracism.yaml", "--set", "population.size=2000",
                                                      "--set", "random.blockSize=300", "--set", "output.networkMetrics=sampled",
                                                      "--set", "output.clusteringSamples=2000", "--set", "steps=150"]),
        // The second model, to consensus.
        Case(golden: "adaptive-voter", arguments: ["scenarios/adaptive-voter.yaml"]),
    ]

    static let goldenFolder = CLI.packageRoot.appendingPathComponent("Tests/scsimTests/Golden")

    @Test(arguments: cases, [1, 2])
    func timeSeriesIsByteIdentical(_ testCase: Case, threads: Int) throws {
        let folder = CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let result = try CLI.run(["run"] + testCase.arguments + ["--out", folder, "--threads", "\(threads)", "--quiet", "--force"])
        #expect(result.status == 0, "\(result.stderr)")
        let produced = try Data(contentsOf: URL(fileURLWithPath: folder + "/timeseries.csv"))
        let goldenURL = Self.goldenFolder.appendingPathComponent(testCase.golden + ".csv")
        if ProcessInfo.processInfo.environment["SCSIM_REGENERATE_GOLDEN"] == "1", threads == 1 {
            try produced.write(to: goldenURL)
        }
        let golden = try Data(contentsOf: goldenURL)
        if produced != golden {
            let a = String(decoding: produced, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            let b = String(decoding: golden, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            let line = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, b.count)
            Issue.record("""
                \(testCase.golden) at \(threads) thread(s) differs from Golden/\(testCase.golden).csv, first at line \(line + 1):
                  produced: \(line < a.count ? String(a[line]) : "<end>")
                  golden:   \(line < b.count ? String(b[line]) : "<end>")
                """)
        }
    }
}
