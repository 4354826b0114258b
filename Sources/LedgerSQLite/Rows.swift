import Foundation
import GRDB
import Ledger

/// The ledger's values as rows of its tables, and back.
enum Rows {
    static let entryColumns = "sequence, id, kind, debit, credit, amount, hold, requested, memo"

    static func insert(_ account: Account, _ db: Database) throws {
        try db.execute(sql: "INSERT INTO ledger_account (id, kind, credit_line) VALUES (?, ?, ?)",
                       arguments: [account.id.rawValue, account.kind.rawValue, account.limit.creditLine?.microUnits])
    }

    static func accountState(_ row: Row) throws -> AccountState {
        let kind = try value(AccountKind(rawValue: row["kind"]), "kind", row)
        let id = try AccountID(row["id"] as String)
        let limit = try (row["credit_line"] as Int64?).map { try BalanceLimit(creditLine: Amount(microUnits: $0)) } ?? .unlimited
        return AccountState(account: Account(stored: id, kind: kind, limit: limit),
                            debitsPosted: Amount(microUnits: row["debits_posted"]), creditsPosted: Amount(microUnits: row["credits_posted"]),
                            debitsPending: Amount(microUnits: row["debits_pending"]), creditsPending: Amount(microUnits: row["credits_pending"]))
    }

    /// A journal row (columns ``entryColumns``) as its entry and the request that posted it.
    static func entry(_ row: Row) throws -> (entry: JournalEntry, request: Transfer) {
        let id = try transferID(row["id"], row)
        let kind = try value(JournalEntry.Kind(rawValue: row["kind"]), "kind", row)
        let debit = try AccountID(row["debit"] as String), credit = try AccountID(row["credit"] as String)
        let amount = Amount(microUnits: row["amount"])
        let hold = try (row["hold"] as Data?).map { try transferID($0, row) }
        let memo: String = row["memo"]
        let entry = JournalEntry(sequence: row["sequence"], id: id, kind: kind, debit: debit, credit: credit, amount: amount, hold: hold, memo: memo)
        let action: Transfer.Action
        switch (kind, hold) {
        case (.posted, _): action = .post(debit: debit, credit: credit, amount: amount)
        case (.held, _): action = .hold(debit: debit, credit: credit, amount: amount)
        case let (.holdPosted, hold?): action = .postHold(hold, amount: (row["requested"] as Int64?).map(Amount.init(microUnits:)))
        case let (.holdVoided, hold?): action = .voidHold(hold)
        case (.holdPosted, nil), (.holdVoided, nil): throw DatabaseError(message: "ledger: resolution without a hold: \(row)")
        }
        return (entry, try Transfer(id: id, action, memo: memo))
    }

    private static func transferID(_ bytes: Data, _ row: Row) throws -> TransferID {
        try value(TransferID(bytes: bytes), "id", row)
    }

    private static func value<T>(_ value: T?, _ column: String, _ row: Row) throws -> T {
        guard let value else { throw DatabaseError(message: "ledger: unreadable \(column) in \(row)") }
        return value
    }
}

extension TransferID {
    /// The id as the stores keep it: 16 bytes, most significant first.
    var blob: Data { withUnsafeBytes(of: (high.bigEndian, low.bigEndian)) { Data($0) } }
}
