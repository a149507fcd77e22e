import Foundation
import SCOutput
import Testing

@Suite struct CheckpointInfoTests {
    static let info = CheckpointInfo(csvOffset: 1234, csvLength: 1300, csvSHA256: String(repeating: "ab", count: 32),
                                     scenarioIdentity: "model=reference name=tiny seed=1 population.size=100", scenarioFile: "scenarios/tiny.yaml", overrides: ["score.eta=0.6"],
                                     checkpointEvery: 10, snapshotEvery: 0, scsimVersion: "test")

    @Test func roundTripsThroughTheCheckpointsExtraObject() throws {
        let extra = try Self.info.extra
        #expect(extra["csv_offset"] as? Int == 1234)
        #expect(extra["overrides"] as? [String] == ["score.eta=0.6"])
        #expect(try CheckpointInfo(extra: extra) == Self.info)
    }

    /// Before, a missing field silently became 0 or "": a checkpoint without its CSV offset
    /// would have cut the time series back to nothing.
    @Test(arguments: ["csv_offset", "csv_length", "csv_sha256", "scenario_identity", "scenario_file", "overrides", "checkpoint_every", "snapshot_every", "scsim_version"])
    func aMissingFieldIsRefusedByName(field: String) throws {
        var extra = try Self.info.extra
        extra[field] = nil
        let error = #expect(throws: BadRunRequest.self) { try CheckpointInfo(extra: extra) }
        #expect(error?.description.contains("'\(field)'") == true)
    }

    @Test func aMistypedFieldIsRefused() throws {
        var extra = try Self.info.extra
        extra["csv_offset"] = "1234"
        #expect(throws: BadRunRequest.self) { try CheckpointInfo(extra: extra) }
    }
}
