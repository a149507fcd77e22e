import Foundation

/// What `scsim run` stores in a checkpoint beside the model's state, so that `scsim resume`
/// continues the same run: where the time series stood and what it held, which run it is,
/// how the run was asked for, and by which build. Every field is required: a checkpoint
/// that lacks one is refused, never resumed with a guessed default.
public struct CheckpointInfo: Codable, Equatable, Sendable {
    /// Bytes of `timeseries.csv` before the checkpoint's own step's row.
    public var csvOffset: Int
    /// Bytes of `timeseries.csv` when the checkpoint was written (its own step's row included).
    public var csvLength: Int
    /// SHA-256 (lowercase hex) of the first `csvLength` bytes of `timeseries.csv`: resume
    /// refuses a time series that is not the one the checkpoint was written beside.
    public var csvSHA256: String
    /// Which run this is (`RunSession.scenarioIdentity`): model, name, seed and population
    /// of the resolved scenario, the values no timeline event changes.
    public var scenarioIdentity: String
    public var scenarioFile: String
    public var overrides: [String]
    public var checkpointEvery: Int
    public var snapshotEvery: Int
    public var scsimVersion: String

    enum CodingKeys: String, CodingKey {
        case csvOffset = "csv_offset"
        case csvLength = "csv_length"
        case csvSHA256 = "csv_sha256"
        case scenarioIdentity = "scenario_identity"
        case scenarioFile = "scenario_file"
        case overrides
        case checkpointEvery = "checkpoint_every"
        case snapshotEvery = "snapshot_every"
        case scsimVersion = "scsim_version"
    }

    public init(csvOffset: Int, csvLength: Int, csvSHA256: String, scenarioIdentity: String, scenarioFile: String,
                overrides: [String], checkpointEvery: Int, snapshotEvery: Int, scsimVersion: String) {
        self.csvOffset = csvOffset
        self.csvLength = csvLength
        self.csvSHA256 = csvSHA256
        self.scenarioIdentity = scenarioIdentity
        self.scenarioFile = scenarioFile
        self.overrides = overrides
        self.checkpointEvery = checkpointEvery
        self.snapshotEvery = snapshotEvery
        self.scsimVersion = scsimVersion
    }

    /// The info as the checkpoint's `extra` object.
    public var extra: [String: Any] {
        get throws {
            let data = try JSONEncoder().encode(self)
            return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        }
    }

    /// Reads the info back from a checkpoint's `extra` object.
    ///
    /// - Throws: `BadRunRequest` naming the first missing or mistyped field.
    public init(extra: [String: Any]) throws {
        do {
            let data = try JSONSerialization.data(withJSONObject: extra)
            self = try JSONDecoder().decode(CheckpointInfo.self, from: data)
        } catch let DecodingError.keyNotFound(key, _) {
            throw BadRunRequest("the checkpoint lacks its '\(key.stringValue)' field; it was not written by scsim run, or is damaged")
        } catch let DecodingError.typeMismatch(_, context) {
            throw BadRunRequest("the checkpoint's '\(context.codingPath.map(\.stringValue).joined(separator: "."))' field has the wrong type")
        } catch {
            throw BadRunRequest("the checkpoint's run information is unreadable: \(error)")
        }
    }
}
