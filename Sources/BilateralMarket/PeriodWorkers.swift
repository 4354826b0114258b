import Dispatch
import Foundation
import Synchronization

/// Worker threads that live as long as a population and run one job per period: the
/// calling thread is worker 0, `count - 1` threads wait on a semaphore between periods.
/// `run` returns when every worker has finished the job (the period's one barrier).
/// Work is handed out by a shared counter (`claim`), so a core that other processes slow
/// down simply takes fewer buckets; what a bucket computes never depends on who runs it.
final class PeriodWorkers: Sendable {
    /// State shared with the threads (they must not keep the owner alive).
    private final class Crew: @unchecked Sendable {
        /// Written by `run` before it signals the threads, read by them after waking:
        /// the semaphores order the accesses.
        var job: (@Sendable (Int) -> Void)?
        var stopping = false
        let start: [DispatchSemaphore]
        let done = DispatchSemaphore(value: 0)
        let next = Atomic<Int>(0)

        init(threads: Int) {
            start = (0..<threads).map { _ in DispatchSemaphore(value: 0) }
        }
    }

    let count: Int
    private let crew: Crew

    init(count: Int) {
        self.count = max(1, count)
        crew = Crew(threads: self.count - 1)
        for w in 1..<self.count {
            let crew = self.crew
            let thread = Thread {
                while true {
                    crew.start[w - 1].wait()
                    if crew.stopping { return }
                    crew.job?(w)
                    crew.done.signal()
                }
            }
            thread.name = "surplus-population-\(w)"
            thread.start()
        }
    }

    /// Runs `job(worker)` on every worker and waits for all of them.
    func run(_ job: @escaping @Sendable (Int) -> Void) {
        crew.next.store(0, ordering: .relaxed)
        crew.job = job
        for s in crew.start { s.signal() }
        job(0)
        for _ in crew.start { crew.done.wait() }
        crew.job = nil
    }

    /// The next unclaimed work item of the current job (0, 1, 2, ... across all workers).
    func claim() -> Int {
        crew.next.wrappingAdd(1, ordering: .relaxed).oldValue
    }

    deinit {
        crew.stopping = true
        for s in crew.start { s.signal() }
    }
}
