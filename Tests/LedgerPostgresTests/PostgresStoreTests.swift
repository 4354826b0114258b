import Foundation
import Ledger
@testable import LedgerPostgres
import PostgresNIO
import SurplusCore
import Testing

/// What the PostgreSQL store adds to the conformance suite: the schema refuses what breaks the
/// ledger's rules even from a client that bypasses `submit_batch`; migrations run once.
@Suite(.enabled(if: PostgresTestServer.isConfigured, Comment(rawValue: PostgresTestServer.skipReason)))
struct PostgresStoreTests {
    /// The constraint a statement that bypasses the store violates, by the server's error.
    private func violatedConstraint(_ store: PostgresLedger, _ query: PostgresQuery) async -> String? {
        do {
            try await store.execute(query)
            return nil
        } catch {
            return TransactionRetry.serverInfo(of: error)?[.constraintName]
        }
    }

    @Test func constraintsRefuseWhatBreaksTheRules() async throws {
        try await PostgresTestServer.withStores { makeStore in
            let store = try await makeStore()
            let p0 = try AccountID("p0"), p1 = try AccountID("p1")
            try await store.createAccount(Account(participant: p0))
            try await store.createAccount(Account(participant: p1, limit: try BalanceLimit(creditLine: Amount(microUnits: 5))))
            let deposit = try TransferID(high: 1, low: 1), hold = try TransferID(high: 1, low: 2)
            try await store.post(id: deposit, from: .world, to: p0, amount: Amount(microUnits: 10))
            try await store.hold(id: hold, from: p0, to: p1, amount: Amount(microUnits: 4))
            try await store.voidHold(id: try TransferID(high: 1, low: 3), hold: hold)

            #expect(await violatedConstraint(store, "UPDATE accounts SET debits_posted = debits_posted + 11 WHERE id = 'p0'")
                    == "accounts_within_limit")
            #expect(await violatedConstraint(store, "UPDATE accounts SET debits_posted = debits_posted + 6 WHERE id = 'p1'")
                    == "accounts_within_limit")
            #expect(await violatedConstraint(store, "UPDATE accounts SET debits_posted = debits_posted + 5 WHERE id = 'p1'") == nil,
                    "p1 may go down to its credit line")
            let depositID = UUID(deposit), holdID = UUID(hold), other = UUID(try TransferID(high: 1, low: 9))
            #expect(await violatedConstraint(store, """
                INSERT INTO journal (id, kind, debit, credit, amount, memo) VALUES (\(depositID), 'posted', 'world', 'p0', 1, '')
                """) == "journal_transfer_id_unique")
            #expect(await violatedConstraint(store, """
                INSERT INTO journal (id, kind, debit, credit, amount, hold, memo) VALUES (\(other), 'holdPosted', 'p0', 'p1', 1, \(holdID), '')
                """) == "journal_hold_resolved_once")
            #expect(await violatedConstraint(store, """
                INSERT INTO journal (id, kind, debit, credit, amount, hold, memo) VALUES (\(other), 'holdVoided', 'world', 'p0', 10, \(depositID), '')
                """) == "journal_resolves_a_hold")
            #expect(await violatedConstraint(store, """
                INSERT INTO journal (id, kind, debit, credit, amount, memo) VALUES (\(other), 'posted', 'p0', 'p0', 1, '')
                """) == "journal_two_accounts")
        }
    }

    @Test func concurrentSameIDWithDifferentBodiesPostsOneAndRefusesTheOthers() async throws {
        try await PostgresTestServer.withStores { makeStore in
            let store = try await makeStore()
            let id = try TransferID(high: 3, low: 1)
            let outcomes = try await withThrowingTaskGroup(of: Result<Receipt, LedgerError>.self) { group in
                for k in 1...8 {
                    group.addTask {
                        do {
                            return .success(try await store.post(id: id, from: .world, to: .bank, amount: Amount(microUnits: Int64(k))))
                        } catch let error as LedgerError {
                            return .failure(error)
                        }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let posted = outcomes.compactMap { try? $0.get() }
            #expect(posted.count == 1 && posted.allSatisfy { !$0.replayed })
            #expect(outcomes.filter { $0 == .failure(.idReused(id)) }.count == 7)
            let journal = try await store.snapshot().journal
            #expect(journal.count == 1 && journal.first == posted.first?.entry)
        }
    }

    @Test func migrationsRunOnceAndTransactionsAreSerializable() async throws {
        try await PostgresTestServer.withStores { makeStore in
            let store = try await makeStore()
            try await store.post(id: try TransferID(high: 2, low: 1), from: .world, to: .bank, amount: Amount(microUnits: 7))
            // A second store on the same schema finds it migrated and keeps what is there.
            let again = try await PostgresLedger.open(store.configuration)
            let versions = try await again.versions()
            let bank = try await again.account(.bank)
            let isolation = try await again.writeIsolation()
            await again.shutdown()
            #expect(versions == PostgresMigrations.all.map(\.version))
            #expect(bank.balance == Amount(microUnits: 7))
            #expect(isolation == "serializable")
        }
    }
}

/// The parts that need no server.
struct PostgresConfigurationTests {
    @Test func urlParts() throws {
        let configuration = try PostgresLedgerConfiguration(url: "postgres://surplus:p%40ss@127.0.0.1:5433/ledger", schema: "books")
        #expect(configuration.client.host == "127.0.0.1")
        #expect(configuration.client.port == 5433)
        #expect(configuration.client.username == "surplus")
        #expect(configuration.client.password == "p@ss")
        #expect(configuration.client.database == "ledger")
        #expect(configuration.schema == "books")
    }

    @Test(arguments: [
        ("mysql://u:p@h/db", "PostgreSQL URL"),
        ("postgres://u:secret@/db", "PostgreSQL URL"),
        ("postgres://h:5432/db", "PostgreSQL URL"),
        ("postgres://u:p@h:5432", "PostgreSQL URL"),
        ("postgres://u:p@h/db?sslmode=allow", "PostgreSQL URL sslmode"),
    ])
    func badURLNamesTheField(url: String, field: String) {
        #expect { try PostgresLedgerConfiguration(url: url) } throws: { error in
            guard let error = error as? InputError else { return false }
            return error.field == field && !error.value.contains("secret")
        }
    }

    @Test(arguments: ["", "Ledger", "1ledger", "led-ger", "l; DROP SCHEMA x", String(repeating: "a", count: 64)])
    func schemaMustBeAPlainIdentifier(schema: String) {
        #expect(throws: InputError.self) { try PostgresLedgerConfiguration(url: "postgres://u:p@h/db", schema: schema) }
    }

    @Test func retryWaitsGrowWithJitterUpToTheCeiling() {
        let retry = TransactionRetry(attempts: 5, initialDelay: .milliseconds(2), maximumDelay: .milliseconds(10))
        for attempt in 1...8 {
            let ceiling = min(Duration.milliseconds(10), .milliseconds(2) * (1 << (attempt - 1)))
            let delays = (0..<200).map { _ in retry.delay(after: attempt) }
            #expect(delays.allSatisfy { $0 >= .zero && $0 <= ceiling }, "attempt \(attempt)")
            #expect(Set(delays).count > 100, "the waits of attempt \(attempt) are spread out")
        }
    }
}
