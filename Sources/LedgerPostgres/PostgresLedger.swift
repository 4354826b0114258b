import Foundation
import Ledger
import Logging
import PostgresNIO
import SurplusCore

/// The ledger in PostgreSQL, on PostgresNIO's `PostgresClient` (a connection pool).
///
/// Every write is a SERIALIZABLE transaction. A batch is one statement,
/// `SELECT * FROM submit_batch(...)` (`PostgresMigrations.submitBatch`), in an explicit
/// transaction (`BEGIN ISOLATION LEVEL SERIALIZABLE`, the statement, `COMMIT`: three round trips,
/// one commit), all of the batch or none of it; its receipts are returned only after `COMMIT`
/// succeeded. Conflicts with concurrent writers (serialization failures, deadlocks) are retried
/// by ``TransactionRetry``; the rules are enforced by the schema's constraints (see
/// `PostgresMigrations`). Reads take no part in the serializable checks, so a reader never
/// makes a writer fail: each read is one statement (which sees one committed state), or, for
/// ``snapshot()``, a REPEATABLE READ READ ONLY transaction.
///
/// Lifecycle: ``open(_:retry:logger:)`` starts the client's `run()` in a task the store owns,
/// migrates the schema and creates the system accounts; ``shutdown()`` cancels that task and
/// waits for it to end (the pool closes its connections). Call it once you are done; a store
/// released without it cancels the task as it goes.
public final class PostgresLedger: LedgerStore {
    public let configuration: PostgresLedgerConfiguration
    private let client: PostgresClient
    private let running: Task<Void, Never>
    private let retry: TransactionRetry
    private let logger: Logger

    private init(configuration: PostgresLedgerConfiguration, retry: TransactionRetry, logger: Logger) {
        let client = PostgresClient(configuration: configuration.client, backgroundLogger: logger)
        self.configuration = configuration
        self.client = client
        self.retry = retry
        self.logger = logger
        running = Task { await client.run() }
    }

    deinit { running.cancel() }

    /// Connects, migrates the schema and creates the system accounts; shuts down again when one fails.
    public static func open(_ configuration: PostgresLedgerConfiguration, retry: TransactionRetry = .standard,
                            logger: Logger = Logger(label: "surplus.ledger.postgres", factory: { _ in SwiftLogNoOpLogHandler() }))
        async throws -> PostgresLedger {
        let ledger = PostgresLedger(configuration: configuration, retry: retry, logger: logger)
        do {
            try await ledger.prepare()
            return ledger
        } catch {
            await ledger.shutdown()
            throw error
        }
    }

    /// Ends the client's background task and waits for it: no connection or task outlives this call.
    public func shutdown() async {
        running.cancel()
        await running.value
    }

    /// How long ``open(_:retry:logger:)`` waits for the server to answer its first statements.
    /// PostgresNIO's pool keeps retrying a connection that is refused, so without a deadline an
    /// unreachable server would make `open` wait forever.
    public static let openDeadline: Duration = .seconds(20)

    private func prepare() async throws {
        let place = "\(configuration.client.host ?? "?"):\(configuration.client.port ?? 5432)"
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await self.mapped {
                    try await self.retry.run {
                        try await PostgresMigrations.migrate(self.client, schema: self.configuration.schema, logger: self.logger)
                    }
                }
            }
            group.addTask {
                try await Task.sleep(for: Self.openDeadline)
                throw PostgresLedgerError.connection("the server at \(place) did not answer within \(Self.openDeadline.components.seconds) s")
            }
            defer { group.cancelAll() }
            try await group.next()
        }
        for account in Account.system { try await createAccount(account) }
    }

    // MARK: LedgerStore

    @discardableResult
    public func createAccount(_ account: Account) async throws -> Account {
        try await mapped { try await serializable { connection in try await createAccount(account, in: connection) } }
    }

    @discardableResult
    public func submit(_ batch: [Transfer]) async throws -> [Receipt] {
        try LedgerLimits.checkBatch(batch)
        guard !batch.isEmpty else { return [] }
        return try await mapped { try await serializable { connection in try await submit(batch, in: connection) } }
    }

    // MARK: Inside a caller's transaction

    /// Runs `body` in one SERIALIZABLE transaction on a connection of this store's pool, with
    /// the ledger's tables on its search path, so that a program can commit its own rows (in
    /// tables of the same schema) and the ledger's postings together (``submit(_:in:)``,
    /// ``createAccount(_:in:)``). The whole transaction is retried as the store's own are
    /// (``TransactionRetry``), also when one of `racedConstraints` (unique constraints of the
    /// program's tables) is violated by a concurrent transaction; `body` must therefore be safe to
    /// run again. Its result is returned once `COMMIT` succeeded; the server's refusals become
    /// ``LedgerError``s or ``PostgresLedgerError``s, any other error of `body` is thrown as is.
    public func withSerializableTransaction<Result: Sendable>(
        racedConstraints: Set<String> = [], lock: String? = nil, _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        try await mapped { try await serializable(racedConstraints: racedConstraints, lock: lock, body) }
    }

    /// Applies the `migrations` the store's schema lacks, recorded in the schema's table `table`
    /// (a lower-case identifier other than the ledger's `schema_migrations`), one migrator at a
    /// time: the tables of a program that posts with ``submit(_:in:)``, beside the ledger's.
    public func migrate(_ migrations: [PostgresMigration], recordedIn table: String) async throws {
        guard table != PostgresMigrations.ledgerTable else {
            throw InputError(field: "migration table", value: table, expected: "a table other than the ledger's own")
        }
        try await mapped {
            try await retry.run {
                try await PostgresMigrations.migrate(client, schema: configuration.schema, migrations: migrations, table: table, logger: logger)
            }
        }
    }

    /// Creates `account` inside the transaction on `connection` (see ``createAccount(_:)``).
    @discardableResult
    public func createAccount(_ account: Account, in connection: PostgresConnection) async throws -> Account {
        let kind = account.kind.rawValue, floor = account.limit.floor
        // The existing row when there is one, else the inserted one (a CTE's SELECT does not see its own INSERT).
        let stored = try await connection.query("""
            WITH inserted AS (
                INSERT INTO accounts (id, kind, floor) VALUES (\(account.id.rawValue), \(kind), \(floor))
                ON CONFLICT (id) DO NOTHING RETURNING kind, floor)
            SELECT kind, floor FROM inserted UNION ALL SELECT kind, floor FROM accounts WHERE id = \(account.id.rawValue)
            """, logger: logger).collect().first?.decode((String, Int64?).self)
        guard let stored, stored.0 == kind, stored.1 == floor else { throw LedgerError.accountExists(account.id) }
        return account
    }

    /// Submits `batch` inside the transaction on `connection` (see ``submit(_:)``): one statement,
    /// `submit_batch`, whose refusal aborts the caller's transaction.
    @discardableResult
    public func submit(_ batch: [Transfer], in connection: PostgresConnection) async throws -> [Receipt] {
        try LedgerLimits.checkBatch(batch)
        guard !batch.isEmpty else { return [] }
        let arguments = BatchArguments(batch)
        // Rows collected, then decoded synchronously: iterating the rows with `for try await`
        // here crashes Swift 6.3.1's optimizer (coroutine splitting) in release builds.
        let rows = try await connection.query("""
            SELECT * FROM submit_batch(\(arguments.ids), \(arguments.actions), \(arguments.debits), \(arguments.credits),
                                       \(arguments.amounts), \(arguments.holds), \(arguments.memos))
            """, logger: logger).collect()
        return try Self.receipts(rows)
    }

    private static func receipts(_ rows: [PostgresRow]) throws -> [Receipt] {
        try rows.map { row in
            let row = try row.decode(JournalRow.WithReplayed.self)
            return Receipt(entry: try JournalRow.entry(row.0, row.1, row.2, row.3, row.4, row.5, row.6, row.7), replayed: row.8)
        }
    }

    /// The state of account `id` as the transaction on `connection` sees it.
    public func account(_ id: AccountID, in connection: PostgresConnection) async throws -> AccountState {
        let rows = try await connection.query("SELECT \(unescaped: AccountRow.columns) FROM accounts WHERE id = \(id.rawValue)", logger: logger)
            .collect()
        guard let row = rows.first else { throw LedgerError.unknownAccount(id) }
        return try AccountRow.state(row)
    }

    public func account(_ id: AccountID) async throws -> AccountState {
        let rows = try await mapped {
            try await retry.run {
                try await client.query("SELECT \(unescaped: AccountRow.columns) FROM accounts WHERE id = \(id.rawValue)", logger: logger)
                    .collect()
            }
        }
        guard let row = rows.first else { throw LedgerError.unknownAccount(id) }
        return try AccountRow.state(row)
    }

    public func entries(of account: AccountID, before: JournalCursor?, limit: Int) async throws -> JournalPage {
        try LedgerLimits.checkPage(limit)
        _ = try await self.account(account)
        let before = before?.sequence ?? .max
        let rows = try await mapped {
            try await retry.run {
                try await client.query("""
                    SELECT \(unescaped: JournalRow.columns) FROM journal
                    WHERE (debit = \(account.rawValue) OR credit = \(account.rawValue)) AND sequence < \(before)
                    ORDER BY sequence DESC LIMIT \(limit)
                    """, logger: logger).collect()
            }
        }
        return JournalPage(entries: try rows.map(JournalRow.entry), limit: limit)
    }

    public func totals() async throws -> LedgerTotals {
        let rows = try await mapped {
            try await retry.run { try await client.query("SELECT \(unescaped: AccountRow.columns) FROM accounts", logger: logger).collect() }
        }
        return try LedgerTotals(accounts: try rows.map(AccountRow.state))
    }

    public func snapshot() async throws -> LedgerSnapshot {
        try await withReadOnlySnapshot { connection in
            let accounts = try await connection.query("SELECT \(unescaped: AccountRow.columns) FROM accounts", logger: logger)
                .collect().map(AccountRow.state)
            let journal = try await connection.query("SELECT \(unescaped: JournalRow.columns) FROM journal ORDER BY sequence",
                                                     logger: logger).collect().map(JournalRow.entry)
            return LedgerSnapshot(accounts: accounts, journal: journal)
        }
    }

    /// Runs the reads of `body` in one REPEATABLE READ, READ ONLY transaction: they all see one
    /// committed state, and, taking no part in the serializable checks, never make a writer fail.
    public func withReadOnlySnapshot<Result: Sendable>(_ body: (PostgresConnection) async throws -> Result) async throws -> Result {
        try await mapped {
            try await retry.run {
                try await client.withTransaction(logger: logger) { connection in
                    try await connection.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY", logger: logger)
                    return try await body(connection)
                }
            }
        }
    }

    /// Runs `body` in a SERIALIZABLE transaction, retried on conflicts (``TransactionRetry``). Its
    /// result is returned only once `COMMIT` succeeded: SERIALIZABLE may refuse a transaction at
    /// its commit, after its statements returned rows, so a write is never left to an implicit commit.
    ///
    /// With `lock`, each attempt first takes the session advisory lock of that name and releases
    /// it after the transaction: taken before `BEGIN`, the lock is granted before the
    /// transaction's snapshot, so a writer that waited for another sees its commit instead of
    /// failing serialization against it (a lock taken inside the transaction comes after the
    /// snapshot of its first statement). A process that dies holding it loses its connection,
    /// and the server releases the lock.
    ///
    /// Contention cannot starve a write: every attempt also holds the schema's ``retryLock``
    /// (after `lock`), a first attempt in shared mode, a retry exclusively. First attempts run
    /// concurrently; a transaction that lost a conflict waits for those under way, holds back
    /// new ones, and runs alone. Without it, 16 clients posting one transfer per commit each
    /// exhausted 16 attempts (`LedgerPostgresBenchmarks`): SERIALIZABLE reads take predicate
    /// locks on the journal's index pages that concurrent inserts break, and while the journal
    /// is a few pages long almost every pair of concurrent batches conflicts.
    private func serializable<Result: Sendable>(
        racedConstraints: Set<String> = [], lock: String? = nil, _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        try await retry.run(racedConstraints: racedConstraints) { attempt in
            try await client.withConnection { connection in
                let locks = (lock.map { [AdvisoryLock(name: $0, shared: false)] } ?? []) + [AdvisoryLock(name: retryLock, shared: attempt == 1)]
                for held in locks { try await connection.query(held.acquire, logger: logger) }
                do {
                    try await connection.query("BEGIN ISOLATION LEVEL SERIALIZABLE", logger: logger)
                    let result: Result
                    do {
                        result = try await body(connection)
                        try await connection.query("COMMIT", logger: logger)
                    } catch {
                        // After a failed COMMIT the transaction is over and this only warns.
                        _ = try? await connection.query("ROLLBACK", logger: logger)
                        throw error
                    }
                    for held in locks.reversed() { try await connection.query(held.release, logger: logger) }
                    return result
                } catch {
                    for held in locks.reversed() { _ = try? await connection.query(held.release, logger: logger) }
                    throw error
                }
            }
        }
    }

    /// The advisory lock every write of this schema holds, shared on a first attempt (see `serializable`).
    private var retryLock: String { "surplus-ledger-retry.\(configuration.schema)" }

    // MARK: Errors

    /// Runs `body`, turning the server's refusals into ``LedgerError`` (SQLSTATE `L0001` from
    /// `submit_batch`) or one-line ``PostgresLedgerError``s.
    private func mapped<Result: Sendable>(_ body: () async throws -> Result) async throws -> Result {
        do {
            return try await body()
        } catch let error as LedgerError {
            throw error
        } catch let error as PostgresLedgerError {
            throw error
        } catch {
            if let info = TransactionRetry.serverInfo(of: error) {
                let state = info[.sqlState] ?? "?", message = info[.message] ?? ""
                if state == "L0001", let refusal = LedgerRefusal.error(code: message, detail: info[.detail] ?? "") { throw refusal }
                throw PostgresLedgerError.server(sqlState: state, message: message)
            }
            if let error = error as? PSQLError { throw PostgresLedgerError.connection("\(error.code)") }
            throw error
        }
    }

    // MARK: Tests and benchmarks

    /// Drops the store's schema and everything in it, every account and transfer, then shuts
    /// the store down: for the tests and benchmarks, which each post into a schema of their own.
    public func dropSchemaAndShutdown() async throws {
        do {
            try await client.query("DROP SCHEMA IF EXISTS \(unescaped: configuration.schema) CASCADE", logger: logger)
        } catch {
            await shutdown()
            throw error
        }
        await shutdown()
    }

    /// The isolation level of the store's write transactions.
    func writeIsolation() async throws -> String {
        try await serializable { connection in
            try await connection.query("SHOW transaction_isolation", logger: logger).collect().first?.decode(String.self) ?? "none"
        }
    }

    /// The migrations applied to the schema.
    func versions() async throws -> [Int] {
        try await client.query("SELECT version FROM schema_migrations ORDER BY version", logger: logger).collect().map { try $0.decode(Int.self) }
    }

    /// Runs one statement bypassing `submit_batch`, as a careless client would (for the tests of the constraints).
    func execute(_ query: PostgresQuery) async throws {
        try await client.query(query, logger: logger)
    }
}

/// A session-level advisory lock named by text.
private struct AdvisoryLock {
    let name: String
    let shared: Bool

    var acquire: PostgresQuery {
        shared ? "SELECT pg_advisory_lock_shared(hashtextextended(\(name), 0))" : "SELECT pg_advisory_lock(hashtextextended(\(name), 0))"
    }
    var release: PostgresQuery {
        shared ? "SELECT pg_advisory_unlock_shared(hashtextextended(\(name), 0))" : "SELECT pg_advisory_unlock(hashtextextended(\(name), 0))"
    }
}
