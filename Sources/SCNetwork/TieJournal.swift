/// The ties added and removed since the network census last looked, so that triangle and
/// component counts can be updated from the changes instead of recounting the whole graph
/// (a few hundred changes a step at 10,000 citizens against 50,000 ties).
///
/// A tie can only be added when absent and removed when present, so the changes to one
/// pair alternate; the net effect of any sequence on a pair is therefore its count of
/// additions minus removals (-1, 0 or +1), and the journal needs no timestamps.
///
/// The journal stops recording once it holds more entries than `limit` (say, when the
/// census runs every 1,000 steps) and reports itself `lost`: the census then recounts.
public struct TieJournal: Sendable {
    /// Entries `key << 1 | added`, key = min(i, j) << 32 | max(i, j).
    public private(set) var entries: [UInt64] = []
    /// Whether changes went unrecorded (too many, or made behind the journal's back).
    public private(set) var lost = true
    /// Whether changes are being recorded at all.
    public private(set) var isRecording = false
    /// Entries kept before the journal gives up.
    public var limit = 1 << 20

    public init() {}

    /// The key of the tie i-j: the smaller id in the high half.
    @inlinable public static func key(_ i: Int, _ j: Int) -> UInt64 {
        i < j ? UInt64(i) << 32 | UInt64(j) : UInt64(j) << 32 | UInt64(i)
    }

    /// Starts recording from an empty journal that is not lost: the caller has just
    /// counted the graph in full.
    public mutating func start(limit: Int) {
        self.limit = limit
        entries.removeAll(keepingCapacity: true)
        lost = false
        isRecording = true
    }

    /// Stops recording and forgets everything (the next census must recount).
    public mutating func stop() {
        entries.removeAll(keepingCapacity: false)
        lost = true
        isRecording = false
    }

    /// Notes that the graph changed in a way the journal did not see.
    public mutating func markLost() {
        guard isRecording else { return }
        lost = true
        entries.removeAll(keepingCapacity: true)
    }

    /// Records one tie change (a no-op unless recording).
    @inline(__always)
    public mutating func record(_ i: Int, _ j: Int, added: Bool) {
        guard isRecording, !lost else { return }
        entries.append(TieJournal.key(i, j) << 1 | (added ? 1 : 0))
        if entries.count > limit { markLost() }
    }

    /// Records a batch of changes given as keys: the removals, then the additions.
    public mutating func record(removed: [UInt64], added: [UInt64]) {
        guard isRecording, !lost else { return }
        if entries.count + removed.count + added.count > limit { markLost(); return }
        for key in removed { entries.append(key << 1) }
        for key in added { entries.append(key << 1 | 1) }
    }

    /// The net changes since `start` or the last `take`, and an empty journal. Nil when
    /// changes were lost.
    public mutating func take() -> NetTieChanges? {
        guard isRecording, !lost else { return nil }
        defer { entries.removeAll(keepingCapacity: true) }
        return NetTieChanges(entries: entries)
    }
}

/// The ties present after a batch of changes and not before (`added`), and the reverse
/// (`removed`), each as sorted keys.
public struct NetTieChanges: Sendable, Equatable {
    public var added: [UInt64] = []
    public var removed: [UInt64] = []

    public init(added: [UInt64] = [], removed: [UInt64] = []) {
        self.added = added.sorted()
        self.removed = removed.sorted()
    }

    /// Nets a journal's entries: per pair, additions minus removals.
    init(entries: [UInt64]) {
        guard !entries.isEmpty else { return }
        let sorted = entries.sorted()
        var k = 0
        while k < sorted.count {
            let key = sorted[k] >> 1
            var net = 0
            while k < sorted.count && sorted[k] >> 1 == key {
                net += sorted[k] & 1 == 1 ? 1 : -1
                k += 1
            }
            if net > 0 { added.append(key) } else if net < 0 { removed.append(key) }
        }
    }

    public var isEmpty: Bool { added.isEmpty && removed.isEmpty }
    public var count: Int { added.count + removed.count }

    /// Whether a sorted key list holds `key` (binary search).
    @inline(__always)
    static func contains(_ keys: UnsafeBufferPointer<UInt64>, _ key: UInt64) -> Bool {
        let low = lowerBound(keys, key)
        return low < keys.count && keys[low] == key
    }

    /// The first index of a sorted list whose entry is not below `key`.
    @inline(__always)
    static func lowerBound(_ keys: UnsafeBufferPointer<UInt64>, _ key: UInt64) -> Int {
        var low = 0, high = keys.count
        while low < high {
            let mid = (low + high) >> 1
            if keys[mid] < key { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// Ties given as keys, listed from either end: `end << 32 | other end`, sorted, so
    /// that an end's ties are one run (found with `lowerBound(_:UInt64(end) << 32)`).
    static func byEnd(_ keys: [UInt64]) -> [UInt64] {
        var both: [UInt64] = []
        both.reserveCapacity(2 * keys.count)
        for key in keys { both.append(key); both.append((key & 0xFFFF_FFFF) << 32 | key >> 32) }
        both.sort()
        return both
    }
}
