import Foundation
import GRDB

/// Group commit for the market service's transactions: work submitted while a transaction is
/// under way waits for the next one and shares it, each piece in its own savepoint (so it
/// still commits all or nothing and fails alone); a caller hears back only once the commit
/// holding its work is durable. One fsync for many concurrent requests.
final class WriteQueue: @unchecked Sendable {
    /// One caller's work: `execute` runs it inside the shared transaction and keeps its result;
    /// `finish` hands the result over once the transaction committed (or its error).
    private struct Job: @unchecked Sendable {
        let execute: (Database) -> Void
        let finish: ((any Error)?) -> Void
    }

    private let pool: DatabasePool
    private let lock = NSLock()
    /// Guarded by `lock`.
    private var waiting: [Job] = []
    private var committing = false

    init(pool: DatabasePool) { self.pool = pool }

    /// Runs `work` in a savepoint of the next shared write transaction.
    func perform<T: Sendable>(_ work: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let box = ResultBox<T>()
            let job = Job(
                execute: { db in
                    box.result = Result {
                        var value: T?
                        try db.inSavepoint {
                            value = try work(db)
                            return .commit
                        }
                        guard let value else { throw DatabaseError(message: "market service: a savepoint returned nothing") }
                        return value
                    }
                },
                finish: { commitError in
                    if let commitError { continuation.resume(throwing: commitError) } else { continuation.resume(with: box.result) }
                })
            let start = lock.withLock {
                waiting.append(job)
                defer { committing = true }
                return !committing
            }
            if start { Task { await self.commitWhileWaiting() } }
        }
    }

    private func commitWhileWaiting() async {
        while true {
            let group: [Job] = lock.withLock {
                defer { waiting = [] }
                if waiting.isEmpty { committing = false }
                return waiting
            }
            guard !group.isEmpty else { return }
            do {
                try await pool.write { db in for job in group { job.execute(db) } }
                for job in group { job.finish(nil) }
            } catch {
                for job in group { job.finish(error) }  // the commit failed: nothing is durable
            }
        }
    }
}

/// A result written once inside the transaction and read once after it.
private final class ResultBox<T>: @unchecked Sendable {
    var result: Result<T, any Error> = .failure(DatabaseError(message: "market service: work did not run"))
}
