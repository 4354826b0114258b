import Synchronization

/// How a long computation runs, apart from what it computes: the seed, the number of
/// worker threads, where progress goes, and how it is stopped. Every solver and
/// simulation takes one, so a front end sets them once and passes them on.
///
/// **Determinism.** No result depends on `threads`: parallel work is cut into chunks
/// by problem size alone and each chunk draws from its own stream. Sub-computations
/// get their seeds by splitting (``derived(_:_:)``), never by adding offsets to a
/// seed, so two parts of one run never share a stream by accident.
public struct RunOptions: Sendable {
    /// The seed of every random stream of the run.
    public var seed: UInt64
    /// Worker threads, validated at 1...``maximumThreads``.
    public let threads: Int
    /// Receives progress; nil to ignore it. Must be cheap and thread-safe.
    public var progress: ProgressHandler?
    /// Set from outside (a signal handler, a server shutting down) to stop the run.
    public var cancellation: Cancellation

    /// The one default thread count: every active core.
    public static var defaultThreads: Int { Parallel.processorCount }
    /// More threads than this is surely a typo (and would spawn without bound).
    public static let maximumThreads = 1024

    /// - Throws: ``InputError`` (field `threads`) unless `threads` is in 1...1024.
    public init(
        seed: UInt64 = 1, threads: Int? = nil, progress: ProgressHandler? = nil, cancellation: Cancellation = Cancellation()
    ) throws {
        self.seed = seed
        self.threads = try Validate.count(threads ?? RunOptions.defaultThreads, 1...RunOptions.maximumThreads, "threads")
        self.progress = progress
        self.cancellation = cancellation
    }

    private init(seed: UInt64, validThreads: Int) {
        self.seed = seed
        self.threads = validThreads
        self.progress = nil
        self.cancellation = Cancellation()
    }

    /// Seed 1 on one thread, for small computations and tests that need no options.
    public static var serial: RunOptions { serial(seed: 1) }

    /// Seed `seed` on one thread (no validation needed): seeded instances, tests, benchmarks.
    public static func serial(seed: UInt64) -> RunOptions { RunOptions(seed: seed, validThreads: 1) }

    /// The random stream `index` of the family `name` (for example one stream per chunk of agents):
    /// stream `name.id` of the seed, split `index` ways (``RandomStream/split(_:)``), so the
    /// streams of two families or two indices never overlap, whatever the ids.
    public func stream(_ name: StreamName, _ index: UInt64 = 0) -> RandomStream {
        RandomStream(seed: seed, stream: name.id).split(index)
    }

    /// The options of sub-computation `index` of kind `name` (a replicate, one market of a
    /// batch): the same threads, progress and cancellation, and the seed drawn first from
    /// ``stream(_:_:)``: never an offset of this seed, so seeds `s + 1` and `s` share no replicate.
    public func derived(_ name: StreamName, _ index: Int = 0) -> RunOptions {
        var stream = self.stream(name, UInt64(truncatingIfNeeded: index))
        var copy = self
        copy.seed = stream.next()
        return copy
    }

    /// The same options on `threads` threads (already validated by the caller's options).
    public func limited(toThreads threads: Int) -> RunOptions {
        var copy = RunOptions(seed: seed, validThreads: max(1, min(threads, self.threads)))
        copy.progress = progress
        copy.cancellation = cancellation
        return copy
    }

    /// The same options with progress sent to `handler` instead.
    public func reporting(to handler: ProgressHandler?) -> RunOptions {
        var copy = self
        copy.progress = handler
        return copy
    }

    /// Sends one progress update, if anyone listens.
    public func report(_ stage: String, _ completed: Int, of total: Int) {
        progress?(ProgressUpdate(stage: stage, completed: completed, total: total))
    }

    /// Throws `CancellationError` once ``cancellation`` is set or the enclosing task is cancelled.
    public func checkCancellation() throws {
        if cancellation.isCancelled { throw CancellationError() }
    }
}

/// A flag that stops a run at its next check; shared by copies of the same `RunOptions`.
public final class Cancellation: Sendable {
    private let flag = Atomic<Bool>(false)
    public init() {}
    public var isCancelled: Bool { flag.load(ordering: .relaxed) }
    public func cancel() { flag.store(true, ordering: .relaxed) }
}

/// The name of a family of random streams. Each module declares the families it draws
/// from in one place, so no two parts of a run draw from the same stream by accident and
/// no stream number is a bare constant in the code that uses it.
public struct StreamName: Hashable, Sendable, CustomStringConvertible {
    /// The stream number of the family; unique within the module that declares it.
    public let id: UInt64
    /// What the family draws, for messages and documentation.
    public let label: String

    public init(_ id: UInt64, _ label: String) {
        self.id = id
        self.label = label
    }

    public var description: String { "\(label) (stream \(id))" }
}
