import Synchronization
import SurplusCore
import Testing

@Suite struct ParallelTests {
    /// Counts live instances, to see that `Parallel.map` releases what the chunks return.
    final class Tracked: Sendable {
        static let live = Atomic<Int>(0)
        init() { Self.live.add(1, ordering: .relaxed) }
        deinit { Self.live.subtract(1, ordering: .relaxed) }
    }

    @Test func mapReleasesEveryResult() {
        let before = Tracked.live.load(ordering: .relaxed)
        do {
            let results = Parallel.map(chunks: 32, threads: 2) { _ in [Tracked(), Tracked()] }
            #expect(results.count == 32)
            #expect(Tracked.live.load(ordering: .relaxed) == before + 64)
        }
        #expect(Tracked.live.load(ordering: .relaxed) == before, "results outlive the array that held them")
    }

    @Test func mapKeepsChunkOrder() {
        #expect(Parallel.map(chunks: 10, threads: 3) { $0 * $0 } == (0..<10).map { $0 * $0 })
    }

    /// Every chunk runs exactly once, whatever the threads (chunks are claimed one at a time).
    @Test func forEachRunsEveryChunkOnce() {
        for threads in [1, 2, 3, 8] {
            let runs = UnsafeMutableBufferPointer<Int>.allocate(capacity: 1_000)
            runs.initialize(repeating: 0)
            defer { runs.deallocate() }
            let box = UnsafeSendable(runs)
            Parallel.forEach(chunks: 1_000, threads: threads) { c in box.value[c] += 1 }
            #expect(runs.allSatisfy { $0 == 1 }, "threads \(threads)")
        }
    }

    /// A worker held up in one chunk does not hold up the chunks behind it: the other worker
    /// takes all 63 (with the fixed interleaving of before it ran its 32 and left the rest
    /// waiting). 0 means the pool gave the call one thread only, which proves nothing either
    /// way; the wait is bounded (2 s).
    @Test func aSlowChunkDoesNotHoldTheOthers() {
        let doneWhileSlow = Atomic<Int>(0)
        let slowFinished = Atomic<Bool>(false)
        Parallel.forEach(chunks: 64, threads: 2) { c in
            if c == 0 {
                let deadline = ContinuousClock.now + .seconds(2)
                while doneWhileSlow.load(ordering: .acquiring) < 63 && ContinuousClock.now < deadline {}
                slowFinished.store(true, ordering: .releasing)
            } else if !slowFinished.load(ordering: .acquiring) {
                doneWhileSlow.add(1, ordering: .releasing)
            }
        }
        let done = doneWhileSlow.load(ordering: .relaxed)
        #expect(done == 63 || done == 0, "\(done) chunks ran while chunk 0 was held")
    }
}
