import Foundation
import Ledger
import PostgresNIO

/// An `accounts` row, as the store reads it.
enum AccountRow {
    static let columns = "id, kind, floor, debits_posted, credits_posted, debits_pending, credits_pending"

    static func state(_ row: PostgresRow) throws -> AccountState {
        let (id, kind, floor, debitsPosted, creditsPosted, debitsPending, creditsPending) =
            try row.decode((String, String, Int64?, Int64, Int64, Int64, Int64).self)
        guard let accountKind = AccountKind(rawValue: kind) else { throw PostgresLedgerError.unreadableRow("account '\(id)' of kind '\(kind)'") }
        let limit: BalanceLimit
        if let floor {
            guard floor <= 0, let line = try? BalanceLimit(creditLine: Amount(microUnits: -floor)) else {
                throw PostgresLedgerError.unreadableRow("account '\(id)' with floor \(floor)")
            }
            limit = line
        } else {
            limit = .unlimited
        }
        let account = Account(stored: try AccountID(id, field: "accounts.id"), kind: accountKind, limit: limit)
        return AccountState(account: account, debitsPosted: Amount(microUnits: debitsPosted), creditsPosted: Amount(microUnits: creditsPosted),
                            debitsPending: Amount(microUnits: debitsPending), creditsPending: Amount(microUnits: creditsPending))
    }
}

/// A `journal` row, as the store reads it.
enum JournalRow {
    static let columns = "sequence, id, kind, debit, credit, amount, hold, memo"
    /// A row of `submit_batch`: the columns above and whether the entry was replayed.
    typealias WithReplayed = (Int64, UUID, String, String, String, Int64, UUID?, String, Bool)

    static func entry(_ row: PostgresRow) throws -> JournalEntry {
        let (sequence, id, kind, debit, credit, amount, hold, memo) = try row.decode((Int64, UUID, String, String, String, Int64, UUID?, String).self)
        return try entry(sequence, id, kind, debit, credit, amount, hold, memo)
    }

    static func entry(_ sequence: Int64, _ id: UUID, _ kind: String, _ debit: String, _ credit: String, _ amount: Int64,
                      _ hold: UUID?, _ memo: String) throws -> JournalEntry {
        guard let entryKind = JournalEntry.Kind(rawValue: kind) else { throw PostgresLedgerError.unreadableRow("journal entry \(sequence) of kind '\(kind)'") }
        return JournalEntry(sequence: sequence, id: TransferID(id), kind: entryKind,
                            debit: try AccountID(debit, field: "journal.debit"), credit: try AccountID(credit, field: "journal.credit"),
                            amount: Amount(microUnits: amount), hold: hold.map(TransferID.init), memo: memo)
    }
}

/// A batch as the arrays `submit_batch` takes, one element per transfer (PostgreSQL arrays hold
/// no optional elements here: 0 stands for "no amount", the zero uuid for "no hold").
struct BatchArguments {
    var ids: [UUID] = [], actions: [String] = [], debits: [String] = [], credits: [String] = []
    var amounts: [Int64] = [], holds: [UUID] = [], memos: [String] = []

    init(_ batch: [Transfer]) {
        for transfer in batch {
            ids.append(UUID(transfer.id))
            memos.append(transfer.memo)
            switch transfer.action {
            case let .post(debit, credit, amount), let .hold(debit, credit, amount):
                if case .post = transfer.action { actions.append("post") } else { actions.append("hold") }
                append(debit: debit.rawValue, credit: credit.rawValue, amount: amount.microUnits, hold: nil)
            case let .postHold(hold, amount):
                actions.append("postHold")
                append(debit: "", credit: "", amount: amount?.microUnits ?? 0, hold: hold)
            case let .voidHold(hold):
                actions.append("voidHold")
                append(debit: "", credit: "", amount: 0, hold: hold)
            }
        }
    }

    private mutating func append(debit: String, credit: String, amount: Int64, hold: TransferID?) {
        debits.append(debit)
        credits.append(credit)
        amounts.append(amount)
        holds.append(hold.map(UUID.init) ?? UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)))
    }
}

/// The ledger's refusals as `submit_batch` raises them: message = the ``LedgerError`` code,
/// detail = its values separated by spaces.
enum LedgerRefusal {
    static func error(code: String, detail: String) -> LedgerError? {
        let values = detail.split(separator: " ").map(String.init)
        func account(_ k: Int) -> AccountID? { values.count > k ? try? AccountID(values[k]) : nil }
        func transfer(_ k: Int) -> TransferID? { values.count > k ? UUID(uuidString: values[k]).map(TransferID.init) : nil }
        func amount(_ k: Int) -> Amount? { values.count > k ? Int64(values[k]).map(Amount.init(microUnits:)) : nil }
        switch code {
        case "unknownAccount": return account(0).map(LedgerError.unknownAccount)
        case "idReused": return transfer(0).map(LedgerError.idReused)
        case "unknownHold": return transfer(0).map(LedgerError.unknownHold)
        case "overflow": return account(0).map(LedgerError.overflow)
        case "alreadyResolved":
            guard let hold = transfer(0), let by = transfer(1) else { return nil }
            return .alreadyResolved(hold: hold, by: by)
        case "exceedsHold":
            guard let hold = transfer(0), let held = amount(1), let requested = amount(2) else { return nil }
            return .exceedsHold(hold: hold, held: held, requested: requested)
        case "insufficientFunds":
            guard let id = account(0), let available = amount(1), let needed = amount(2) else { return nil }
            return .insufficientFunds(account: id, available: available, needed: needed)
        default: return nil
        }
    }
}

extension UUID {
    /// The uuid of the transfer id's 16 bytes (how the journal keeps it).
    init(_ id: TransferID) {
        let b = id.bytes
        self.init(uuid: (b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]))
    }
}
