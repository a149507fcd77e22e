#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads an input file (a scenario, sweep, design or edge list, a database to summarise or
/// merge) only when it is a regular file, and at most `limit` bytes of it.
///
/// Before (issue 13), `/dev/zero` or a FIFO given as an edge list or to `summarize` or
/// `merge` read forever or until memory ran out. The file is opened without blocking (a
/// FIFO with no writer would block `open` itself), checked with `fstat` on the open
/// descriptor (no race with a rename), and read to its end or to `limit`.
public enum RegularFile {
    /// Why a file could not be read, as the system says it ("No such file or directory")
    /// or as this type does ("a FIFO (named pipe), not a regular file").
    public struct Problem: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// What is wrong with `path` as an input, or nil when it is a regular file (or a link
    /// to one) of at most `limit` bytes. Does not read it.
    public static func problem(_ path: String, limit: Int = Int.max) -> Problem? {
        var info = stat()
        guard stat(path, &info) == 0 else { return Problem(description: String(cString: strerror(errno))) }
        return problem(info, limit: limit)
    }

    /// The bytes of the regular file at `path`.
    ///
    /// - Throws: `Problem` when it is missing, unreadable, not a regular file (a folder, a
    ///   device such as /dev/zero, a FIFO or socket) or longer than `limit` bytes.
    public static func read(_ path: String, limit: Int) throws(Problem) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw Problem(description: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw Problem(description: String(cString: strerror(errno))) }
        if let problem = problem(info, limit: limit) { throw problem }
        // Back to blocking reads: a regular file never blocks, and some file systems
        // answer EAGAIN to a non-blocking read.
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(info.st_size))
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let got = chunk.withUnsafeMutableBytes { readDescriptor(descriptor, $0.baseAddress, $0.count) }
            if got < 0 {
                if errno == EINTR { continue }
                throw Problem(description: String(cString: strerror(errno)))
            }
            if got == 0 { break }
            // A file that grows while it is read still stops at the limit.
            guard bytes.count + got <= limit else { throw tooLong(limit) }
            bytes.append(contentsOf: chunk[0..<got])
        }
        return bytes
    }

    /// The most a text input (a scenario, sweep or design file) may hold: 32 MiB, hundreds
    /// of times any real one.
    public static let textLimit = 32 << 20

    /// The file at `path` as UTF-8 text, with `read`'s checks.
    ///
    /// - Throws: `Problem`, also "not UTF-8 text".
    public static func text(_ path: String, limit: Int = textLimit) throws(Problem) -> String {
        let bytes = try read(path, limit: limit)
        guard let text = String(validating: bytes, as: UTF8.self) else { throw Problem(description: "not UTF-8 text") }
        return text
    }

    private static func problem(_ info: stat, limit: Int) -> Problem? {
        let type = info.st_mode & S_IFMT
        guard type == S_IFREG else {
            let kind: String
            switch type {
            case S_IFDIR: kind = "a folder"
            case S_IFCHR, S_IFBLK: kind = "a device"
            case S_IFIFO: kind = "a FIFO (named pipe)"
            case S_IFSOCK: kind = "a socket"
            default: kind = "a special file"
            }
            return Problem(description: "\(kind), not a regular file")
        }
        if Int(info.st_size) > limit { return tooLong(limit) }
        return nil
    }

    private static func tooLong(_ limit: Int) -> Problem {
        Problem(description: "larger than \(limit >> 20) MiB, the most this input may be")
    }
}

#if canImport(Glibc)
private func readDescriptor(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int { Glibc.read(descriptor, buffer, count) }
#else
private func readDescriptor(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int { Darwin.read(descriptor, buffer, count) }
#endif
