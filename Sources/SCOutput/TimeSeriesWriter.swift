import Foundation
import SCModel

/// Streams time-series rows to CSV, under a temporary name until the run finishes.
///
/// Rows are buffered and flushed in large writes. `finish()` flushes, syncs and renames the
/// file into place; a run that fails or is interrupted leaves the previous
/// `timeseries.csv` (if any) untouched and only a hidden `.partial` file behind.
public final class TimeSeriesWriter {
    public let path: String
    let temporary: String
    let handle: FileHandle
    var buffer = Data()
    public private(set) var rowsWritten = 0

    /// Opens the temporary file and writes the header.
    public init(path: String, columns: [String] = TimeSeriesColumn.header) throws {
        self.path = path
        temporary = AtomicFile.temporaryPath(for: path)
        guard FileManager.default.createFile(atPath: temporary, contents: nil),
              let handle = FileHandle(forWritingAtPath: temporary) else {
            throw OutputError.cannotWrite(path: path, reason: String(cString: strerror(errno)))
        }
        self.handle = handle
        buffer.reserveCapacity(1 << 16)
        append(line: columns.joined(separator: ","))
    }

    /// Appends one row of the reference model.
    public func write(_ row: Observation) throws {
        try write(values: row.values)
    }

    /// Appends one row given as values in column order.
    public func write(values: [MetricValue]) throws {
        append(line: TimeSeriesWriter.format(values))
        rowsWritten += 1
        if buffer.count > 1 << 16 { try flush() }
    }

    /// Flushes, syncs and moves the file into place.
    public func finish() throws {
        try flush()
        do {
            try handle.synchronize()
            try handle.close()
        } catch {
            throw OutputError.cannotWrite(path: path, reason: error.localizedDescription)
        }
        try AtomicFile.commit(temporary, to: path)
    }

    /// Drops the temporary file (after a failure).
    public func abandon() {
        try? handle.close()
        try? FileManager.default.removeItem(atPath: temporary)
    }

    /// A row as CSV text: numbers in shortest round-trip form, missing values empty.
    public static func format(_ values: [MetricValue]) -> String {
        values.map(\.description).joined(separator: ",")
    }

    private func append(line: String) {
        buffer.append(contentsOf: line.utf8)
        buffer.append(0x0A)
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
