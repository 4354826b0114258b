import Foundation
import GRDB
import Ledger
import LedgerSQLite
import Testing

/// The SQLite schema keeps the invariants by itself: raw SQL that would break one is refused.
@Suite("The SQLite schema enforces the ledger's invariants")
struct SchemaTests {
    let ledger: SQLiteLedger
    let alice: AccountID, bob: AccountID

    init() async throws {
        ledger = try temporaryLedger()
        alice = try AccountID("alice")
        bob = try AccountID("bob")
        try await ledger.createAccount(Account(participant: alice))
        try await ledger.createAccount(Account(participant: bob))
        try await ledger.post(id: try TransferID(high: 1, low: 1), from: .world, to: alice, amount: Amount(microUnits: 10_000_000))
        try await ledger.hold(id: try TransferID(high: 1, low: 2), from: alice, to: bob, amount: Amount(microUnits: 4_000_000))
    }

    /// Runs `sql` in a transaction and returns the message of the constraint it breaks (nil if none).
    func refusal(_ sql: String) throws -> String? {
        do {
            try ledger.pool.write { db in try db.execute(sql: sql) }
            return nil
        } catch let error as DatabaseError {
            #expect(error.resultCode == .SQLITE_CONSTRAINT, "\(error)")
            return error.message
        }
    }

    func blob(_ low: UInt64) -> String { "X'" + String(repeating: "0", count: 15) + "1" + String(format: "%016llx", low) + "'" }

    @Test func balancesStayWithinTheirLimits() throws {
        // alice has 10, 4 of them held: 7 more would leave -1.
        let message = try refusal("INSERT INTO ledger_transfer (id, kind, debit, credit, amount, memo) VALUES (\(blob(3)), 'posted', 'alice', 'bob', 7000000, '')")
        #expect(message?.contains("within_limit") == true)
        #expect(try refusal("UPDATE ledger_account SET debits_posted = debits_posted + 6000001 WHERE id = 'alice'")?.contains("within_limit") == true)
        #expect(try refusal("UPDATE ledger_account SET credit_line = 100 WHERE id = 'alice'")?.contains("limit") == true)
        #expect(try refusal("INSERT INTO ledger_transfer (id, kind, debit, credit, amount, memo) VALUES (\(blob(3)), 'posted', 'alice', 'bob', 6000000, '')") == nil)
    }

    @Test func idsAreUniqueAndTheJournalImmutable() throws {
        #expect(try refusal("INSERT INTO ledger_transfer (id, kind, debit, credit, amount, memo) VALUES (\(blob(1)), 'posted', 'world', 'bob', 1, '')")?
            .contains("UNIQUE") == true)
        #expect(try refusal("UPDATE ledger_transfer SET amount = 1")?.contains("immutable") == true)
        #expect(try refusal("DELETE FROM ledger_transfer")?.contains("permanent") == true)
        #expect(try refusal("DELETE FROM ledger_account WHERE id = 'bob'")?.contains("permanent") == true)
        #expect(try refusal("INSERT INTO ledger_transfer (id, kind, debit, credit, amount, memo) VALUES (\(blob(9)), 'posted', 'world', 'nobody', 1, '')")?
            .contains("FOREIGN KEY") == true)
        #expect(try refusal("INSERT INTO ledger_transfer (id, kind, debit, credit, amount, memo) VALUES (\(blob(9)), 'posted', 'bob', 'bob', 1, '')") != nil)
    }

    @Test func holdsResolveAtMostOnceWithinTheirAmount() throws {
        func resolution(_ id: UInt64, _ kind: String, _ amount: Int) -> String {
            "INSERT INTO ledger_transfer (id, kind, debit, credit, amount, hold, memo) VALUES (\(blob(id)), '\(kind)', 'alice', 'bob', \(amount), \(blob(2)), '')"
        }
        #expect(try refusal(resolution(5, "holdPosted", 4_000_001))?.contains("match an earlier hold") == true)
        #expect(try refusal(resolution(5, "holdVoided", 3_000_000))?.contains("match an earlier hold") == true)
        #expect(try refusal(resolution(5, "holdPosted", 1_000_000)) == nil)
        #expect(try refusal(resolution(6, "holdVoided", 4_000_000))?.contains("UNIQUE") == true)
    }

    @Test func sumsPastInt64AreRefused() throws {
        #expect(try refusal("UPDATE ledger_account SET credits_posted = credits_posted + 9223372036854775807 WHERE id = 'alice'")?.contains("REAL") == true)
    }

    @Test func everyConnectionIsFullySynchronous() throws {
        let settings = try ledger.synchronousSettings()
        #expect(settings.writer == 2 && settings.reader == 2)
    }

    @Test func aReopenedLedgerHasEverything() async throws {
        let path = ledger.pool.path
        let before = try await ledger.snapshot()
        let reopened = try SQLiteLedger(path: path)
        #expect(try await reopened.snapshot() == before)
        try await reopened.checkInvariants()
    }

    @Test func postingsCommitWithTheCallersRows() async throws {
        let transfer = try Transfer(id: try TransferID(high: 1, low: 7), .post(debit: alice, credit: bob, amount: Amount(microUnits: 1)))
        try await ledger.pool.write { db in
            try db.execute(sql: "CREATE TABLE orders (id INTEGER PRIMARY KEY)")
            try db.execute(sql: "INSERT INTO orders DEFAULT VALUES")
            _ = try SQLiteLedger.submit([transfer], in: db)
        }
        // A refusal after the posting rolls back both.
        let refused = try Transfer(id: try TransferID(high: 1, low: 8), .post(debit: bob, credit: alice, amount: Amount(microUnits: 1)))
        await #expect(throws: LedgerError.self) {
            try await ledger.pool.write { db in
                try db.execute(sql: "INSERT INTO orders DEFAULT VALUES")
                _ = try SQLiteLedger.submit([refused], in: db)
                throw LedgerError.unknownAccount(alice)
            }
        }
        let orders = try await ledger.pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM orders") }
        #expect(orders == 1)
        #expect(try await ledger.snapshot().journal.count == 3)
    }
}
