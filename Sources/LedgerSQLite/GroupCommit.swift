import Foundation
import GRDB
import Ledger

/// Group commit: batches submitted while a commit is under way wait for the next one, and share
/// it. Each batch runs in its own savepoint, so it still posts all or nothing and fails alone;
/// every caller hears back only once the commit holding its batch is durable. One writer, one
/// fsync for many callers: what lets concurrent clients pass the disk's commits per second.
final class GroupCommit: @unchecked Sendable {
    private typealias Request = (batch: [Transfer], continuation: CheckedContinuation<[Receipt], any Error>)

    private let pool: DatabasePool
    private let lock = NSLock()
    /// Guarded by `lock`: the batches waiting for a commit, and whether a task is committing.
    private var waiting: [Request] = []
    private var committing = false

    init(pool: DatabasePool) { self.pool = pool }

    func submit(_ batch: [Transfer]) async throws -> [Receipt] {
        try await withCheckedThrowingContinuation { continuation in
            let startCommitting = lock.withLock {
                waiting.append((batch, continuation))
                defer { committing = true }
                return !committing
            }
            if startCommitting { Task { await self.commitWhileWaiting() } }
        }
    }

    /// Commits the waiting batches, one transaction at a time, until none wait.
    private func commitWhileWaiting() async {
        while true {
            let group: [Request] = lock.withLock {
                defer { waiting = [] }
                if waiting.isEmpty { committing = false }
                return waiting
            }
            guard !group.isEmpty else { return }
            let batches = group.map(\.batch)
            let results: [Result<[Receipt], any Error>]
            do {
                results = try await pool.write { db in
                    batches.map { batch in
                        Result {
                            var receipts: [Receipt] = []
                            try db.inSavepoint {
                                receipts = try SQLiteLedger.submit(batch, in: db)
                                return .commit
                            }
                            return receipts
                        }
                    }
                }
            } catch {
                results = group.map { _ in .failure(error) }  // the commit failed: nothing is durable
            }
            for (request, result) in zip(group, results) { request.continuation.resume(with: result) }
        }
    }
}
