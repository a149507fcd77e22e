import Foundation
import SCOutput

/// A one-line progress bar on stderr: step, rate, and time left. Redrawn at most ten
/// times a second so that drawing never costs more than the run.
final class ProgressBar {
    let population: Int
    /// The step the run started from (a resumed run's checkpoint step): the rate and the
    /// time left count only the steps run since.
    let firstStep: Int
    let start = ContinuousClock.now
    var lastDraw: ContinuousClock.Instant?

    init(population: Int, firstStep: Int = 0) {
        self.population = population
        self.firstStep = firstStep
    }

    func update(done: Int, total: Int) {
        let now = ContinuousClock.now
        guard lastDraw.map({ now - $0 >= .milliseconds(100) }) ?? true || done == total else { return }
        lastDraw = now
        let elapsed = max(ProcessStats.seconds(now - start), 1e-9)
        let run = done - firstStep
        let rate = Double(run) * Double(population) / elapsed
        let left = run > 0 ? elapsed / Double(run) * Double(total - done) : 0
        let width = 30
        let filled = total > 0 ? width * done / total : width
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        let text = String(format: "\r[%@] step %d/%d  %.3g agent-steps/s  %@ left ", bar, done, total, rate, ProgressBar.clock(left))
        FileHandle.standardError.write(Data(text.utf8))
    }

    func finish() {
        FileHandle.standardError.write(Data("\n".utf8))
    }

    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }
}
