import Foundation
import SCScenario

/// Everything that can stop a sweep, a merge or a summary, with scsim's exit code.
///
/// Bad input (exit 2) is found before anything is written: a sweep file with problems,
/// a database from another sweep, a file that is not a sweep database. A failure while
/// running (exit 1) leaves every finished run in place and no run half-written, because
/// each run is committed in one transaction.
public enum SweepError: Error, CustomStringConvertible, Sendable {
    /// The sweep file (or the scenario it names) is wrong; every problem is listed with
    /// its file and line.
    case invalidFile([ScenarioProblem])
    /// A command-line value that cannot be used (`--shard 3/2`, `--last 0`).
    case badArgument(String)
    /// The file exists but is not a database that scsim's sweeps wrote.
    case notASweepDatabase(path: String, reason: String)
    /// The database belongs to a different sweep definition than the one at hand.
    case otherSweep(path: String, expected: String, found: String)
    /// No point has this id (`summarize --baseline`).
    case unknownPoint(Int, available: Int)
    /// Reading or writing the database failed (full disk, read-only folder, I/O error).
    case databaseFailure(path: String, reason: String)
    /// A run could not be built or stepped.
    case runFailed(runID: Int, reason: String)
    /// Another process is writing the database (a sweep or merge holds its writer lock).
    case databaseInUse(path: String, holder: Int?)

    /// True for problems with the input (exit code 2), false for failures while running (1).
    public var isBadInput: Bool {
        switch self {
        case .invalidFile, .badArgument, .notASweepDatabase, .otherSweep, .unknownPoint, .databaseInUse: return true
        case .databaseFailure, .runFailed: return false
        }
    }

    public var description: String {
        switch self {
        case .invalidFile(let problems):
            return problems.map(\.description).joined(separator: "\n")
        case .badArgument(let message):
            return message
        case .notASweepDatabase(let path, let reason):
            return "\(path) is not a sweep database: \(reason)"
        case .otherSweep(let path, let expected, let found):
            return "\(path) holds another sweep (\(found)), not this one (\(expected)); "
                + "choose another --db, or delete the file to start again"
        case .unknownPoint(let id, let available):
            return "no point \(id): the sweep's points are 0 ... \(available - 1)"
        case .databaseFailure(let path, let reason):
            return "\(path): \(reason)"
        case .runFailed(let runID, let reason):
            return "run \(runID) failed: \(reason)"
        case .databaseInUse(let path, let holder):
            return "another scsim is writing \(path)\(holder.map { " (process \($0))" } ?? ""); wait for it to finish, "
                + "or give each process its own --db (for example with --shard K/N) and combine them with scsim merge"
        }
    }
}
