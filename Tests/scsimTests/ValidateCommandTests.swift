import Foundation
import Testing

/// `scsim validate` and `scsim run` with `model: adaptive_voter`, end to end.
struct ValidateCommandTests {
    @Test func validatePrintsTheTable() throws {
        let result = try CLI.run(["validate", "--quick", "--only", "er.", "--only", "ws.C0", "--threads", "2"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("published") && result.stdout.contains("measured ± SE"))
        for id in ["er.clustering", "er.giant.c2", "er.giant.c4", "ws.C0"] { #expect(result.stdout.contains(id)) }
        #expect(!result.stdout.contains("FAIL"))
        #expect(result.stdout.contains("0 failed"))
    }

    /// Issue 13: `--only no-such-check` ran 0 checks and exited 0.
    @Test func anOnlyPrefixThatSelectsNoCheckIsAnError() throws {
        for prefix in ["no-such-check", "er.giant.c99"] {
            let result = try CLI.run(["validate", "--quick", "--only", prefix, "--threads", "1"])
            #expect(result.status == 2, "\(prefix): \(result.stdout)\(result.stderr)")
            #expect(result.stderr.contains("selected no check") || result.stderr.contains("selects no check"), "\(result.stderr)")
            #expect(result.stderr.contains("voter.phic"), "the message lists the check ids")
        }
    }

    @Test func runsTheAdaptiveVoterScenarioToConsensus() throws {
        let out = CLI.temporaryFolder() + "/voter"
        let result = try CLI.run(["run", "scenarios/adaptive-voter.yaml", "--out", out, "--set", "population.size=300", "--set", "voter.phi=0.9",
                                  "--set", "output.metricsEvery=1", "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = CLI.read(out + "/timeseries.csv").split(separator: "\n")
        #expect(lines.first?.hasPrefix("step,updates,consensus,discordant_ties,discordant_frac,communities,largest_community") == true)
        // Stops early, at consensus, on the last row (phi = 0.9: far from the slow critical point).
        #expect(lines.count > 2 && lines.count < 100_000)
        let last = lines.last!.split(separator: ",", omittingEmptySubsequences: false)
        #expect(last[2] == "1" && last[3] == "0")
        let manifest = try CLI.manifest(out)
        #expect(manifest["seed"] as? Int == 42)
    }

    @Test func voterKeysAreCheckedLikeAnyOther() throws {
        let bad = try CLI.run(["check", "scenarios/adaptive-voter.yaml", "--set", "voter.phi=1.5"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("voter.phi"))
        let tooFew = try CLI.run(["check", "scenarios/adaptive-voter.yaml", "--set", "voter.gamma=5000"])
        #expect(tooFew.status == 2)
        #expect(tooFew.stderr.contains("voter.gamma"))
    }
}
