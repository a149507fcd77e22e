import Dispatch
import SCRandom

/// Runs a phase over fixed blocks of citizens on a fixed number of threads.
///
/// Blocks are `blockSize` consecutive citizens, fixed by the scenario, and block b always
/// draws from the stream keyed (seed, step, phase, b). Worker w handles a contiguous run
/// of blocks, from `firstBlock(of: w)` up to the next worker's first, with its own
/// generator and scratch space (contiguous shares stream from memory a little faster than
/// interleaved blocks: measured 3% at a million citizens). Which worker runs a block
/// therefore never changes what the block draws or writes, and the output is the same
/// for any thread count T.
public final class BlockRunner {
    public let threads: Int
    public let blockSize: Int
    public let citizenCount: Int
    /// Citizens plus reserved sybil slots (MODEL.md 7.19): the last worker also owns the
    /// slots' neighbour lists when tie changes are applied. Blocks cover citizens only.
    public let slotCount: Int
    public let blockCount: Int
    let seed: UInt64
    let streams: [RandomStream]
    let scratch: [WorkerScratch]
    let pool: WorkerPool

    public init(citizenCount: Int, slotCount: Int? = nil, blockSize: Int, threads: Int, seed: UInt64, generator: GeneratorKind, categoryCount: Int) {
        self.citizenCount = citizenCount
        self.slotCount = max(citizenCount, slotCount ?? citizenCount)
        self.blockSize = blockSize
        self.blockCount = max(1, (citizenCount + blockSize - 1) / blockSize)
        self.threads = max(1, min(threads, blockCount))
        self.seed = seed
        streams = (0..<self.threads).map { _ in RandomStream(kind: generator) }
        scratch = (0..<self.threads).map { _ in WorkerScratch(categoryCount: categoryCount) }
        pool = WorkerPool(count: self.threads)
    }

    /// The citizens of block `b`.
    @inlinable
    public func range(ofBlock b: Int) -> Range<Int> {
        (b * blockSize)..<min(citizenCount, (b + 1) * blockSize)
    }

    /// Calls `body` once per block, in parallel across workers, with the block's stream
    /// positioned at its start.
    func forEachBlock(step: UInt64, phase: Phase, _ body: (BlockContext) -> Void) {
        forEachBlock(step: step, stream: phase.streamID, body)
    }

    /// Calls `body` once per block, in parallel across workers, with the block's stream
    /// (seed, step, `stream`, block) positioned at its start.
    func forEachBlock(step: UInt64, stream: StreamID, _ body: (BlockContext) -> Void) {
        withoutActuallyEscaping(body) { body in
            let work = { (worker: Int) in
                let random = self.streams[worker]
                let space = self.scratch[worker]
                var b = self.firstBlock(of: worker)
                let last = self.firstBlock(of: worker + 1)
                while b < last {
                    if stream.drawsRandomNumbers {
                        random.reseed(StreamKey(seed: self.seed, step: step, phase: stream.rawValue, block: UInt64(b)))
                    }
                    body(BlockContext(block: b, citizens: self.range(ofBlock: b), random: random, scratch: space, worker: worker))
                    b += 1
                }
            }
            pool.run(work)
        }
    }
}

extension BlockRunner {
    /// The first block of worker w's share (`firstBlock(of: threads)` is `blockCount`).
    @inlinable
    func firstBlock(of w: Int) -> Int {
        w * blockCount / threads
    }

    /// The citizens in worker w's share of blocks; the last worker's share also holds the
    /// reserved sybil slots (none without sybil farms).
    @inlinable
    func citizens(ofWorker w: Int) -> Range<Int> {
        let upper = w + 1 >= threads ? slotCount : min(citizenCount, firstBlock(of: w + 1) * blockSize)
        return min(citizenCount, firstBlock(of: w) * blockSize)..<upper
    }

    /// The worker that runs the block holding citizen `i` (the one whose share holds it).
    func worker(ofCitizen i: Int) -> Int {
        var w = 0
        while w + 1 < threads && !citizens(ofWorker: w).contains(i) { w += 1 }
        return w
    }

    /// Calls `body(w, scratch)` once per worker w, in parallel, with no random stream: for
    /// work split by which worker owns a citizen rather than by block.
    func forEachWorker(_ body: (Int, WorkerScratch) -> Void) {
        withoutActuallyEscaping(body) { body in
            pool.run { worker in body(worker, self.scratch[worker]) }
        }
    }
}

/// What a phase's per-block body gets.
struct BlockContext {
    let block: Int
    let citizens: Range<Int>
    let random: RandomStream
    let scratch: WorkerScratch
    /// Which worker runs the block (for per-worker buffers; never for results).
    let worker: Int
}

/// Per-worker buffers reused across blocks and steps, so no phase allocates per citizen.
final class WorkerScratch {
    /// Category weights for the multinomial draw.
    let weights: UnsafeMutablePointer<Double>
    /// Category counts from the multinomial draw.
    let counts: UnsafeMutablePointer<UInt32>
    /// exp(v a) per distinct approval value.
    let tilts: UnsafeMutablePointer<Double>
    let categoryCount: Int
    /// Tie changes touching this worker's citizens, sorted (tie application).
    var tieKeys: [UInt64] = []
    /// Additions to full lists, kept for a sequential pass: (citizen << 32) | friend.
    var deferredHalves: [UInt64] = []
    /// Ties this worker removed and added (counted at the lower end).
    var tiesRemoved = 0
    var tiesAdded = 0
    /// The keys of those ties, while the graph's journal records (network census).
    var removedKeys: [UInt64] = []
    var addedKeys: [UInt64] = []

    init(categoryCount: Int) {
        self.categoryCount = categoryCount
        weights = WorkerScratch.lineAligned(max(1, categoryCount), initial: 0)
        counts = WorkerScratch.lineAligned(max(1, categoryCount), initial: 0)
        tilts = WorkerScratch.lineAligned(max(1, categoryCount), initial: 1)
    }

    /// A buffer on cache lines of its own: small buffers of two workers written on every
    /// purchase must not share a line (false sharing serialises the threads).
    private static func lineAligned<T>(_ count: Int, initial: T) -> UnsafeMutablePointer<T> {
        let line = 128
        let bytes = (count * MemoryLayout<T>.stride + line - 1) / line * line
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: line).bindMemory(to: T.self, capacity: count)
        buffer.initialize(repeating: initial, count: count)
        return buffer
    }

    deinit {
        weights.deallocate()
        counts.deallocate()
        tilts.deallocate()
    }
}

/// A block of citizens as a phase written outside the model sees it: its index, its
/// citizens and its random stream, positioned at the start of (seed, step, stream, block).
public struct CitizenBlock {
    public let index: Int
    public let citizens: Range<Int>
    public let random: RandomStream
}
