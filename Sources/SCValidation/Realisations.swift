import Foundation
import SCRandom

/// Independent realisations of an experiment, run on a few threads.
///
/// Realisation r always gets the seed derived from (suite seed, experiment tag, r), and its
/// result is stored at index r, so the results do not depend on the thread count or on
/// which thread ran what.
enum Realisations {
    /// The seed of realisation `index` of the experiment `tag`: a 32-bit value (what GSL's
    /// seeders read) mixed from the suite seed, the tag and the index.
    static func seed(_ suiteSeed: UInt64, tag: UInt64, index: Int) -> UInt64 {
        StreamKey(seed: suiteSeed, step: UInt64(index), phase: tag, block: 0).mixed & 0xFFFF_FFFF
    }

    /// `body(r)` for r in 0 ..< count on up to `threads` threads, results in index order.
    static func run<T>(count: Int, threads: Int, _ body: @escaping @Sendable (Int) -> T) -> [T] {
        guard count > 0 else { return [] }
        let box = ResultBox<T>(count: count)
        let workers = max(1, min(threads, count))
        if workers == 1 {
            for r in 0..<count { box.store(body(r), at: r) }
            return box.values()
        }
        let group = DispatchGroup()
        for _ in 0..<workers {
            group.enter()
            Thread.detachNewThread {
                while let r = box.claim() { box.store(body(r), at: r) }
                group.leave()
            }
        }
        group.wait()
        return box.values()
    }
}

/// Results by index, and the next index to hand out; a lock guards both.
private final class ResultBox<T>: @unchecked Sendable {
    private var results: [T?]
    private var next = 0
    private let lock = NSLock()

    init(count: Int) { results = [T?](repeating: nil, count: count) }

    func claim() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < results.count else { return nil }
        next += 1
        return next - 1
    }

    func store(_ value: T, at index: Int) {
        lock.lock()
        results[index] = value
        lock.unlock()
    }

    func values() -> [T] { results.map { $0! } }
}
