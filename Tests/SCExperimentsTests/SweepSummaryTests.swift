import Foundation
import Testing
@testable import SCExperiments

/// `scsim summarize` shows a boolean parameter as true/false, as a scenario writes it,
/// not as the 0/1 the database stores (issue 12, defect 10).
struct SweepSummaryTests {
    static let database: String = {
        let path = Fixtures.folder() + "/booleans.sqlite"
        let definition = try! Fixtures.definition(Fixtures.sweepText(parameters: "  penalties: [false, true]", replicates: 1, size: 100, steps: 24))
        try! Fixtures.run(definition, into: path)
        return path
    }()

    @Test func booleanParametersAreTrueOrFalseInTheTable() throws {
        let summary = try SweepSummary.load(path: Self.database, lastSteps: 4, metrics: ["score_mean"])
        let rows = try summary.table().split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        let pointRows = rows.filter { $0.first == "0" || $0.first == "1" }
        #expect(pointRows.map { $0[1] } == ["false", "true"], "\(rows)")
    }

    @Test func booleanParametersAreTrueOrFalseInTheCSV() throws {
        let summary = try SweepSummary.load(path: Self.database, lastSteps: 4, metrics: ["score_mean"])
        let lines = try summary.csv().split(separator: "\n")
        #expect(lines.dropFirst().map { $0.split(separator: ",")[1] } == ["false", "true"], "\(lines)")
    }

    /// Runs of 24 steps summarised with --last 52 are averaged over all 24: the heading says
    /// so and a warning is given; with --last 4 the heading names the last 4 steps
    /// (issue 12, defect 4).
    @Test func theHeadingSaysWhatWasAveraged() throws {
        let long = try SweepSummary.load(path: Self.database, lastSteps: 52, metrics: ["score_mean"])
        #expect(long.runLengths == 24...24)
        #expect(long.heading.contains("average over all its steps (runs are 24 steps long, not more than the 52 asked for)"), "\(long.heading)")
        #expect(!long.heading.contains("last 52"))
        #expect(long.warning == "warning: --last 52, but the shortest run has 24 steps: runs that short are averaged over all their steps")
        let short = try SweepSummary.load(path: Self.database, lastSteps: 4, metrics: ["score_mean"])
        #expect(short.heading.contains("average over its last 4 steps"))
        #expect(short.warning == nil)
    }
}
