import Foundation
import SCModel

/// Streams time-series rows to CSV.
///
/// Two modes. `atomic` (a plain run) writes under a hidden temporary name and renames the
/// file into place when the run finishes, so a failed run never leaves a half-written
/// `timeseries.csv` or destroys an old one. `inPlace` (a run that keeps checkpoints, or a
/// resumed one) writes `timeseries.csv` itself and syncs it at every checkpoint; rows go
/// out whole, so after a crash the file holds only whole rows, and `scsim resume` cuts it
/// back to the last checkpoint.
public final class TimeSeriesWriter {
    public enum Mode: Sendable { case atomic, inPlace }

    public let path: String
    public let mode: Mode
    let target: String
    let handle: FileHandle
    var buffer = Data()
    /// Bytes in the file once everything buffered is written.
    public private(set) var byteCount = 0
    public private(set) var rowsWritten = 0

    /// Starts a new file and writes the header.
    public init(path: String, columns: [String], mode: Mode = .atomic) throws {
        self.path = path
        self.mode = mode
        target = mode == .atomic ? AtomicFile.temporaryPath(for: path) : path
        guard FileManager.default.createFile(atPath: target, contents: nil),
              let handle = FileHandle(forWritingAtPath: target) else {
            throw OutputError.cannotWrite(path: path, reason: String(cString: strerror(errno)))
        }
        self.handle = handle
        buffer.reserveCapacity(1 << 16)
        append(line: CSV.line(columns))
    }

    /// Reopens an existing file in place, cut back to its first `byteCount` bytes.
    public init(resuming path: String, byteCount: Int) throws {
        self.path = path
        mode = .inPlace
        target = path
        guard let handle = FileHandle(forUpdatingAtPath: path) else {
            throw OutputError.cannotWrite(path: path, reason: "cannot reopen the time series to resume (\(String(cString: strerror(errno))))")
        }
        do {
            try handle.truncate(atOffset: UInt64(byteCount))
            try handle.seekToEnd()
        } catch {
            throw OutputError.cannotWrite(path: path, reason: error.localizedDescription)
        }
        self.handle = handle
        self.byteCount = byteCount
    }

    /// Appends one row.
    public func write(_ row: Observation) throws {
        try write(values: row.values)
    }

    /// Appends one row given as values in column order.
    public func write(values: [MetricValue]) throws {
        append(line: TimeSeriesWriter.format(values))
        rowsWritten += 1
        if buffer.count > 1 << 16 { try flush() }
    }

    /// Writes everything buffered and syncs it to disk.
    public func sync() throws {
        try flush()
        do { try handle.synchronize() } catch { throw OutputError.cannotWrite(path: path, reason: error.localizedDescription) }
    }

    /// Syncs and closes the file, moving it into place in atomic mode.
    public func finish() throws {
        try sync()
        do { try handle.close() } catch { throw OutputError.cannotWrite(path: path, reason: error.localizedDescription) }
        if mode == .atomic { try AtomicFile.commit(target, to: path) }
    }

    /// Gives up after a failure: atomic mode drops its temporary file; in place, the rows
    /// written so far stay for `scsim resume`.
    public func abandon() {
        try? flush()
        try? handle.close()
        if mode == .atomic { try? FileManager.default.removeItem(atPath: target) }
    }

    /// A row as CSV text (`CSV`): numbers in shortest round-trip form, missing values empty,
    /// text quoted when it must be.
    public static func format(_ values: [MetricValue]) -> String {
        CSV.line(values)
    }

    private func append(line: String) {
        let before = buffer.count
        buffer.append(contentsOf: line.utf8)
        buffer.append(0x0A)
        byteCount += buffer.count - before
    }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        do {
            try handle.write(contentsOf: buffer)
        } catch {
            throw OutputError.cannotWrite(path: path, reason: error.localizedDescription)
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
