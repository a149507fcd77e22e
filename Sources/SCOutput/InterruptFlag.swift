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
    }

    static func uninstall() {
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}
