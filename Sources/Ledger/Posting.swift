/// What a journal entry does to the running sums of its two accounts. Double entry by
/// construction: the debit account's debits and the credit account's credits change by the
/// same `posted` amount, their pending sums by the same `pending` amount.
///
/// | entry        | posted     | pending        |
/// |--------------|------------|----------------|
/// | `posted`     | amount     | 0              |
/// | `held`       | 0          | +amount        |
/// | `holdPosted` | amount     | -(hold amount) |
/// | `holdVoided` | 0          | -amount        |
public struct Posting: Hashable, Sendable {
    public let posted: Int64
    public let pending: Int64

    /// The posting of `entry`; `heldAmount` is the amount of the hold a `holdPosted` entry resolves.
    public init(_ entry: JournalEntry, heldAmount: Amount) {
        let amount = entry.amount.microUnits
        switch entry.kind {
        case .posted: (posted, pending) = (amount, 0)
        case .held: (posted, pending) = (0, amount)
        case .holdPosted: (posted, pending) = (amount, -heldAmount.microUnits)
        case .holdVoided: (posted, pending) = (0, -amount)
        }
    }
}

extension AccountState {
    /// Applies `posting` to this account as the debit side (`isDebit`) or the credit side.
    /// - Throws: ``LedgerError/overflow(_:)`` when a running sum would pass Int64.
    public mutating func apply(_ posting: Posting, isDebit: Bool) throws(LedgerError) {
        let id = self.id
        func add(_ delta: Int64, to sum: inout Amount) throws(LedgerError) {
            let (result, overflow) = sum.microUnits.addingReportingOverflow(delta)
            guard !overflow, result >= 0 else { throw .overflow(id) }
            sum = Amount(microUnits: result)
        }
        if isDebit {
            try add(posting.posted, to: &debitsPosted)
            try add(posting.pending, to: &debitsPending)
        } else {
            try add(posting.posted, to: &creditsPosted)
            try add(posting.pending, to: &creditsPending)
        }
    }
}

extension Posting {
    /// Applies this posting of `entry` to its two accounts, in the order every store reports
    /// failures: the debit side (a sum passing Int64 is ``LedgerError/overflow(_:)``), the debit
    /// account's limit (``LedgerError/insufficientFunds(account:available:needed:)``), then the
    /// credit side. Neither account changes when it throws.
    public func apply(_ entry: JournalEntry, debit: inout AccountState, credit: inout AccountState) throws(LedgerError) {
        var newDebit = debit, newCredit = credit
        try newDebit.apply(self, isDebit: true)
        guard newDebit.isWithinLimit else {
            throw .insufficientFunds(account: debit.id, available: debit.available ?? .zero, needed: entry.amount)
        }
        try newCredit.apply(self, isDebit: false)
        (debit, credit) = (newDebit, newCredit)
    }
}
