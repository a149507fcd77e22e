import Foundation
import Testing

/// `scsim resume`: what its summary line reports (issue 12, defect 8).
struct ResumeCommandTests {
    /// After 25 of 40 steps, resuming runs 15 steps: the summary counts those, not 40.
    @Test func summaryCountsOnlyTheStepsRunInThisInvocation() throws {
        let folder = CLI.temporaryFolder() + "/half"
        let first = try CLI.run(["run", "scenarios/tiny.yaml", "--steps", "25", "--out", folder, "--checkpoint-every", "10"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("tiny: 25 steps x 300 citizens"))
        let resumed = try CLI.run(["resume", folder, "--steps", "40"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stderr.contains("tiny: 15 steps (resumed at step 25, 40 in all) x 300 citizens"), "\(resumed.stderr)")
        #expect(!resumed.stderr.contains("40 steps x"), "\(resumed.stderr)")
        // The rate on the line is the manifest's, which counts the 15 steps run here.
        let manifest = try CLI.manifest(folder)
        let wall = try #require(manifest["wall_seconds"] as? Double)
        let rate = try #require(manifest["agent_steps_per_second"] as? Double)
        #expect(abs(rate * wall - 300 * 15) < 1e-6 * 300 * 15)
        #expect(resumed.stderr.contains(String(format: "(%.3g agent-steps/s", rate)), "\(resumed.stderr)")
    }

    /// A negative number is a value out of range, not a missing value (defect 9).
    @Test func negativeStepsOrThreadsAreOutOfRange() throws {
        for (option, allowed) in [("--steps", "[1, 100000000]"), ("--threads", "at least 1")] {
            let r = try CLI.run(["resume", CLI.temporaryFolder(), option, "-3"])
            #expect(r.status == 2, "\(option): \(r.stderr)")
            #expect(r.stderr.contains("\(option) is out of range") && r.stderr.contains(allowed) && r.stderr.contains("got -3"), "\(r.stderr)")
            #expect(!r.stderr.contains("Missing value"), "\(r.stderr)")
        }
    }
}
