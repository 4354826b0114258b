import Foundation
import Ledger
import LedgerPostgres
import LiveMarkets
import Logging
import MarketService
import PostgresNIO

/// The market service's storage in PostgreSQL: its tables (``MarketMigrations``) in the schema
/// of a `PostgresLedger`, on the same connection pool, so that a request's rows, its market
/// command, its ledger postings (`PostgresLedger.submit(_:in:)`) and its idempotency record
/// commit in one SERIALIZABLE transaction (see `MarketStorage` for the steps), retried as a whole
/// on serialization failures and deadlocks.
///
/// Several processes may serve from one database: a commit that names a market holds the
/// market's session advisory lock around its transaction (taken before `BEGIN`, so before the
/// snapshot: `PostgresLedger.withSerializableTransaction(racedConstraints:lock:_:)`), so commands
/// of one market are decided one at a time, each reading the commands the others committed
/// since (catch-up). Should two appends of one sequence still meet (a lock lost with its
/// connection), `market_command_pkey` refuses the second and the retry catches up and decides
/// again. Concurrent first uses of one idempotency key, or two processes allocating the same
/// participant or market number, are settled the same way (their unique keys, retried).
public final class PostgresMarketStorage: MarketStorage {
    /// The ledger in the same schema.
    public let postgresLedger: PostgresLedger
    private let schema: String
    private let logger: Logger

    /// Unique constraints a concurrent transaction can violate only by a lost race: retried.
    static let racedConstraints: Set<String> = [
        "market_command_pkey", "market_idempotency_pkey", "market_participant_pkey", "market_market_pkey",
    ]

    private init(ledger: PostgresLedger, logger: Logger) {
        postgresLedger = ledger
        schema = ledger.configuration.schema
        self.logger = logger
    }

    /// Connects, migrates the ledger's schema and the service's tables beside it; shuts the
    /// ledger down again when one fails. Call ``shutdown()`` once done.
    public static func open(_ configuration: PostgresLedgerConfiguration,
                            logger: Logger = Logger(label: "surplus.market.postgres", factory: { _ in SwiftLogNoOpLogHandler() }))
        async throws -> PostgresMarketStorage {
        let ledger = try await PostgresLedger.open(configuration, logger: logger)
        do {
            try await ledger.migrate(MarketMigrations.all, recordedIn: MarketMigrations.table)
        } catch {
            await ledger.shutdown()
            throw error
        }
        return PostgresMarketStorage(ledger: ledger, logger: logger)
    }

    /// Closes the connections (the ledger's pool).
    public func shutdown() async { await postgresLedger.shutdown() }

    public var ledger: any LedgerStore { postgresLedger }

    public func load() async throws -> StoredWorld {
        try await postgresLedger.withReadOnlySnapshot { connection in
            StoredWorld(participants: try await Self.participants(after: 0, connection, logger),
                        markets: try await Self.markets(after: 0, connection, logger),
                        commands: try await connection.query("SELECT market, sequence, body FROM market_command ORDER BY market, sequence",
                                                             logger: logger).collect().map(Self.command))
        }
    }

    public func participants(after number: Int) async throws -> [StoredParticipant] {
        try await postgresLedger.withReadOnlySnapshot { connection in try await Self.participants(after: number, connection, logger) }
    }

    public func markets(after number: Int) async throws -> [StoredMarket] {
        try await postgresLedger.withReadOnlySnapshot { connection in try await Self.markets(after: number, connection, logger) }
    }

    public func commands(of market: MarketID, after sequence: Int) async throws -> [StoredCommand] {
        try await postgresLedger.withReadOnlySnapshot { connection in try await Self.commands(of: market, after: sequence, connection, logger) }
    }

    public func idempotencyRecord(_ scope: IdempotencyScope) async throws -> IdempotencyRecord? {
        try await postgresLedger.withReadOnlySnapshot { connection in try await Self.record(scope, connection, logger) }
    }

    public func commit<Payload: Sendable>(_ plan: CommitPlan<Payload>) async throws -> CommitResult<Payload> {
        // One decider per market across processes, locked before the transaction's snapshot.
        // The requests of no market (participants, deposits, withdrawals, transfers) take one
        // lock together: deposits and withdrawals all update the world account's row, and
        // concurrent updates of one row under SERIALIZABLE fail each other until the retries
        // run out (8 concurrent depositors answered 500 without it).
        let lock = "surplus-" + (plan.market.map { "market.\(schema).\($0.rawValue)" } ?? "money.\(schema)")
        return try await postgresLedger.withSerializableTransaction(racedConstraints: Self.racedConstraints, lock: lock) { connection in
            try await commit(plan, connection)
        }
    }

    // MARK: In the transaction

    private func commit<Payload: Sendable>(_ plan: CommitPlan<Payload>, _ connection: PostgresConnection) async throws -> CommitResult<Payload> {
        if let record = try await Self.record(plan.scope, connection, logger) { return .replay(record) }
        var caughtUp: [StoredCommand] = []
        if let market = plan.market { caughtUp = try await Self.commands(of: market, after: plan.knownSequence, connection, logger) }
        var number: Int?
        switch plan.allocation {
        case .participant?: number = try await nextNumber("SELECT coalesce(max(number), 0) + 1 FROM market_participant", connection)
        case .market?: number = try await nextNumber("SELECT coalesce(max(number), 0) + 1 FROM market_market", connection)
        case nil: break
        }
        var accounts: [AccountID: AccountState] = [:]
        for id in try plan.accountsToRead(caughtUp) { accounts[id] = try await postgresLedger.account(id, in: connection) }
        let (effects, payload) = try plan.decide(CommitContext(caughtUp: caughtUp, accounts: accounts, allocatedNumber: number))

        if let participant = effects.participant {
            try await connection.query("""
                INSERT INTO market_participant (number, name, key_hash) VALUES (\(participant.number), \(participant.name), \(participant.keyHash))
                """, logger: logger)
            try await postgresLedger.createAccount(Account(participant: try participant.id), in: connection)
        }
        if let market = effects.market {
            try await connection.query("""
                INSERT INTO market_market (number, kind, name, definition) VALUES (\(market.number), \(market.kind), \(market.name), \(market.definition))
                """, logger: logger)
        }
        var sequence: Int?
        if let body = effects.command, let market = plan.market {
            let next = plan.knownSequence + caughtUp.count + 1
            try await connection.query("INSERT INTO market_command (market, sequence, body) VALUES (\(market.rawValue), \(next), \(body))",
                                       logger: logger)
            sequence = next
        }
        for batch in effects.postingBatches { try await postgresLedger.submit(batch, in: connection) }
        try await connection.query("""
            INSERT INTO market_idempotency (caller, key, fingerprint, status, body)
            VALUES (\(plan.scope.caller), \(plan.scope.key), \(plan.fingerprint), \(effects.status), \(effects.body))
            """, logger: logger)
        return .committed(caughtUp: caughtUp, sequence: sequence, payload: payload)
    }

    private func nextNumber(_ sql: String, _ connection: PostgresConnection) async throws -> Int {
        guard let number = try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger).collect().first?.decode(Int.self) else {
            throw PostgresLedgerError.unreadableRow("no next number from '\(sql)'")
        }
        return number
    }

    // MARK: Rows

    private static func record(_ scope: IdempotencyScope, _ connection: PostgresConnection, _ logger: Logger) async throws -> IdempotencyRecord? {
        try await connection.query("""
            SELECT fingerprint, status, body FROM market_idempotency WHERE caller = \(scope.caller) AND key = \(scope.key)
            """, logger: logger).collect().first.map { row in
            let (fingerprint, status, body) = try row.decode((String, Int, Data).self)
            return IdempotencyRecord(scope: scope, fingerprint: fingerprint, status: status, body: body)
        }
    }

    private static func participants(after number: Int, _ connection: PostgresConnection, _ logger: Logger) async throws -> [StoredParticipant] {
        try await connection.query("SELECT number, name, key_hash FROM market_participant WHERE number > \(number) ORDER BY number", logger: logger)
            .collect().map { row in
                let (number, name, keyHash) = try row.decode((Int, String, String).self)
                return StoredParticipant(number: number, name: name, keyHash: keyHash)
            }
    }

    private static func markets(after number: Int, _ connection: PostgresConnection, _ logger: Logger) async throws -> [StoredMarket] {
        try await connection.query("SELECT number, kind, name, definition FROM market_market WHERE number > \(number) ORDER BY number",
                                   logger: logger)
            .collect().map { row in
                let (number, kind, name, definition) = try row.decode((Int, String, String, Data).self)
                return StoredMarket(number: number, kind: kind, name: name, definition: definition)
            }
    }

    private static func commands(of market: MarketID, after sequence: Int, _ connection: PostgresConnection, _ logger: Logger)
        async throws -> [StoredCommand] {
        try await connection.query("""
            SELECT market, sequence, body FROM market_command WHERE market = \(market.rawValue) AND sequence > \(sequence) ORDER BY sequence
            """, logger: logger).collect().map(command)
    }

    private static func command(_ row: PostgresRow) throws -> StoredCommand {
        let (market, sequence, body) = try row.decode((String, Int, Data).self)
        return StoredCommand(market: try MarketID(market), sequence: sequence, body: body)
    }
}
