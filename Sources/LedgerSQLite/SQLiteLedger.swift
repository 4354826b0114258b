import Foundation
import GRDB
import Ledger
import SurplusCore

/// The ledger in an SQLite database (GRDB's `DatabasePool`: WAL, one writer, concurrent readers),
/// every commit durable (`synchronous = FULL`). The schema (``LedgerSchema``) enforces id
/// uniqueness, single resolution of holds, double entry and the balance limits itself.
///
/// A batch runs in one `IMMEDIATE` transaction, which concurrent callers' batches may share
/// (group commit, each batch in its own savepoint: all or nothing, failing alone); a caller hears
/// back once its batch is durable. Other programs may keep their own tables in the same
/// database and post in their own transactions with ``submit(_:in:)``.
public final class SQLiteLedger: LedgerStore {
    /// The pool, for a program that keeps its own tables beside the ledger's.
    public let pool: DatabasePool
    private let groupCommit: GroupCommit

    /// Opens (or creates) the ledger at `path` and migrates it, with `migrations` registered
    /// after the ledger's own.
    /// - Throws: a `DatabaseError`, or when `synchronous = FULL` does not read back.
    public init(path: String, migrations: (inout DatabaseMigrator) -> Void = { _ in }) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        // Every connection: FULL, read back. GRDB sets the writer's to NORMAL when it turns WAL
        // on, after this runs, so the writer is set again below once the pool is open.
        configuration.prepareDatabase { db in try SQLiteLedger.setFullSynchronous(db) }
        pool = try DatabasePool(path: path, configuration: configuration)
        try pool.writeWithoutTransaction { db in try SQLiteLedger.setFullSynchronous(db) }
        var migrator = DatabaseMigrator()
        LedgerSchema.registerMigrations(in: &migrator)
        migrations(&migrator)
        try migrator.migrate(pool)
        groupCommit = GroupCommit(pool: pool)
    }

    /// `PRAGMA synchronous` of the writer and of a reader: 2 (FULL) for both once open.
    public func synchronousSettings() throws -> (writer: Int, reader: Int) {
        let writer = try pool.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1 }
        let reader = try pool.read { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1 }
        return (writer, reader)
    }

    private static func setFullSynchronous(_ db: Database) throws {
        try db.execute(sql: "PRAGMA synchronous = FULL")
        let value = try Int.fetchOne(db, sql: "PRAGMA synchronous")
        guard value == 2 else { throw DatabaseError(message: "ledger: PRAGMA synchronous reads back \(value ?? -1), not 2 (FULL)") }
    }

    @discardableResult
    public func createAccount(_ account: Account) async throws -> Account {
        try await pool.write { db in
            if let row = try Row.fetchOne(db, sql: "SELECT * FROM ledger_account WHERE id = ?", arguments: [account.id.rawValue]) {
                guard try Rows.accountState(row).account == account else { throw LedgerError.accountExists(account.id) }
                return account
            }
            try Rows.insert(account, db)
            return account
        }
    }

    @discardableResult
    public func submit(_ batch: [Transfer]) async throws -> [Receipt] {
        try LedgerLimits.checkBatch(batch)
        guard !batch.isEmpty else { return [] }
        return try await groupCommit.submit(batch)
    }

    public func account(_ id: AccountID) async throws -> AccountState {
        try await pool.read { db in try SQLiteLedger.account(id, in: db) }
    }

    public func entries(of account: AccountID, before: JournalCursor?, limit: Int) async throws -> JournalPage {
        try LedgerLimits.checkPage(limit)
        return try await pool.read { db in
            _ = try SQLiteLedger.account(account, in: db)
            let rows = try Row.fetchAll(db, sql: """
                SELECT \(Rows.entryColumns) FROM ledger_transfer
                WHERE (debit = :account OR credit = :account) AND sequence < :before
                ORDER BY sequence DESC LIMIT :limit
                """, arguments: ["account": account.rawValue, "before": before?.sequence ?? .max, "limit": limit])
            return JournalPage(entries: try rows.map { try Rows.entry($0).entry }, limit: limit)
        }
    }

    public func totals() async throws -> LedgerTotals {
        try await pool.read { db in
            let row = try Row.fetchOne(db, sql: """
                SELECT coalesce(sum(debits_posted), 0), coalesce(sum(credits_posted), 0),
                       coalesce(sum(CASE kind WHEN 'world' THEN debits_posted ELSE 0 END), 0),
                       coalesce(sum(CASE kind WHEN 'world' THEN credits_posted ELSE 0 END), 0),
                       coalesce(sum(CASE kind WHEN 'participant' THEN credits_posted - debits_posted ELSE 0 END), 0),
                       coalesce(sum(CASE kind WHEN 'participant' THEN 0 ELSE credits_posted - debits_posted END), 0)
                FROM ledger_account
                """)
            guard let row else { throw DatabaseError(message: "ledger: no totals") }
            let sums = (0..<6).map { Amount(microUnits: row[$0]) }
            return LedgerTotals(totalDebits: sums[0], totalCredits: sums[1], deposited: sums[2], withdrawn: sums[3],
                                participantBalances: sums[4], systemBalances: sums[5])
        }
    }

    public func snapshot() async throws -> LedgerSnapshot {
        try await pool.read { db in
            let accounts = try Row.fetchAll(db, sql: "SELECT * FROM ledger_account").map(Rows.accountState)
            let journal = try Row.fetchAll(db, sql: "SELECT \(Rows.entryColumns) FROM ledger_transfer ORDER BY sequence").map { try Rows.entry($0).entry }
            return LedgerSnapshot(accounts: accounts, journal: journal)
        }
    }

    /// The state of account `id` read inside the caller's transaction (as
    /// ``submit(_:in:)`` posts inside it), so that a program can decide on balances and commit
    /// what it decided together.
    /// - Throws: `LedgerError.unknownAccount` when there is no such account.
    public static func account(_ id: AccountID, in db: Database) throws -> AccountState {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM ledger_account WHERE id = ?"), arguments: [id.rawValue]) else {
            throw LedgerError.unknownAccount(id)
        }
        return try Rows.accountState(row)
    }
}
