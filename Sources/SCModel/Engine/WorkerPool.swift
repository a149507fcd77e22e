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
    private var job: ((Int) -> Void)?
    private var stopping = false
    private let wake: [DispatchSemaphore]
    private let finished = DispatchSemaphore(value: 0)

    init(count: Int) {
        self.count = max(1, count)
        wake = (0..<self.count).map { _ in DispatchSemaphore(value: 0) }
        for worker in 1..<self.count {
            let thread = Thread { [unowned self] in self.serve(worker) }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    deinit {
        stopping = true
        for worker in 1..<count { wake[worker].signal() }
        for _ in 1..<count { finished.wait() }
    }

    /// Runs `body(w)` for every worker w in 0 ..< count and returns when all are done.
    func run(_ body: (Int) -> Void) {
        if count == 1 { return body(0) }
        withoutActuallyEscaping(body) { escapable in
            job = escapable
            for worker in 1..<count { wake[worker].signal() }
            escapable(0)
            for _ in 1..<count { finished.wait() }
            job = nil
        }
    }

    private func serve(_ worker: Int) {
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
