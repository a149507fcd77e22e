import Dispatch
import Foundation
import Synchronization
import CPrefetch

/// A fixed set of worker threads that run one job at a time, each worker on its share.
///
/// `DispatchQueue.concurrentPerform` on Linux ran the model's short phases (a few
/// milliseconds each) on the calling thread alone: measured 0.99 CPUs utilised with two
/// iterations. These workers are started once per run, so every phase really runs on
/// `count` threads.
///
/// A step hands the pool twenty-odd jobs, each a fraction of a millisecond at ten thousand
/// citizens. Woken by a semaphore alone, a worker that had gone to sleep took tens of
/// microseconds to start each one (a futex wake and a reschedule), and the calling
/// thread as long to hear that it had finished: at 10,000 citizens two threads ran the
/// baseline slower than one. So a worker waits for the next job by watching a counter for
/// up to `spinNanoseconds` before it sleeps on its semaphore, and the caller watches a
/// count of unfinished workers, yielding its core after a while. The semaphore remains
/// for the long gaps (set-up, writing, a paused explorer), where spinning would only burn
/// a core.
final class WorkerPool {
    /// Workers, counting the calling thread as worker 0.
    let count: Int
    /// What the threads share with the pool. The threads hold it, not the pool: a thread
    /// that starts only after the pool began to go away must still find it alive (an
    /// unowned reference to the pool trapped there, for a pool dropped right after it was
    /// made).
    private let shared: Shared

    /// How long an idle worker watches for the next job before it sleeps, when the
    /// workers fit on the machine's cores. Longer than the sequential stretches of a
    /// step at 10,000 citizens (the triangle and component bookkeeping, a fraction of a
    /// millisecond each): with 0.2 ms workers fell asleep in them, and on this machine a
    /// wake sometimes took milliseconds (baseline on two threads 2.3-6.3 s against
    /// 1.3-1.5 s with 1 ms, 4 rounds alternating).
    static let spinNanoseconds: UInt64 = 1_000_000

    /// An atomic flag in a box of its own (atomics cannot be copied into an array).
    private final class Flag: Sendable {
        let value = Atomic<Bool>(false)
    }

    // @unchecked: `job` and `stopping` are written by the pool's owner before it advances
    // `generation` (sequentially consistent, so a release) and read by a worker after it
    // has seen the new generation (an acquire); `job = nil` is written after the owner
    // has seen `unfinished` reach 0, which every worker decrements after its last read.
    // The atomics order every access.

    private final class Shared: @unchecked Sendable {
        var job: ((Int) -> Void)?
        var stopping = false
        /// Advanced once per job (and once to stop).
        let generation = Atomic<Int>(0)
        /// Workers other than the caller still running the current job.
        let unfinished = Atomic<Int>(0)
        /// Per worker: set while it sleeps (or is about to) on its semaphore.
        let sleeping: [Flag]
        let wake: [DispatchSemaphore]
        /// `WorkerPool.spinNanoseconds`, or 0 when there are more workers than cores (a
        /// spinning worker would then hold a core another worker needs).
        let spin: UInt64

        init(count: Int, spin: UInt64) {
            self.spin = spin
            sleeping = (0..<count).map { _ in Flag() }
            wake = (0..<count).map { _ in DispatchSemaphore(value: 0) }
        }

        func serve(_ worker: Int) {
            var seen = 0
            while true {
                seen = waitForJob(after: seen, worker: worker)
                if stopping {
                    unfinished.subtract(1, ordering: .sequentiallyConsistent)
                    return
                }
                runJob(worker)
                unfinished.subtract(1, ordering: .sequentiallyConsistent)
            }
        }

        /// Calls the job, holding it only in here: the copy this thread takes is released
        /// before the function returns, so before the worker counts itself finished. (The
        /// caller checks, as `run` leaves `withoutActuallyEscaping`, that nothing still
        /// holds its closure; a copy released after the count traps there.)
        @inline(never)
        private func runJob(_ worker: Int) {
            job?(worker)
        }

        /// Returns the generation of the next job after `seen`: watching the counter for
        /// up to `spin`, then sleeping on the semaphore, and watching again after any wake.
        private func waitForJob(after seen: Int, worker: Int) -> Int {
            while true {
                let start = DispatchTime.now().uptimeNanoseconds
                var spins = 0
                while true {
                    let now = generation.load(ordering: .sequentiallyConsistent)
                    if now != seen { return now }
                    scsim_spin_hint()
                    spins &+= 1
                    if spins & 255 == 0 && DispatchTime.now().uptimeNanoseconds &- start > spin { break }
                }
                // Sleep: announce it, then look once more. The caller clears the flag of a
                // sleeping worker and signals it; if a job came in between, take the flag
                // back, and if the caller took it first, consume its signal. A signal can
                // also come from the release of the job this worker has just finished (the
                // caller still going through the flags when the worker, done already, went
                // to sleep): the generation is then still `seen`, and the worker watches
                // and sleeps again.
                sleeping[worker].value.store(true, ordering: .sequentiallyConsistent)
                if generation.load(ordering: .sequentiallyConsistent) != seen {
                    if !sleeping[worker].value.exchange(false, ordering: .sequentiallyConsistent) { wake[worker].wait() }
                    return generation.load(ordering: .sequentiallyConsistent)
                }
                wake[worker].wait()
            }
        }

        /// Starts the job held in `job` (or the stop) on every other worker.
        func release(workers: Int) {
            unfinished.store(workers - 1, ordering: .sequentiallyConsistent)
            generation.add(1, ordering: .sequentiallyConsistent)
            for worker in 1..<workers where sleeping[worker].value.exchange(false, ordering: .sequentiallyConsistent) {
                wake[worker].signal()
            }
        }

        /// Returns once every other worker has finished the current job: watching the
        /// count, and after a while letting other threads have the core between looks.
        func awaitWorkers() {
            var spins = 0
            while unfinished.load(ordering: .sequentiallyConsistent) > 0 {
                scsim_spin_hint()
                spins &+= 1
                if spins > 4_096 { sched_yield() }
            }
        }
    }

    /// `spin`: how long idle workers watch for a job before sleeping; by default
    /// `spinNanoseconds` when the workers fit on the cores, else 0 (tests pass others).
    init(count: Int, spin: UInt64? = nil) {
        self.count = max(1, count)
        let fits = self.count <= ProcessInfo.processInfo.activeProcessorCount
        let shared = Shared(count: self.count, spin: spin ?? (fits ? WorkerPool.spinNanoseconds : 0))
        self.shared = shared
        for worker in 1..<self.count {
            let thread = Thread { shared.serve(worker) }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    deinit {
        guard count > 1 else { return }
        shared.stopping = true
        shared.release(workers: count)
        shared.awaitWorkers()
    }

    /// Runs `body(w)` for every worker w in 0 ..< count and returns when all are done.
    func run(_ body: (Int) -> Void) {
        if count == 1 { return body(0) }
        withoutActuallyEscaping(body) { escapable in
            shared.job = escapable
            shared.release(workers: count)
            escapable(0)
            shared.awaitWorkers()
            shared.job = nil
        }
    }
}
