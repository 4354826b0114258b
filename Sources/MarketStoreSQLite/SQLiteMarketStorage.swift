import Foundation
import GRDB
import Ledger
import LedgerSQLite
import LiveMarkets
import MarketService
import SurplusCore

/// The market service's storage in SQLite: its tables (``MarketSchema``) in the database of a
/// `SQLiteLedger`, sharing its pool, so that a request's rows, its market command, its ledger
/// postings (`SQLiteLedger.submit(_:in:)`) and its idempotency record commit in one write
/// transaction (see `MarketStorage` for the steps). SQLite has one writer, which is the
/// market's lock; concurrent requests share a transaction (group commit), each in its own
/// savepoint. Every statement of a commit is a prepared statement cached by the connection
/// (`cachedStatement`): compiling and authorizing the SQL of a bid's four statements here
/// on every request was about 4% of the server's time under load.
public final class SQLiteMarketStorage: MarketStorage {
    /// The ledger in the same database.
    public let sqliteLedger: SQLiteLedger
    private let queue: WriteQueue

    /// Opens (or creates) the database at `path` (`surplus.sqlite`), with the ledger's tables
    /// and the service's.
    public init(path: String) throws {
        sqliteLedger = try SQLiteLedger(path: path) { migrator in MarketSchema.registerMigrations(in: &migrator) }
        queue = WriteQueue(pool: sqliteLedger.pool)
    }

    public var ledger: any LedgerStore { sqliteLedger }
    private var pool: DatabasePool { sqliteLedger.pool }

    public func load() async throws -> StoredWorld {
        try await pool.read { db in
            StoredWorld(participants: try Self.participants(after: 0, db), markets: try Self.markets(after: 0, db),
                        commands: try Row.fetchAll(db, sql: "SELECT market, sequence, body FROM market_command ORDER BY market, sequence")
                            .map(Self.command))
        }
    }

    public func participants(after number: Int) async throws -> [StoredParticipant] {
        try await pool.read { db in try Self.participants(after: number, db) }
    }

    public func markets(after number: Int) async throws -> [StoredMarket] {
        try await pool.read { db in try Self.markets(after: number, db) }
    }

    public func commands(of market: MarketID, after sequence: Int) async throws -> [StoredCommand] {
        try await pool.read { db in try Self.commands(of: market, after: sequence, db) }
    }

    public func idempotencyRecord(_ scope: IdempotencyScope) async throws -> IdempotencyRecord? {
        try await pool.read { db in try Self.record(scope, db) }
    }

    public func commit<Payload: Sendable>(_ plan: CommitPlan<Payload>) async throws -> CommitResult<Payload> {
        try await queue.perform { db in try Self.commit(plan, db) }
    }

    // MARK: In the transaction

    private static func commit<Payload: Sendable>(_ plan: CommitPlan<Payload>, _ db: Database) throws -> CommitResult<Payload> {
        if let record = try record(plan.scope, db) { return .replay(record) }
        let caughtUp = try plan.market.map { try commands(of: $0, after: plan.knownSequence, db) } ?? []
        var number: Int?
        switch plan.allocation {
        case .participant?: number = try Int.fetchOne(db.cachedStatement(sql: "SELECT coalesce(max(number), 0) + 1 FROM market_participant"))
        case .market?: number = try Int.fetchOne(db.cachedStatement(sql: "SELECT coalesce(max(number), 0) + 1 FROM market_market"))
        case nil: break
        }
        var accounts: [AccountID: AccountState] = [:]
        for id in try plan.accountsToRead(caughtUp) { accounts[id] = try SQLiteLedger.account(id, in: db) }
        let (effects, payload) = try plan.decide(CommitContext(caughtUp: caughtUp, accounts: accounts, allocatedNumber: number))

        if let participant = effects.participant {
            try db.cachedStatement(sql: "INSERT INTO market_participant (number, name, key_hash) VALUES (?, ?, ?)")
                .execute(arguments: [participant.number, participant.name, participant.keyHash])
            // The ledger's account row, as `LedgerSchema` keeps a participant's (no credit).
            let account = Account(participant: try participant.id)
            try db.cachedStatement(sql: "INSERT INTO ledger_account (id, kind, credit_line) VALUES (?, ?, ?)")
                .execute(arguments: [account.id.rawValue, account.kind.rawValue, account.limit.creditLine?.microUnits])
        }
        if let market = effects.market {
            try db.cachedStatement(sql: "INSERT INTO market_market (number, kind, name, definition) VALUES (?, ?, ?, ?)")
                .execute(arguments: [market.number, market.kind, market.name, market.definition])
        }
        var sequence: Int?
        if let body = effects.command, let market = plan.market {
            let next = plan.knownSequence + caughtUp.count + 1
            do {
                try db.cachedStatement(sql: "INSERT INTO market_command (market, sequence, body) VALUES (?, ?, ?)")
                    .execute(arguments: [market.rawValue, next, body])
            } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
                throw StorageConflict(market: market, sequence: next)
            }
            sequence = next
        }
        for batch in effects.postingBatches { _ = try SQLiteLedger.submit(batch, in: db) }
        try db.cachedStatement(sql: "INSERT INTO market_idempotency (caller, key, fingerprint, status, body) VALUES (?, ?, ?, ?, ?)")
            .execute(arguments: [plan.scope.caller, plan.scope.key, plan.fingerprint, effects.status, effects.body])
        return .committed(caughtUp: caughtUp, sequence: sequence, payload: payload)
    }

    // MARK: Rows

    private static func record(_ scope: IdempotencyScope, _ db: Database) throws -> IdempotencyRecord? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT fingerprint, status, body FROM market_idempotency WHERE caller = ? AND key = ?"),
                         arguments: [scope.caller, scope.key]).map { row in
            IdempotencyRecord(scope: scope, fingerprint: row["fingerprint"], status: row["status"], body: row["body"])
        }
    }

    private static func participants(after number: Int, _ db: Database) throws -> [StoredParticipant] {
        try Row.fetchAll(db, sql: "SELECT number, name, key_hash FROM market_participant WHERE number > ? ORDER BY number", arguments: [number])
            .map { StoredParticipant(number: $0["number"], name: $0["name"], keyHash: $0["key_hash"]) }
    }

    private static func markets(after number: Int, _ db: Database) throws -> [StoredMarket] {
        try Row.fetchAll(db, sql: "SELECT number, kind, name, definition FROM market_market WHERE number > ? ORDER BY number", arguments: [number])
            .map { StoredMarket(number: $0["number"], kind: $0["kind"], name: $0["name"], definition: $0["definition"]) }
    }

    private static func commands(of market: MarketID, after sequence: Int, _ db: Database) throws -> [StoredCommand] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT market, sequence, body FROM market_command WHERE market = ? AND sequence > ? ORDER BY sequence"),
                         arguments: [market.rawValue, sequence]).map(command)
    }

    private static func command(_ row: Row) throws -> StoredCommand {
        StoredCommand(market: try MarketID(row["market"] as String), sequence: row["sequence"], body: row["body"])
    }
}
