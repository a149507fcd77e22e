import Foundation

/// Writes files so that a reader never sees a half-written one and an old file is never
/// lost to a failed write: the bytes go to a temporary file in the same folder, are
/// flushed to disk, and the temporary file is renamed over the target.
public enum AtomicFile {
    /// Writes `data` to `path` atomically.
    public static func write(_ data: Data, to path: String) throws {
        let temporary = temporaryPath(for: path)
        guard FileManager.default.createFile(atPath: temporary, contents: nil) else {
            throw OutputError.cannotWrite(path: path, reason: String(cString: strerror(errno)))
        }
        do {
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: temporary))
            try handle.write(contentsOf: data)
            try handle.synchronize()
            try handle.close()
            try commit(temporary, to: path)
        } catch let error as OutputError {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw OutputError.cannotWrite(path: path, reason: error.localizedDescription)
        }
    }

    /// The temporary name used while `path` is being written: hidden, in the same folder
    /// (so the rename stays on one file system), and unique to this process.
    public static func temporaryPath(for path: String) -> String {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        return folder + "/." + url.lastPathComponent + ".partial-\(getpid())"
    }

    /// Renames a finished temporary file over `path`.
    public static func commit(_ temporary: String, to path: String) throws {
        if rename(temporary, path) != 0 {
            throw OutputError.cannotWrite(path: path, reason: String(cString: strerror(errno)))
        }
    }
}

/// A failure to write output: exit code 1, with the path and the system's reason; a folder
/// that cannot be used as asked (`folderNotEmpty`, `unusableFolder`) is bad input (exit 2).
public enum OutputError: Error, CustomStringConvertible {
    case cannotWrite(path: String, reason: String)
    case folderNotEmpty(path: String)
    case cannotCreateFolder(path: String, reason: String)
    /// The output folder named cannot be used (empty name, a file, an unwritable parent).
    case unusableFolder(path: String, reason: String)

    /// True for a problem with the folder asked for (exit code 2).
    public var isBadInput: Bool {
        switch self {
        case .folderNotEmpty, .unusableFolder: return true
        case .cannotWrite, .cannotCreateFolder: return false
        }
    }

    public var description: String {
        switch self {
        case .cannotWrite(let path, let reason): return "cannot write \(path): \(reason)"
        case .folderNotEmpty(let path): return "output folder \(path) is not empty; choose another with --out, or pass --force to replace its files"
        case .cannotCreateFolder(let path, let reason): return "cannot create output folder \(path): \(reason)"
        case .unusableFolder(let path, let reason): return "cannot use output folder '\(path)': \(reason)"
        }
    }
}
