import Foundation

/// Which scsim made an output: its version, and the git commit when it can be found.
public enum BuildInfo {
    /// The release version of scsim.
    public static let version = "0.1.0"

    /// The commit the running binary was built from, when known.
    ///
    /// `SCSIM_GIT_COMMIT` wins when set (for packaged builds). Otherwise the folders above
    /// the executable are searched for a git checkout (a `swift build` puts the binary in
    /// `.build/` inside it) and its HEAD is read from the files directly, with "-dirty"
    /// never claimed because it cannot be known without git itself.
    public static let gitCommit: String? = {
        if let forced = ProcessInfo.processInfo.environment["SCSIM_GIT_COMMIT"], !forced.isEmpty { return forced }
        guard let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") else { return nil }
        var folder = URL(fileURLWithPath: executable).deletingLastPathComponent()
        while folder.path != "/" {
            let git = folder.appendingPathComponent(".git")
            if FileManager.default.fileExists(atPath: git.path) { return readHead(gitFolder: git) }
            folder = folder.deletingLastPathComponent()
        }
        return nil
    }()

    static func readHead(gitFolder: URL) -> String? {
        guard let head = try? String(contentsOf: gitFolder.appendingPathComponent("HEAD"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines) else { return nil }
        guard head.hasPrefix("ref: ") else { return head.count == 40 ? head : nil }
        let ref = String(head.dropFirst(5))
        if let direct = try? String(contentsOf: gitFolder.appendingPathComponent(ref), encoding: .utf8) {
            return direct.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        guard let packed = try? String(contentsOf: gitFolder.appendingPathComponent("packed-refs"), encoding: .utf8) else { return nil }
        for line in packed.split(separator: "\n") where line.hasSuffix(" " + ref) {
            return String(line.prefix(40))
        }
        return nil
    }
}
