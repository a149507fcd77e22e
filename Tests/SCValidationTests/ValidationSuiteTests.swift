import Foundation
import SCValidation
import Testing

/// `scsim validate --quick`: every check passes with tolerances derived from its run counts.
@Suite struct ValidationSuiteTests {
    /// The quick suite, run once for all tests here (about 20-30 s in a debug build).
    static let report = ValidationSuite.run(.quick(threads: ProcessInfo.processInfo.activeProcessorCount))

    @Test func quickSuitePasses() {
        let report = Self.report
        #expect(report.checks.count >= 15)
        for check in report.checks {
            #expect(check.passed, "\(check.id): published \(check.published), measured \(check.measured), tolerance \(check.tolerance); \(check.note)")
            #expect(check.tolerance > 0, "\(check.id) has a tolerance")
        }
        let ids = Set(report.checks.map(\.id))
        for id in ["er.clustering", "er.giant.c2", "ws.C0", "ws.L0", "ws.C.p0.1", "ws.L.p0.1", "ba.exponent",
                   "voter.phi0.04.giant", "voter.phi0.96.size", "voter.phic"] {
            #expect(ids.contains(id), "runs \(id)")
        }
        #expect(report.criticalPoint != nil)
    }

    @Test func reportPrintsEveryCheck() {
        let text = Self.report.text(), markdown = Self.report.markdown()
        for check in Self.report.checks {
            #expect(text.contains(check.id))
            #expect(markdown.contains(check.title))
        }
        #expect(markdown.contains("phi_c ="))
        #expect(markdown.contains("Time:"))
    }

    @Test func onlySelectsByPrefix() {
        var configuration = ValidationConfiguration.quick(threads: 1)
        configuration.only = ["er.giant"]
        configuration.erGiantRuns = 3
        let report = ValidationSuite.run(configuration)
        #expect(report.checks.map(\.id) == ["er.giant.c2", "er.giant.c4"])
    }

    @Test func resultsDoNotDependOnThreads() {
        func measured(threads: Int) -> [Estimate] {
            var configuration = ValidationConfiguration.quick(threads: threads)
            configuration.only = ["er.giant", "voter.phi0.96.size"]
            configuration.erGiantRuns = 4
            configuration.voterExtremeNodes = 200
            configuration.voterExtremeRuns = 4
            return ValidationSuite.run(configuration).checks.map(\.measured)
        }
        #expect(measured(threads: 1) == measured(threads: 3))
    }

    @Test func estimateIsMeanAndStandardError() {
        let e = Estimate([1, 2, 3, 4])
        #expect(e.mean == 2.5 && e.count == 4)
        // Sample sd sqrt(5/3), over sqrt(4).
        #expect(abs(e.standardError - (5.0 / 3.0).squareRoot() / 2) < 1e-12)
        #expect(Estimate([7]).standardError == 0)
    }

    @Test func agreementUsesCombinedErrorsAndAllowance() {
        let measured = Estimate(mean: 1.1, standardError: 0.03, count: 10)
        let check = ValidationCheck.agreement(id: "x", title: "x", reference: 1, referenceError: 0.04, source: "s",
                                              measured: measured, sigmas: 2, allowance: 0.01, note: "")
        // sqrt(0.03^2 + 0.04^2) = 0.05: tolerance 2 x 0.05 + 0.01 = 0.11 covers the 0.1 gap.
        #expect(abs(check.tolerance - 0.11) < 1e-12)
        #expect(abs(check.deviation - 0.1) < 1e-12 && check.passed)
        let strict = ValidationCheck.agreement(id: "x", title: "x", reference: 1, referenceError: 0.04, source: "s",
                                               measured: measured, sigmas: 1, note: "")
        #expect(!strict.passed, "0.1 is beyond 1 x 0.05")
    }

    @Test func crossingOfSyntheticScalingCurves() {
        // S/N = N^-a (1 - (phi - 0.46) * N^0.1): N^a S/N crosses exactly at 0.46 for any sizes.
        let sizes = [100, 400], phis = [0.40, 0.44, 0.48, 0.52]
        let samples = sizes.map { n in
            phis.map { phi in [pow(Double(n), -CriticalPoint.exponent) * (1 - (phi - 0.46) * pow(Double(n), 0.1))] }
        }
        let estimate = CriticalPoint.estimate(sizes: sizes, phis: phis, samples: samples, resamples: 10, seed: 1)
        #expect(estimate != nil)
        #expect(abs((estimate?.phiC ?? 0) - 0.46) < 1e-9)
        #expect(estimate?.standardError == 0)
    }
}
