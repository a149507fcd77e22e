import Foundation

/// Measurements of this process, for manifests and the benchmark.
public enum ProcessStats {
    /// Peak resident memory in bytes (Linux `VmHWM`), or nil where it cannot be read.
    public static func peakResidentBytes() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if fields.count >= 2, let kib = Int(fields[1]) { return kib * 1024 }
        }
        return nil
    }

    /// Seconds on a monotonic clock (`ContinuousClock`), for timing: only the difference
    /// of two readings means anything (they count from the process's first reading).
    public static func now() -> Double {
        seconds(clockOrigin.duration(to: .now))
    }

    /// Seconds from `start` to now, on `ContinuousClock`.
    public static func seconds(since start: ContinuousClock.Instant) -> Double {
        seconds(start.duration(to: .now))
    }

    /// `duration` in seconds.
    public static func seconds(_ duration: Duration) -> Double {
        let (whole, attoseconds) = duration.components
        return Double(whole) + Double(attoseconds) * 1e-18
    }

    private static let clockOrigin = ContinuousClock.now

    /// ISO 8601 timestamp in UTC, to the second.
    public static func timestamp(_ date: Date = Date()) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}
