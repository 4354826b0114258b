import Foundation
import GRDB
import Ledger
import SurplusCore

extension SQLiteLedger {
    /// Submits `batch` inside the caller's transaction (a `pool.write`), so that a program can
    /// commit its own rows and the ledger's postings together. See ``LedgerStore/submit(_:)``;
    /// when it throws, the caller's transaction must be rolled back (`pool.write` does).
    ///
    /// Each new posting or hold is one statement, `INSERT ... ON CONFLICT (id) DO NOTHING`: the
    /// schema's trigger applies it to both accounts, its `within_limit` check refuses a balance
    /// beyond its limit, and a conflict on the id means a replay. A resolution first reads its
    /// hold to name the error precisely; the schema refuses a bad one anyway.
    public static func submit(_ batch: [Transfer], in db: Database) throws -> [Receipt] {
        try LedgerLimits.checkBatch(batch)
        guard db.isInsideTransaction else { throw DatabaseError(message: "ledger: submit(_:in:) needs a transaction") }
        return try batch.map { try submit($0, db) }
    }

    private static func submit(_ transfer: Transfer, _ db: Database) throws -> Receipt {
        let entry: JournalEntry
        switch transfer.action {
        case let .post(debit, credit, amount), let .hold(debit, credit, amount):
            let kind: JournalEntry.Kind = if case .post = transfer.action { .posted } else { .held }
            entry = JournalEntry(sequence: 0, id: transfer.id, kind: kind, debit: debit, credit: credit, amount: amount, hold: nil, memo: transfer.memo)
            let inserted = try insert(entry, requested: nil, heldAmount: .zero, onConflictDoNothing: true, db)
            guard let sequence = inserted else { return try replay(transfer, db) }
            return Receipt(entry: entry.numbered(sequence), replayed: false)
        case let .postHold(holdID, amount):
            if let receipt = try replayIfPosted(transfer, db) { return receipt }
            let hold = try openHold(holdID, db)
            let moved = amount ?? hold.amount
            guard moved <= hold.amount else { throw LedgerError.exceedsHold(hold: holdID, held: hold.amount, requested: moved) }
            entry = JournalEntry(sequence: 0, id: transfer.id, kind: .holdPosted, debit: hold.debit, credit: hold.credit,
                                 amount: moved, hold: holdID, memo: transfer.memo)
            return try insertResolution(entry, requested: amount, heldAmount: hold.amount, db)
        case let .voidHold(holdID):
            if let receipt = try replayIfPosted(transfer, db) { return receipt }
            let hold = try openHold(holdID, db)
            entry = JournalEntry(sequence: 0, id: transfer.id, kind: .holdVoided, debit: hold.debit, credit: hold.credit,
                                 amount: hold.amount, hold: holdID, memo: transfer.memo)
            return try insertResolution(entry, requested: nil, heldAmount: hold.amount, db)
        }
    }

    /// Inserts a resolution whose id is known to be new.
    private static func insertResolution(_ entry: JournalEntry, requested: Amount?, heldAmount: Amount, _ db: Database) throws -> Receipt {
        guard let sequence = try insert(entry, requested: requested, heldAmount: heldAmount, onConflictDoNothing: false, db) else {
            throw DatabaseError(message: "ledger: resolution \(entry.id) not inserted")
        }
        return Receipt(entry: entry.numbered(sequence), replayed: false)
    }

    /// Inserts `entry` (its trigger posts it); returns its sequence, or nil when the id was taken.
    /// A constraint the schema raises becomes the ``LedgerError`` it stands for.
    private static func insert(_ entry: JournalEntry, requested: Amount?, heldAmount: Amount, onConflictDoNothing: Bool,
                               _ db: Database) throws -> Int64? {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO ledger_transfer (id, kind, debit, credit, amount, hold, requested, memo) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            \(onConflictDoNothing ? "ON CONFLICT (id) DO NOTHING" : "")
            """)
        do {
            try statement.execute(arguments: [
                entry.id.blob, entry.kind.rawValue, entry.debit.rawValue, entry.credit.rawValue, entry.amount.microUnits,
                entry.hold?.blob, requested?.microUnits, entry.memo,
            ])
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            throw try diagnose(entry, heldAmount: heldAmount, db) ?? error
        }
        return db.changesCount == 1 ? db.lastInsertedRowID : nil
    }

    /// The ledger error behind a constraint the schema raised for `entry`, found the way the
    /// reference store finds it (accounts, the debit side, the limit, the credit side); nil when
    /// none explains it.
    private static func diagnose(_ entry: JournalEntry, heldAmount: Amount, _ db: Database) throws -> LedgerError? {
        func state(_ id: AccountID) throws -> AccountState? {
            try Row.fetchOne(db, sql: "SELECT * FROM ledger_account WHERE id = ?", arguments: [id.rawValue]).map(Rows.accountState)
        }
        guard var debit = try state(entry.debit) else { return .unknownAccount(entry.debit) }
        guard var credit = try state(entry.credit) else { return .unknownAccount(entry.credit) }
        do {
            try Posting(entry, heldAmount: heldAmount).apply(entry, debit: &debit, credit: &credit)
        } catch {
            return error
        }
        return nil
    }

    private static func fetchEntry(_ id: TransferID, _ db: Database) throws -> (entry: JournalEntry, request: Transfer)? {
        let statement = try db.cachedStatement(sql: "SELECT \(Rows.entryColumns) FROM ledger_transfer WHERE id = ?")
        return try Row.fetchOne(statement, arguments: [id.blob]).map(Rows.entry)
    }

    /// The first receipt of a transfer whose id is posted: a replay, or ``LedgerError/idReused(_:)``.
    private static func replay(_ transfer: Transfer, _ db: Database) throws -> Receipt {
        guard let receipt = try replayIfPosted(transfer, db) else {
            throw DatabaseError(message: "ledger: transfer \(transfer.id) neither inserted nor found")
        }
        return receipt
    }

    private static func replayIfPosted(_ transfer: Transfer, _ db: Database) throws -> Receipt? {
        guard let (entry, request) = try fetchEntry(transfer.id, db) else { return nil }
        guard request == transfer else { throw LedgerError.idReused(transfer.id) }
        return Receipt(entry: entry, replayed: true)
    }

    /// The hold `id`'s entry, unless it is no hold or already resolved.
    private static func openHold(_ id: TransferID, _ db: Database) throws -> JournalEntry {
        guard let (hold, _) = try fetchEntry(id, db), hold.kind == .held else { throw LedgerError.unknownHold(id) }
        let resolver = try db.cachedStatement(sql: "SELECT id FROM ledger_transfer WHERE hold = ?")
        if let by = try Data.fetchOne(resolver, arguments: [id.blob]).flatMap(TransferID.init(bytes:)) {
            throw LedgerError.alreadyResolved(hold: id, by: by)
        }
        return hold
    }
}

extension JournalEntry {
    /// This entry at position `sequence` of the journal.
    func numbered(_ sequence: Int64) -> JournalEntry {
        JournalEntry(sequence: sequence, id: id, kind: kind, debit: debit, credit: credit, amount: amount, hold: hold, memo: memo)
    }
}
