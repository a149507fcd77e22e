#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How much memory a run will need, estimated before anything is allocated, so that a
/// population that cannot fit is refused with a message instead of dying in the allocator
/// (issue 13: `population.size: 1000000000`, the documented maximum, died allocating 8 GB
/// and more).
///
/// The estimate is deliberately simple and on the low side: the citizen columns (about 260
/// bytes per citizen, measured as 339 bytes per citizen in all at the default scenario, see
/// docs/PERFORMANCE.md), the taste table (8 bytes per citizen and good), and the friendship
/// lists (4 bytes per tie end, with room to grow: 12 bytes per expected friend). A run is
/// refused only when even this lower estimate exceeds the machine's memory.
public enum MemoryEstimate {
    /// Bytes per citizen for the per-citizen columns.
    static let columnBytesPerCitizen = 260.0
    /// Bytes per expected friend of a citizen (both ends of a tie, with slack).
    static let bytesPerFriend = 12.0

    /// The expected number of friends of a citizen at step 0.
    static func expectedDegree(_ p: ModelParameters) -> Double {
        let n = Double(p.populationSize)
        switch p.networkGenerator {
        case .wattsStrogatz: return Double(p.networkK)
        case .erdosRenyi: return p.networkMeanDegree
        case .barabasiAlbert: return 2 * Double(p.networkM)
        case .stochasticBlock:
            let blockSize = n / Double(max(1, p.networkBlocks))
            return p.networkPIn * blockSize + p.networkPOut * (n - blockSize)
        case .edgeList: return 0   // read from the file; its size is what it is
        }
    }

    /// Estimated bytes for a run with `p`.
    public static func bytes(for p: ModelParameters) -> Double {
        let perCitizen = columnBytesPerCitizen + 8 * Double(max(1, p.goods.count)) + bytesPerFriend * expectedDegree(p)
        // Sybil slots (7.19) hold every column and at most sybils.maxBuyers friends.
        let perSlot = columnBytesPerCitizen + 8 * Double(max(1, p.goods.count)) + bytesPerFriend * Double(p.sybilMaxBuyers)
        return Double(p.populationSize) * perCitizen + Double(p.sybilCapacity) * perSlot
    }

    /// The memory this process may use: physical memory, or a control group's limit when
    /// lower (a container), or nil when neither can be read.
    public static func availableBytes() -> Double? {
        var limits: [Double] = []
        let pages = sysconf(Int32(_SC_PHYS_PAGES)), pageSize = sysconf(Int32(_SC_PAGESIZE))
        if pages > 0, pageSize > 0 { limits.append(Double(pages) * Double(pageSize)) }
        for path in ["/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"] {
            if let text = smallFile(path), let value = Double(text.trimmingCharacters(in: " \n")), value > 0 { limits.append(value) }
        }
        return limits.min()
    }

    /// Why a run with `p` cannot fit in `available` bytes (default: this machine's), or nil.
    public static func problem(for p: ModelParameters, available: Double? = availableBytes()) -> ConsistencyProblem? {
        guard let available else { return nil }
        let needed = bytes(for: p)
        guard needed > available else { return nil }
        return ConsistencyProblem(
            path: "population.size",
            message: "\(p.populationSize) citizens need at least \(gigabytes(needed)) of memory (about \(Int(needed / Double(p.populationSize))) bytes per citizen with \(p.goods.count) goods and \(formatNumber(expectedDegree(p))) friends each), more than the \(gigabytes(available)) this machine has; choose a smaller population")
    }

    static func gigabytes(_ bytes: Double) -> String {
        bytes >= 1e9 ? "\(formatNumber((bytes / 1e8).rounded() / 10)) GB" : "\(formatNumber((bytes / 1e5).rounded() / 10)) MB"
    }

    /// A short file's text (a /sys value), or nil.
    static func smallFile(_ path: String) -> String? {
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var buffer = [CChar](repeating: 0, count: 64)
        guard fgets(&buffer, 64, file) != nil else { return nil }
        return String(cString: buffer)
    }
}

extension String {
    fileprivate func trimmingCharacters(in characters: String) -> String {
        var text = Substring(self)
        while let first = text.first, characters.contains(first) { text = text.dropFirst() }
        while let last = text.last, characters.contains(last) { text = text.dropLast() }
        return String(text)
    }
}
