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

    @Test func aLedgerOfTheSecondSchemaMigratesWithEveryEntry() async throws {
        // A ledger as `ledger-v2` left it, with a posting, a hold and its resolution...
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ledger-v2-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("ledger.sqlite").path
        var migrator = DatabaseMigrator()
        LedgerSchema.registerMigrations(in: &migrator)
        let old = try DatabaseQueue(path: path)
        try migrator.migrate(old, upTo: "ledger-v2-one-trigger-per-entry")
        try await old.write { db in
            try db.execute(sql: """
                INSERT INTO ledger_account (id, kind, credit_line) VALUES ('alice', 'participant', 0), ('bob', 'participant', 0);
                INSERT INTO ledger_transfer (id, kind, debit, credit, amount, memo) VALUES (\(blob(1)), 'posted', 'world', 'alice', 10, 'in');
                INSERT INTO ledger_transfer (id, kind, debit, credit, amount, memo) VALUES (\(blob(2)), 'held', 'alice', 'bob', 4, '');
                INSERT INTO ledger_transfer (id, kind, debit, credit, amount, hold, requested, memo)
                    VALUES (\(blob(3)), 'holdPosted', 'alice', 'bob', 3, \(blob(2)), 3, '');
                """)
        }
        let before = try await old.read { db in try Row.fetchAll(db, sql: "SELECT * FROM ledger_transfer ORDER BY sequence") }
        try old.close()
        // ...opens as the current schema with the same rows, sums and constraints.
        let migrated = try SQLiteLedger(path: path)
        let after = try await migrated.pool.read { db in try Row.fetchAll(db, sql: "SELECT * FROM ledger_transfer ORDER BY sequence") }
        #expect(after == before && after.count == 3)
        #expect(try await migrated.account(try AccountID("alice")).balance == Amount(microUnits: 7))
        try await migrated.checkInvariants()
        let bad = "INSERT INTO ledger_transfer (id, kind, debit, credit, amount, memo) VALUES (\(blob(4)), 'gift', 'alice', 'bob', 1, '')"
        await #expect(throws: DatabaseError.self) { try await migrated.pool.write { db in try db.execute(sql: bad) } }
        let receipt = try await migrated.post(id: try TransferID(high: 1, low: 5), from: try AccountID("alice"), to: try AccountID("bob"),
                                              amount: Amount(microUnits: 7))
        #expect(receipt.entry.sequence == 4 && !receipt.replayed)
        #expect(try await migrated.account(try AccountID("alice")).balance == .zero)
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
