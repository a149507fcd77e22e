import CGSL

/// Process-wide GSL set-up.
///
/// GSL's default error handler calls `abort()`, which would kill a run without a message.
/// scsim validates every parameter in Swift before it reaches GSL, so the handler is
/// switched off once, before the first generator is made.
public enum GSLRuntime {
    private static let installed: Bool = {
        _ = gsl_set_error_handler_off()
        return true
    }()

    /// Switches GSL's aborting error handler off; safe to call any number of times.
    public static func prepare() {
        _ = installed
    }
}
