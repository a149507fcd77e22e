#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Set by SIGINT or SIGTERM; the run loop checks it after each step.
///
/// A signal handler may only touch a flag, so the run finishes its current step, writes a
/// checkpoint, and exits 130 itself. A second signal while a step is still running is
/// ignored: the first already asked to stop.
enum InterruptFlag {
    nonisolated(unsafe) static var value: sig_atomic_t = 0

    static var raised: Bool { value != 0 }

    static func install() {
        value = 0
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

    static func uninstall() {
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}
