import PostgresNIO

/// How a PostgreSQL ledger retries a transaction that the server aborted only because it ran
/// alongside others: a serialization failure (SQLSTATE 40001, SERIALIZABLE found no serial order),
/// a deadlock (40P01), or a unique violation (23505) of the journal's id or hold constraints,
/// which is the same race seen by the index (the statements look for the id first, so a
/// duplicate can only come from a transaction that committed meanwhile). Any other error is
/// final. A retry is safe because a transfer is idempotent by id: a batch committed by the
/// attempt that seemed to fail is replayed, not posted twice.
///
/// Backoff: "full jitter", a uniformly random wait in `0...min(maximumDelay, initialDelay * 2^(n-1))`
/// before attempt n + 1, so writers that collided spread out; at most `attempts` tries in all,
/// then ``PostgresLedgerError/retriesExhausted(attempts:sqlState:)``.
public struct TransactionRetry: Sendable {
    /// Tries in all, the first included.
    public var attempts: Int
    public var initialDelay: Duration
    public var maximumDelay: Duration

    /// 16 tries, waits from up to 1 ms doubling to at most 100 ms: under 1 s of waiting in the worst case.
    public static let standard = TransactionRetry(attempts: 16, initialDelay: .milliseconds(1), maximumDelay: .milliseconds(100))

    public init(attempts: Int, initialDelay: Duration, maximumDelay: Duration) {
        self.attempts = max(1, attempts)
        self.initialDelay = initialDelay
        self.maximumDelay = maximumDelay
    }

    /// SQLSTATEs worth another attempt.
    static let retryableStates: Set<String> = ["40001", "40P01"]
    /// Unique constraints whose violation is a lost race, retried like a serialization failure.
    static let racedConstraints: Set<String> = ["journal_transfer_id_unique", "journal_hold_resolved_once", "accounts_pkey"]

    /// Runs `body` until it succeeds, fails for good, or the attempts run out; a violation of
    /// one of `racedConstraints` is retried too, like those of ``racedConstraints``.
    func run<Result: Sendable>(racedConstraints extra: Set<String> = [], _ body: () async throws -> Result) async throws -> Result {
        try await run(racedConstraints: extra) { _ in try await body() }
    }

    /// ``run(racedConstraints:_:)`` telling `body` which attempt it is (1 for the first).
    func run<Result: Sendable>(racedConstraints extra: Set<String> = [], _ body: (_ attempt: Int) async throws -> Result) async throws -> Result {
        var attempt = 1
        while true {
            do {
                return try await body(attempt)
            } catch {
                guard let state = Self.retryableState(of: error, racedConstraints: Self.racedConstraints.union(extra)) else { throw error }
                guard attempt < attempts else { throw PostgresLedgerError.retriesExhausted(attempts: attempts, sqlState: state) }
                try await Task.sleep(for: delay(after: attempt))
                attempt += 1
            }
        }
    }

    /// The random wait after failed attempt `attempt` (1 for the first).
    func delay(after attempt: Int) -> Duration {
        let doubled = initialDelay * (1 << min(attempt - 1, 20))
        let ceiling = min(maximumDelay, doubled)
        let nanoseconds = ceiling.components.seconds * 1_000_000_000 + ceiling.components.attoseconds / 1_000_000_000
        return .nanoseconds(Int64.random(in: 0...max(0, nanoseconds)))
    }

    /// The SQLSTATE of `error` when it is a conflict worth retrying.
    static func retryableState(of error: any Error, racedConstraints: Set<String> = Self.racedConstraints) -> String? {
        guard let info = serverInfo(of: error), let state = info[.sqlState] else { return nil }
        if retryableStates.contains(state) { return state }
        if state == "23505", let constraint = info[.constraintName], racedConstraints.contains(constraint) { return state }
        return nil
    }

    /// The server's error fields, also inside the error PostgresNIO wraps a transaction's failure in.
    static func serverInfo(of error: any Error) -> PSQLError.ServerInfo? {
        if let error = error as? PSQLError { return error.serverInfo }
        if let error = error as? PostgresTransactionError {
            for inner in [error.closureError, error.commitError, error.beginError] {
                if let inner, let info = serverInfo(of: inner) { return info }
            }
        }
        return nil
    }
}
