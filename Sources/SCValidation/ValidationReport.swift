import Foundation
import SCVoter

/// What a suite run found, and how to print it.
public struct ValidationReport: Sendable {
    public var checks: [ValidationCheck]
    /// Wall seconds of each section that ran.
    public var sectionSeconds: [(String, Double)]
    /// Wall seconds in all.
    public var seconds: Double
    public var configuration: ValidationConfiguration
    var voter: VoterChecks.Data
    /// Watts's cascade-window curve, when those checks ran.
    var cascades: [RefusalChecks.CascadePoint] = []

    /// Whether every check passed.
    public var passed: Bool { checks.allSatisfy(\.passed) }

    /// The phi_c estimate, when the scaling runs were made and the curves cross.
    public var criticalPoint: CriticalPointEstimate? { voter.criticalPoint }

    /// The report as Markdown tables: the checks, the scaling curves, the community-size
    /// distributions and the time taken.
    public func markdown() -> String {
        var out: [String] = []
        out.append("| check | published | source | measured ± SE | deviation | tolerance | result |")
        out.append("|---|---|---|---|---|---|---|")
        for check in checks {
            out.append("| \(check.title) | \(check.published) | \(check.source) | \(check.measured) | \(Format.number(check.deviation)) | \(Format.number(check.tolerance)) | \(check.passed ? "pass" : "**FAIL**") |")
        }
        out.append("")
        out.append("Notes (how each tolerance is made):")
        out.append("")
        for check in checks { out.append("- `\(check.id)`: \(check.note).") }
        if !voter.scaling.isEmpty {
            out.append("")
            out.append("Finite-size scaling of the adaptive voter model: mean S/N ± SE, and N^0.61 S/N, by N (rows) and phi (columns).")
            out.append("")
            let phis = configuration.voterPhis
            out.append("| N | " + phis.map { "phi = \(Format.number($0))" }.joined(separator: " | ") + " |")
            out.append("|---|" + phis.map { _ in "---" }.joined(separator: "|") + "|")
            for (s, n) in configuration.voterSizes.enumerated() {
                let scale = pow(Double(n), CriticalPoint.exponent)
                let cells = voter.scaling[s].map { runs -> String in
                    let e = Estimate(runs)
                    return "\(Format.number(e.mean, digits: 3)) ± \(Format.number(e.standardError, digits: 2)) (\(Format.number(e.mean * scale, digits: 3)))"
                }
                out.append("| \(n) | " + cells.joined(separator: " | ") + " |")
            }
        }
        if let estimate = voter.criticalPoint {
            out.append("")
            let pairs = estimate.pairCrossings.map { "\($0.small)/\($0.large): \($0.phi.map { Format.number($0) } ?? "none")" }
            out.append("phi_c = \(Format.number(estimate.phiC)) ± \(Format.number(estimate.standardError)) (bootstrap), from the crossings \(pairs.joined(separator: ", ")).")
        }
        if !voter.distributions.isEmpty {
            out.append("")
            out.append("Community-size distributions at consensus (N = \(configuration.voterExtremeNodes), \(configuration.voterExtremeRuns) runs): communities per run with size in each range, and the share of vertices they hold.")
            out.append("")
            let bins = sizeBins(upTo: configuration.voterExtremeNodes)
            out.append("| phi | " + bins.map { $0.label }.joined(separator: " | ") + " |")
            out.append("|---|" + bins.map { _ in "---" }.joined(separator: "|") + "|")
            for (phi, censuses) in voter.distributions {
                let cells = bins.map { bin -> String in
                    var count = 0, members = 0
                    for census in censuses { for s in census.sizes where bin.range.contains(s) { count += 1; members += s } }
                    let runs = Double(censuses.count)
                    let share = Double(members) / (runs * Double(configuration.voterExtremeNodes))
                    return count == 0 ? "0" : "\(Format.number(Double(count) / runs, digits: 3)) (\(Format.number(100 * share, digits: 2))%)"
                }
                out.append("| \(Format.number(phi)) | " + cells.joined(separator: " | ") + " |")
            }
        }
        if !cascades.isEmpty {
            out.append("")
            out.append("Cascade window of the threshold rule (Watts 2002, Figure 1; phi = 0.18, n = \(configuration.wattsNodes), \(configuration.wattsRuns) seeds per z): the frequency of global cascades (at least \(Format.number(100 * configuration.wattsGlobalShare))% of the nodes) and their mean size.")
            out.append("")
            out.append("| z | frequency ± SE | mean size of global cascades |")
            out.append("|---|---|---|")
            for point in cascades {
                out.append("| \(Format.number(point.meanDegree)) | \(point.frequency) | \(point.globalSize.map { Format.number($0) } ?? "-") |")
            }
        }
        out.append("")
        out.append("Time: " + sectionSeconds.map { "\($0.0) \(String(format: "%.1f", $0.1)) s" }.joined(separator: "; ")
                   + String(format: "; total %.1f s on %d threads.", seconds, configuration.threads))
        return out.joined(separator: "\n") + "\n"
    }

    /// A compact plain-text table for the terminal.
    public func text() -> String {
        var out: [String] = []
        let header = ["result", "check", "published", "measured ± SE", "tolerance"]
        var rows: [[String]] = [header]
        for check in checks {
            rows.append([check.passed ? "pass" : "FAIL", check.id, check.published, check.measured.description, Format.number(check.tolerance)])
        }
        let widths = (0..<header.count).map { column in rows.map { $0[column].count }.max() ?? 0 }
        for row in rows {
            out.append(zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  "))
        }
        if let estimate = voter.criticalPoint {
            let pairs = estimate.pairCrossings.map { "\($0.small)/\($0.large) \($0.phi.map { Format.number($0) } ?? "none")" }
            out.append("phi_c crossings: " + pairs.joined(separator: ", "))
        }
        let failures = checks.filter { !$0.passed }.count
        out.append(String(format: "%d checks, %d failed, %.1f s", checks.count, failures, seconds))
        return out.joined(separator: "\n") + "\n"
    }

    /// Size ranges 1, 2-3, 4-7, ... (powers of two), the last one reaching N.
    func sizeBins(upTo n: Int) -> [(label: String, range: ClosedRange<Int>)] {
        var bins: [(String, ClosedRange<Int>)] = []
        var low = 1
        while low <= n {
            let high = min(n, 2 * low - 1)
            bins.append((low == high ? "\(low)" : "\(low)-\(high)", low...high))
            low *= 2
        }
        return bins
    }
}
