import SurplusCore

/// One request to the ledger, identified by its client-chosen ``TransferID``: move money at once,
/// hold it, or resolve a hold. Once posted it is immutable; sending it again (same id, same
/// body) posts nothing and returns the first result, and the same id with another body is
/// ``LedgerError/idReused(_:)``.
///
/// A transfer debits the account the money leaves and credits the account it reaches
/// (double entry: every posting changes two accounts by the same amount).
public struct Transfer: Hashable, Sendable {
    /// The longest memo, in UTF-8 bytes.
    public static let maximumMemoLength = 256

    public enum Action: Hashable, Sendable {
        /// Move `amount` from `debit` to `credit` now.
        case post(debit: AccountID, credit: AccountID, amount: Amount)
        /// Reserve `amount` on `debit` for `credit` (a pending transfer): it counts against the
        /// debit account's limit until it is posted or voided.
        case hold(debit: AccountID, credit: AccountID, amount: Amount)
        /// Post the hold with this id: in full (nil), or in part (up to its amount); the rest of
        /// the hold is released.
        case postHold(TransferID, amount: Amount?)
        /// Release the hold with this id, posting nothing.
        case voidHold(TransferID)
    }

    public let id: TransferID
    public let action: Action
    /// What the transfer is for, as the caller wants it shown in the journal (`deposit`,
    /// `trade market-1 round 3`); part of the body an id is compared on.
    public let memo: String

    /// - Throws: ``InputError`` for an amount <= 0, a transfer from an account to itself, a hold
    ///   resolved by its own id, or a memo beyond ``maximumMemoLength`` bytes or with a line break.
    public init(id: TransferID, _ action: Action, memo: String = "") throws(InputError) {
        switch action {
        case let .post(debit, credit, amount), let .hold(debit, credit, amount):
            try Transfer.checkPositive(amount)
            guard debit != credit else {
                throw InputError(field: "credit", value: "'\(credit)'", expected: "an account other than the debit account")
            }
        case let .postHold(hold, amount):
            if let amount { try Transfer.checkPositive(amount) }
            try Transfer.checkDistinct(hold, id)
        case let .voidHold(hold):
            try Transfer.checkDistinct(hold, id)
        }
        guard memo.utf8.count <= Transfer.maximumMemoLength, !memo.contains(where: \.isNewline) else {
            throw InputError(field: "memo", value: "'\(memo.prefix(40))...'", expected: "one line of at most \(Transfer.maximumMemoLength) bytes")
        }
        self.id = id
        self.action = action
        self.memo = memo
    }

    private static func checkPositive(_ amount: Amount) throws(InputError) {
        guard amount > .zero else { throw InputError(field: "amount", value: amount.description, expected: "an amount > 0") }
    }

    private static func checkDistinct(_ hold: TransferID, _ id: TransferID) throws(InputError) {
        guard hold != id else { throw InputError(field: "hold", value: hold.description, expected: "the id of a hold, not of this transfer") }
    }

    /// The hold a resolution names; nil for a posting or a hold.
    public var resolvedHold: TransferID? {
        switch action {
        case .post, .hold: nil
        case let .postHold(hold, _), let .voidHold(hold): hold
        }
    }
}

/// A line of the journal: what a transfer did, in the order the ledger did it.
public struct JournalEntry: Hashable, Sendable, Codable {
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        /// Money moved: `amount` from `debit` to `credit`.
        case posted
        /// Money reserved: `amount` held on `debit` for `credit`.
        case held
        /// A hold posted: `amount` (at most the hold's) moved; the hold released.
        case holdPosted
        /// A hold voided: its `amount` released, nothing moved.
        case holdVoided
    }

    /// The entry's place in the journal: 1 for the first, increasing with every posting.
    public let sequence: Int64
    public let id: TransferID
    public let kind: Kind
    public let debit: AccountID
    public let credit: AccountID
    public let amount: Amount
    /// The hold a `holdPosted` or `holdVoided` entry resolves.
    public let hold: TransferID?
    public let memo: String

    public init(sequence: Int64, id: TransferID, kind: Kind, debit: AccountID, credit: AccountID,
                amount: Amount, hold: TransferID?, memo: String) {
        self.sequence = sequence
        self.id = id
        self.kind = kind
        self.debit = debit
        self.credit = credit
        self.amount = amount
        self.hold = hold
        self.memo = memo
    }
}

/// What submitting a transfer gave: its journal entry, and whether that entry was posted
/// earlier (a replay of the same id and body, which posted nothing now).
public struct Receipt: Hashable, Sendable, Codable {
    public let entry: JournalEntry
    public let replayed: Bool

    public init(entry: JournalEntry, replayed: Bool) {
        self.entry = entry
        self.replayed = replayed
    }
}
