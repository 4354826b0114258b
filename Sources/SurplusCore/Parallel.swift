import Dispatch
import Foundation
import Synchronization

/// Deterministic data parallelism over fixed chunks.
///
/// Work is cut into chunks whose boundaries depend only on the problem size
/// (never on the thread count); each chunk gets its own `RandomStream` and its
/// own result slot; results are combined in chunk order. The output is thus
/// bit-identical with one thread or many.
public enum Parallel {
    /// The number of active processors.
    public static var processorCount: Int { ProcessInfo.processInfo.activeProcessorCount }

    /// Splits `0 ..< count` into `chunks` contiguous ranges of nearly equal size.
    public static func ranges(count: Int, chunks: Int) -> [Range<Int>] {
        let chunks = max(1, min(chunks, max(count, 1)))
        return (0..<chunks).map { c in (count * c / chunks)..<(count * (c + 1) / chunks) }
    }

    /// Runs `body(chunkIndex)` for every chunk index in `0 ..< chunks` on up to
    /// `threads` threads. Each worker takes the next chunk not yet taken, so a worker
    /// whose processor is slowed (a busy or stolen virtual CPU) does less of the work
    /// instead of holding the others at the end; which worker runs a chunk never changes
    /// what the chunk computes. Nothing is allocated, so hot loops may call it every round.
    public static func forEach(chunks: Int, threads: Int, _ body: @Sendable (Int) -> Void) {
        let workers = max(1, min(threads, chunks))
        if workers == 1 {
            for c in 0..<chunks { body(c) }
            return
        }
        let next = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while true {
                let c = next.add(1, ordering: .relaxed).oldValue
                guard c < chunks else { return }
                body(c)
            }
        }
    }

    /// Runs `body(chunkIndex)` for every chunk index in `0 ..< chunks`, on up to
    /// `threads` threads, and returns the results in chunk order. Each chunk's result
    /// depends only on its index, so the assignment of chunks to threads does not matter.
    public static func map<T: Sendable>(
        chunks: Int, threads: Int, _ body: @Sendable (Int) -> T
    ) -> [T] {
        let results = UnsafeMutableBufferPointer<T?>.allocate(capacity: chunks)
        results.initialize(repeating: nil)
        defer {
            // Release the results (arrays, objects) before the memory goes: deallocate alone leaks them.
            results.deinitialize()
            results.deallocate()
        }
        let box = UnsafeSendable(results)
        forEach(chunks: chunks, threads: threads) { c in box.value[c] = body(c) }
        return results.map { $0! }
    }
}

/// Wraps a value whose concurrent use is made safe by construction
/// (disjoint indices written by different threads).
public struct UnsafeSendable<Value>: @unchecked Sendable {
    public let value: Value
    public init(_ value: Value) { self.value = value }
}
