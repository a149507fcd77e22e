import Foundation
import Synchronization
import Testing
@testable import SCModel

/// `WorkerPool`: every job runs on every worker exactly once, and `run` returns only after
/// all have finished, whether the workers were watching for the job (jobs back to back),
/// had gone to sleep (a pause longer than the spin), or outnumber the cores (no spin);
/// and a pool can be dropped at once, before its threads have started.
struct WorkerPoolTests {
    /// Jobs run by each worker (each writes only its own entry), and by all (atomic).
    final class Counts: @unchecked Sendable {
        let runs: UnsafeMutablePointer<Int>
        let total = Atomic<Int>(0)
        init(_ n: Int) { runs = .allocate(capacity: n); runs.initialize(repeating: 0, count: n) }
        deinit { runs.deallocate() }
    }

    /// Runs `jobs` jobs, each adding 1 to its worker's count and to a total after some
    /// work, pausing `pause` between jobs; checks the counts after each job.
    static func exercise(workers: Int, jobs: Int, pause: useconds_t, spin: UInt64? = nil) -> Bool {
        let pool = WorkerPool(count: workers, spin: spin)
        let counts = Counts(workers)
        var consistent = true
        for job in 1...jobs {
            pool.run { w in
                // Unequal work, so that the caller often waits for the others.
                var x = 0.0
                for k in 0..<(w * 500 + (job % 7) * 300) { x += Double(k).squareRoot() }
                if x < -1 { print(x) }
                counts.runs[w] += 1
                counts.total.add(1, ordering: .sequentiallyConsistent)
            }
            // Every worker finished this job before run returned.
            if counts.total.load(ordering: .sequentiallyConsistent) != job * workers { consistent = false }
            for w in 0..<workers where counts.runs[w] != job { consistent = false }
            if pause > 0 { usleep(pause) }
        }
        return consistent
    }

    /// Back to back, a worker often finishes a job and goes to sleep while the caller is
    /// still releasing that job to the others; a signal meant for that job must not start
    /// the worker on it a second time (it did, until a worker woken without a new job went
    /// back to waiting).
    @Test(arguments: [1, 2, 3, 5])
    func jobsBackToBack(workers: Int) {
        #expect(Self.exercise(workers: workers, jobs: 10_000, pause: 0))
    }

    /// Pauses of 1 ms, twenty times a 50 us spin: workers sleep and are woken by the
    /// semaphore.
    @Test func jobsAfterTheWorkersSlept() {
        #expect(Self.exercise(workers: 2, jobs: 200, pause: 1_000, spin: 50_000))
    }

    /// Pauses around the spin's length (and no spin at all), where a job often arrives
    /// while a worker is going to sleep: the flag taken back, the caller's signal consumed.
    @Test(arguments: [UInt64(0), 20_000, 50_000])
    func jobsArrivingAsWorkersGoToSleep(spin: UInt64) {
        #expect(Self.exercise(workers: 2, jobs: 400, pause: useconds_t(spin / 1_000), spin: spin))
        #expect(Self.exercise(workers: 3, jobs: 400, pause: 0, spin: spin))
    }

    /// More workers than cores: no spinning, every hand-over through the semaphores.
    @Test func moreWorkersThanCores() {
        let workers = ProcessInfo.processInfo.activeProcessorCount + 2
        #expect(Self.exercise(workers: workers, jobs: 300, pause: 0))
    }

    @Test func droppedAtOnce() {
        for _ in 0..<50 { _ = WorkerPool(count: 3) }
        for _ in 0..<50 { _ = WorkerPool(count: 2) }
    }
}

