#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import Foundation

/// SIGINT and SIGTERM for the commands that run models: honoured within a second, with a
/// message and exit code 130, wherever the process is.
///
/// A signal handler may only touch a flag. Between steps the run loop reads it, finishes
/// the step, writes a checkpoint and exits 130 itself (`RunInterrupted`). Everywhere else a
/// watchdog thread, which polls the flag every 20 ms, ends the process (issue 13: during
/// network generation SIGTERM used to kill it with no message, and inside a long step both
/// signals were ignored until the step ended, which could be never):
///
/// - while setting up (reading the scenario, building the population and network) or in a
///   command that has no step loop (a sweep), at once, with the message given to
///   `beginSetUp(message:)`: nothing has been written yet, or what has been is consistent
///   (a sweep database commits run by run);
/// - inside a step that has not ended a second after the signal, with a message saying
///   what is kept: the files are then as a `kill -9` would leave them, which `scsim resume`
///   and a later run handle (the last checkpoint stays good; a staged `--force` run and a
///   run's unfinished temporary files are removed first).
public enum InterruptFlag {
    nonisolated(unsafe) static var value: sig_atomic_t = 0

    /// Whether SIGINT or SIGTERM has arrived since the handlers were installed.
    public static var raised: Bool { value != 0 }

    /// Where the process is, for the watchdog.
    enum Stage {
        /// No handlers (the default actions apply).
        case idle
        /// Setting up, or a command without a step loop: a signal ends the process at once.
        case settingUp
        /// Inside the step loop: the loop has a second to notice the signal.
        case stepping
        /// The loop has noticed the signal, or the run is finishing: the watchdog waits.
        case stopping
    }

    /// The watchdog's state, shared with the thread that runs the model.
    final class State: @unchecked Sendable {
        let lock = NSLock()
        var stage = Stage.idle
        var setUpMessage = ""
        var longStepMessage = ""
        var step = 0
        var discardOnExit: [String] = []
        var watchdogStarted = false
    }

    static let state = State()

    /// Installs the handlers (once) and starts the watchdog: until `beginStepping()`, a
    /// signal ends the process at once, printing `message` and exiting 130.
    public static func beginSetUp(message: String) {
        state.lock.lock()
        defer { state.lock.unlock() }
        state.setUpMessage = message
        if state.stage == .idle { installHandlers() }
        state.stage = .settingUp
        startWatchdog()
    }

    /// The step loop starts. A signal that arrived during set-up (and that the watchdog
    /// has not acted on yet) is kept.
    static func beginStepping(step: Int, longStepMessage: String, discardOnExit: [String]) {
        state.lock.lock()
        defer { state.lock.unlock() }
        state.step = step
        if state.stage == .idle {
            value = 0
            installHandlers()
        }
        state.stage = .stepping
        state.longStepMessage = longStepMessage
        state.discardOnExit = discardOnExit
        startWatchdog()
    }

    /// Between steps: the step just finished is `step`; what a long next step would leave.
    static func betweenSteps(step: Int, longStepMessage: String? = nil, discardOnExit: [String]? = nil) {
        state.lock.lock()
        defer { state.lock.unlock() }
        state.step = step
        if let longStepMessage { state.longStepMessage = longStepMessage }
        if let discardOnExit { state.discardOnExit = discardOnExit }
        if raised || state.stage != .stepping { state.stage = .stopping }
    }

    /// The run loop has noticed the signal, or the run is finishing: no more exits.
    static func acknowledge() {
        state.lock.lock()
        state.stage = .stopping
        state.lock.unlock()
    }

    /// Back to the default actions.
    public static func uninstall() {
        state.lock.lock()
        defer { state.lock.unlock() }
        state.stage = .idle
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }

    private static func installHandlers() {
        signal(SIGINT) { _ in InterruptFlag.value = 1 }
        signal(SIGTERM) { _ in InterruptFlag.value = 1 }
        // A parent may have started us with these signals blocked (a blocked mask is
        // inherited across exec): unblock them, or the handler would never run.
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGINT)
        sigaddset(&signals, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &signals, nil)
    }

    /// Called with the lock held.
    private static func startWatchdog() {
        guard !state.watchdogStarted else { return }
        state.watchdogStarted = true
        let thread = Thread {
            // This thread never takes the signals itself: a process-directed signal goes to a
            // thread that does not block it, and a server that later ignores them and reads
            // them through libdispatch (scsim serve) would otherwise lose one delivered here.
            var signals = sigset_t()
            sigemptyset(&signals)
            sigaddset(&signals, SIGINT)
            sigaddset(&signals, SIGTERM)
            pthread_sigmask(SIG_BLOCK, &signals, nil)
            var seenWhileStepping: ContinuousClock.Instant?
            let clock = ContinuousClock()
            while true {
                usleep(20_000)
                guard raised else { continue }
                state.lock.lock()
                switch state.stage {
                case .idle, .stopping:
                    seenWhileStepping = nil
                case .settingUp:
                    exitNow(state.setUpMessage, discarding: [])
                case .stepping:
                    let first = seenWhileStepping ?? clock.now
                    seenWhileStepping = first
                    if clock.now - first >= .milliseconds(900) {
                        exitNow("interrupted during step \(state.step + 1), which was still running a second later, so it was stopped "
                                + "without finishing it; " + state.longStepMessage, discarding: state.discardOnExit)
                    }
                }
                state.lock.unlock()
            }
        }
        thread.name = "scsim interrupt watchdog"
        thread.start()
    }

    /// Removes `paths`, prints `message` and ends the process with 130, without running
    /// anything else of it (the model's thread may be anywhere).
    private static func exitNow(_ message: String, discarding paths: [String]) -> Never {
        for path in paths { try? FileManager.default.removeItem(atPath: path) }
        let text = Array(("\n" + message + "\n").utf8)
        text.withUnsafeBytes { _ = write(STDERR_FILENO, $0.baseAddress, $0.count) }
        _exit(130)
    }
}
