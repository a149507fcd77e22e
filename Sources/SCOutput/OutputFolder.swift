import Foundation

/// An exclusive advisory lock (`flock`) on a lock file, held until `release()` or the end
/// of the process (the kernel drops it when the process dies, even after kill -9, so a
/// lock is never left stale).
///
/// The holder removes the file when it releases the lock (while still holding it), so no
/// lock file stays behind; a process that locked a file just removed this way sees that
/// its file is no longer the one at `path` and tries again.
public final class FileLock: @unchecked Sendable {
    // @unchecked: `descriptor` is written only by `release()`, which the owner calls once.
    public let path: String
    private var descriptor: Int32

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    /// Takes the lock at `path` (creating the file), without waiting.
    ///
    /// - Returns: nil when another process holds it.
    /// - Throws: `OutputError.cannotWrite` when the lock file cannot be created or opened.
    public static func acquire(_ path: String) throws -> FileLock? {
        for _ in 0..<100 {
            let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw OutputError.cannotWrite(path: path, reason: String(cString: strerror(errno))) }
            guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
                let failure = errno
                close(fd)
                if failure == EWOULDBLOCK { return nil }
                throw OutputError.cannotWrite(path: path, reason: "cannot lock: \(String(cString: strerror(failure)))")
            }
            // Still the file at `path`? (Its last holder may have removed it meanwhile.)
            var opened = stat(), named = stat()
            guard fstat(fd, &opened) == 0, stat(path, &named) == 0, opened.st_ino == named.st_ino, opened.st_dev == named.st_dev else {
                close(fd)
                continue
            }
            // The holder's process id, for the message another process prints.
            let pid = Array("\(getpid())\n".utf8)
            if ftruncate(fd, 0) == 0 { _ = pid.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) } }
            return FileLock(path: path, descriptor: fd)
        }
        throw OutputError.cannotWrite(path: path, reason: "cannot lock: the lock file keeps being replaced")
    }

    /// The process id written by the lock's holder (nil when unreadable).
    public static func holder(of path: String) -> Int? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return Int(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Removes the lock file and gives the lock up.
    public func release() {
        guard descriptor >= 0 else { return }
        unlink(path)
        flock(descriptor, LOCK_UN)
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }
}

/// The housekeeping of a run's output folder: its lock, and the temporary files a killed
/// process left behind.
public enum OutputFolder {
    /// The lock file a run holds while it writes the folder (hidden, removed when the run
    /// ends; never counts as content).
    public static let lockName = ".scsim.lock"

    /// Locks `folder` for one writer.
    ///
    /// - Throws: `BadRunRequest` (exit 2) when another process holds it.
    public static func lock(_ folder: String) throws -> FileLock {
        let path = folder + "/" + lockName
        guard let lock = try FileLock.acquire(path) else {
            let who = FileLock.holder(of: path).map { " (process \($0))" } ?? ""
            throw BadRunRequest("another scsim is writing to \(folder)\(who); wait for it to finish, or choose another folder")
        }
        return lock
    }

    /// Refuses a folder another process holds locked, without writing anything.
    ///
    /// - Throws: `BadRunRequest` (exit 2).
    public static func checkNotLocked(_ folder: String) throws {
        let path = folder + "/" + lockName
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        defer { close(fd) }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK {
            let who = FileLock.holder(of: path).map { " (process \($0))" } ?? ""
            throw BadRunRequest("another scsim is writing to \(folder)\(who); wait for it to finish, or choose another folder")
        }
        flock(fd, LOCK_UN)
    }

    /// The process id in a temporary name `.NAME.partial-PID` (AtomicFile's), or nil.
    static func partialOwner(_ name: String) -> Int32? {
        guard name.hasPrefix("."), let range = name.range(of: ".partial-", options: .backwards) else { return nil }
        return Int32(name[range.upperBound...])
    }

    /// Whether process `pid` is gone (its temporary files are stale).
    static func isDead(_ pid: Int32) -> Bool {
        pid != getpid() && kill(pid, 0) != 0 && errno == ESRCH
    }

    /// The entries of `folder` that are results: everything but the lock file and
    /// temporary files of processes that no longer exist.
    public static func contents(of folder: String) -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return entries.filter { name in
            if name == lockName { return false }
            if let pid = partialOwner(name), isDead(pid) { return false }
            return true
        }
    }

    /// Removes the temporary files (and staging folders) of dead processes from `folder`.
    public static func removeStalePartials(in folder: String) {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        for name in entries {
            if let pid = partialOwner(name), isDead(pid) { try? FileManager.default.removeItem(atPath: folder + "/" + name) }
        }
    }
}
