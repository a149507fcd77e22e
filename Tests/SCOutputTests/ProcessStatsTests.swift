import Foundation
import SCOutput
import Testing

/// Timing on `ContinuousClock`.
struct ProcessStatsTests {
    @Test func durationsConvertToSeconds() {
        #expect(ProcessStats.seconds(.milliseconds(1500)) == 1.5)
        #expect(ProcessStats.seconds(.seconds(2) + .nanoseconds(250)) == 2.000_000_25)
        #expect(ProcessStats.seconds(.zero) == 0)
        #expect(ProcessStats.seconds(.seconds(-3)) == -3)
    }

    /// Readings never go back, and a 50 ms sleep shows as at least 50 ms on both APIs.
    @Test func theClockIsMonotonicAndCountsSleeps() {
        let start = ContinuousClock.now
        let first = ProcessStats.now()
        var previous = first
        for _ in 0..<1000 {
            let reading = ProcessStats.now()
            #expect(reading >= previous)
            previous = reading
        }
        usleep(50_000)
        #expect(ProcessStats.now() - first >= 0.05)
        #expect(ProcessStats.seconds(since: start) >= 0.05)
        #expect(ProcessStats.seconds(since: start) < 60)
    }
}
