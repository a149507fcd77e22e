import Foundation

/// What `scsim run` stores in a checkpoint beside the model's state, so that `scsim resume`
/// continues the same run: where the time series stood, how the run was asked for, and by
/// which build. Every field is required: a checkpoint that lacks one is refused, never
/// resumed with a guessed default.
public struct CheckpointInfo: Codable, Equatable, Sendable {
    /// Bytes of `timeseries.csv` before the checkpoint's own step's row.
    public var csvOffset: Int
    public var scenarioFile: String
    public var overrides: [String]
    public var checkpointEvery: Int
    public var snapshotEvery: Int
    public var scsimVersion: String

    enum CodingKeys: String, CodingKey {
        case csvOffset = "csv_offset"
        case scenarioFile = "scenario_file"
        case overrides
        case checkpointEvery = "checkpoint_every"
        case snapshotEvery = "snapshot_every"
        case scsimVersion = "scsim_version"
    }

    public init(csvOffset: Int, scenarioFile: String, overrides: [String], checkpointEvery: Int, snapshotEvery: Int,
                scsimVersion: String) {
        self.csvOffset = csvOffset
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
