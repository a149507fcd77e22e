/// The rule for names that become file or folder names: a scenario's `name` (the default
/// output folder runs/NAME-SEED) and a sweep's `name` (runs/sweeps/NAME.sqlite).
///
/// Before (issue 13), `name: ../../x` wrote outside runs/, and a name with a newline or NUL
/// made stray folders. A safe name is one path component that every file system and shell
/// takes as it is: letters, digits, `-`, `_`, `.` and `+`, not starting with `.` or `-`,
/// at most 100 bytes.
public enum SafeFileName {
    /// Longest name, in UTF-8 bytes (a file name may have 255; the seed and an extension
    /// are added to it).
    public static let maximumBytes = 100

    /// What is wrong with `name` as a file name, or nil when it is safe.
    public static func problem(_ name: String) -> String? {
        let shown = quoted(name)
        if name.isEmpty { return "must not be empty (it names the output folder)" }
        if name.utf8.count > maximumBytes {
            return "must be at most \(maximumBytes) bytes (it names the output folder), got \(name.utf8.count) bytes"
        }
        if name.hasPrefix(".") || name.hasPrefix("-") {
            return "must not start with '.' or '-' (it names the output folder), got \(shown)"
        }
        let allowed = name.unicodeScalars.allSatisfy { scalar in
            scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "-_.+".unicodeScalars.contains(scalar)
        }
        if !allowed {
            return "must be a plain file name: letters, digits, '-', '_', '.' and '+' only (it names the output folder), got \(shown)"
        }
        return nil
    }

    /// The name for a message: escaped (no raw newline or NUL reaches a terminal) and cut
    /// to 60 characters.
    static func quoted(_ name: String) -> String {
        var text = ""
        for scalar in name.unicodeScalars.prefix(60) {
            text += scalar.properties.generalCategory == .control ? scalar.escaped(asASCII: true) : String(scalar)
        }
        return "'" + text + (name.unicodeScalars.count > 60 ? "...'" : "'")
    }
}
