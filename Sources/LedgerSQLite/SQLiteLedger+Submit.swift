import Foundation
import GRDB
import Ledger
import SurplusCore

extension SQLiteLedger {
    /// Submits `batch` inside the caller's transaction (a `pool.write`), so that a program can
    /// commit its own rows and the ledger's postings together. See ``LedgerStore/submit(_:)``;
    /// when it throws, the caller's transaction must be rolled back (`pool.write` does).
    ///
    /// New postings and holds are inserted with `INSERT ... ON CONFLICT (id) DO NOTHING`: the
    /// schema's trigger applies each row to both accounts, its `within_limit` check refuses a
    /// balance beyond its limit, and a conflict on the id means a replay (or a reuse of the id).
    /// Consecutive postings and holds go in multi-row statements of up to ``largestChunk`` rows
    /// (`RETURNING` names the rows inserted): the schema checks every row as it would one at a
    /// time, in order, but each statement costs its fixed part (binding, a statement journal)
    /// once, not per row. When such a statement is refused, SQLite undoes it, and its rows are
    /// posted again one at a time, which finds the first refused transfer and names its error.
    /// A resolution first reads its hold to name the error precisely; the schema refuses a bad
    /// one anyway.
    public static func submit(_ batch: [Transfer], in db: Database) throws -> [Receipt] {
        try LedgerLimits.checkBatch(batch)
        guard db.isInsideTransaction else { throw DatabaseError(message: "ledger: submit(_:in:) needs a transaction") }
        var receipts: [Receipt] = []
        receipts.reserveCapacity(batch.count)
        var start = batch.startIndex
        while start < batch.endIndex {
            // The run of postings and holds from `start`, or the resolution there.
            let end = batch[start...].firstIndex(where: { $0.isResolution }) ?? batch.endIndex
            if end == start {
                receipts.append(try submit(batch[start], db))
                start += 1
                continue
            }
            while start < end {
                let size = chunkSize(end - start)
                try insertChunk(batch[start..<(start + size)], into: &receipts, db)
                start += size
            }
        }
        return receipts
    }

    /// The most rows of one multi-row insert (6 bound values each).
    static let largestChunk = 128

    /// The rows of the next statement for a run of `remaining` postings and holds: the largest
    /// power of two up to ``largestChunk`` (so at most eight statements are prepared and cached).
    private static func chunkSize(_ remaining: Int) -> Int {
        var size = largestChunk
        while size > remaining { size /= 2 }
        return size
    }

    /// `INSERT` of `rows` postings or holds, by row count.
    private static let chunkSQL: [Int: String] = Dictionary(uniqueKeysWithValues: sequence(first: 2, next: { $0 < largestChunk ? $0 * 2 : nil }).map { rows in
        (rows, "INSERT INTO ledger_transfer (id, kind, debit, credit, amount, hold, requested, memo) VALUES "
            + Array(repeating: "(?, ?, ?, ?, ?, NULL, NULL, ?)", count: rows).joined(separator: ", ")
            + " ON CONFLICT (id) DO NOTHING")
    })

    /// Inserts `chunk` (postings and holds) in one statement, or, when the schema refuses it,
    /// one transfer at a time; appends their receipts in order.
    ///
    /// The journal's `sequence` is its rowid and the journal only grows, so SQLite numbers the
    /// rows one statement inserts consecutively, each one past the largest before it: when all
    /// `n` rows are inserted (the common case) their sequences are the `n` ending at the last
    /// inserted rowid, and no `RETURNING` (which SQLite buffers in a temporary table, at about a
    /// sixth of the cost of a row) is needed. When some ids were already taken, each transfer's
    /// entry is read back by id: the ones numbered in the statement's range are new.
    private static func insertChunk(_ chunk: ArraySlice<Transfer>, into receipts: inout [Receipt], _ db: Database) throws {
        guard chunk.count > 1, let sql = chunkSQL[chunk.count] else {
            for transfer in chunk { receipts.append(try submit(transfer, db)) }
            return
        }
        var entries: [JournalEntry] = []
        var values: [(any DatabaseValueConvertible)?] = []
        entries.reserveCapacity(chunk.count)
        values.reserveCapacity(6 * chunk.count)
        for transfer in chunk {
            guard let entry = newEntry(transfer) else { throw DatabaseError(message: "ledger: \(transfer.id) is no posting or hold") }
            entries.append(entry)
            values.append(entry.id.blob)
            values.append(entry.kind.rawValue)
            values.append(entry.debit.rawValue)
            values.append(entry.credit.rawValue)
            values.append(entry.amount.microUnits)
            values.append(entry.memo)
        }
        do {
            try db.cachedStatement(sql: sql).execute(arguments: StatementArguments(values))
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            // The statement changed nothing: one at a time, in order, names the first refusal.
            for transfer in chunk { receipts.append(try submit(transfer, db)) }
            return
        }
        let inserted = Int64(db.changesCount), first = db.lastInsertedRowID - inserted + 1
        let numbered = first..<(first + inserted)
        if inserted == chunk.count {
            for (entry, sequence) in zip(entries, numbered) { receipts.append(Receipt(entry: entry.numbered(sequence), replayed: false)) }
            return
        }
        var claimed = Set<Int64>()  // an id twice in the chunk is inserted once, the first time; the second replays it
        for transfer in chunk {
            guard let (entry, request) = try fetchEntry(transfer.id, db) else {
                throw DatabaseError(message: "ledger: transfer \(transfer.id) neither inserted nor found")
            }
            let new = numbered.contains(entry.sequence) && claimed.insert(entry.sequence).inserted
            guard new || request == transfer else { throw LedgerError.idReused(transfer.id) }
            receipts.append(Receipt(entry: entry, replayed: !new))
        }
    }

    /// The journal entry a posting or hold makes (numbered once inserted); nil for a resolution.
    private static func newEntry(_ transfer: Transfer) -> JournalEntry? {
        switch transfer.action {
        case let .post(debit, credit, amount):
            JournalEntry(sequence: 0, id: transfer.id, kind: .posted, debit: debit, credit: credit, amount: amount, hold: nil, memo: transfer.memo)
        case let .hold(debit, credit, amount):
            JournalEntry(sequence: 0, id: transfer.id, kind: .held, debit: debit, credit: credit, amount: amount, hold: nil, memo: transfer.memo)
        case .postHold, .voidHold: nil
        }
    }

    private static func submit(_ transfer: Transfer, _ db: Database) throws -> Receipt {
        let entry: JournalEntry
        switch transfer.action {
        case .post, .hold:
            guard let new = newEntry(transfer) else { throw DatabaseError(message: "ledger: \(transfer.id) is no posting or hold") }
            entry = new
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

    private static let insertSQL = "INSERT INTO ledger_transfer (id, kind, debit, credit, amount, hold, requested, memo) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
    /// The same, posting nothing when the id is taken (a replay, or a reuse of the id).
    private static let insertNewSQL = insertSQL + " ON CONFLICT (id) DO NOTHING"
    private static let entrySQL = "SELECT \(Rows.entryColumns) FROM ledger_transfer WHERE id = ?"

    /// Inserts `entry` (its trigger posts it); returns its sequence, or nil when the id was taken.
    /// A constraint the schema raises becomes the ``LedgerError`` it stands for.
    private static func insert(_ entry: JournalEntry, requested: Amount?, heldAmount: Amount, onConflictDoNothing: Bool,
                               _ db: Database) throws -> Int64? {
        let statement = try db.cachedStatement(sql: onConflictDoNothing ? insertNewSQL : insertSQL)
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
        let statement = try db.cachedStatement(sql: entrySQL)
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

extension Transfer {
    /// Whether this transfer resolves a hold (posts or voids it).
    fileprivate var isResolution: Bool {
        switch action {
        case .post, .hold: false
        case .postHold, .voidHold: true
        }
    }
}
