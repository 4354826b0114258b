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
}
