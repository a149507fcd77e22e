import Dispatch
import Foundation

/// A fixed set of worker threads that run one job at a time, each worker on its share.
///
/// `DispatchQueue.concurrentPerform` on Linux ran the model's short phases (a few
/// milliseconds each) on the calling thread alone: measured 0.99 CPUs utilised with two
/// iterations. These workers are started once per run and woken by semaphores, so every
/// phase really runs on `count` threads.
final class WorkerPool {
    /// Workers, counting the calling thread as worker 0.
    let count: Int
    /// What the threads share with the pool. The threads hold it, not the pool: a thread
    /// that starts only after the pool began to go away must still find it alive (an
    /// unowned reference to the pool trapped there, for a pool dropped right after it was
    /// made).
    private let shared: Shared

    // @unchecked: `job` and `stopping` are written only by the pool's owner while every
    // worker waits on its `wake` semaphore, and read by the workers after that semaphore is
    // signalled; the semaphores order the accesses (happens-before), so no lock is needed.
    private final class Shared: @unchecked Sendable {
        var job: ((Int) -> Void)?
        var stopping = false
        let wake: [DispatchSemaphore]
        let finished = DispatchSemaphore(value: 0)

        init(count: Int) {
            wake = (0..<count).map { _ in DispatchSemaphore(value: 0) }
        }

        func serve(_ worker: Int) {
            while true {
                wake[worker].wait()
                if stopping {
                    finished.signal()
                    return
                }
                job?(worker)
                finished.signal()
            }
        }
    }

    init(count: Int) {
        self.count = max(1, count)
        let shared = Shared(count: self.count)
        self.shared = shared
        for worker in 1..<self.count {
            let thread = Thread { shared.serve(worker) }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    deinit {
        shared.stopping = true
        for worker in 1..<count { shared.wake[worker].signal() }
        for _ in 1..<count { shared.finished.wait() }
    }

    /// Runs `body(w)` for every worker w in 0 ..< count and returns when all are done.
    func run(_ body: (Int) -> Void) {
        if count == 1 { return body(0) }
        withoutActuallyEscaping(body) { escapable in
            shared.job = escapable
            for worker in 1..<count { shared.wake[worker].signal() }
            escapable(0)
            for _ in 1..<count { shared.finished.wait() }
            shared.job = nil
        }
    }
}
