import SurplusCore

/// The ledger as a value: accounts, the journal and the rules that turn a batch of transfers
/// into entries. ``InMemoryLedger`` keeps one behind an actor; it is the reference the database
/// stores are checked against, and a front end's tests can use it directly.
public struct LedgerBook: Sendable {
    private var accounts: [AccountID: AccountState] = [:]
    private var journal: [JournalEntry] = []
    /// Each posted transfer's request and the index of its entry in `journal`.
    private var requests: [TransferID: (transfer: Transfer, index: Int)] = [:]
    /// The id of the transfer that resolved each resolved hold.
    private var resolutions: [TransferID: TransferID] = [:]
    /// The indices in `journal` of each account's entries, oldest first.
    private var entriesByAccount: [AccountID: [Int]] = [:]

    /// A book with the system accounts and nothing posted.
    public init() {
        for account in Account.system { accounts[account.id] = AccountState(account: account) }
    }

    /// See ``LedgerStore/createAccount(_:)``.
    public mutating func createAccount(_ account: Account) throws(LedgerError) -> Account {
        if let existing = accounts[account.id] {
            guard existing.account == account else { throw .accountExists(account.id) }
            return account
        }
        accounts[account.id] = AccountState(account: account)
        return account
    }

    /// See ``LedgerStore/submit(_:)``: all or nothing, in order.
    public mutating func submit(_ batch: [Transfer]) throws -> [Receipt] {
        try LedgerLimits.checkBatch(batch)
        let journalCount = journal.count
        var saved: [AccountID: AccountState] = [:]
        do {
            var receipts: [Receipt] = []
            receipts.reserveCapacity(batch.count)
            for transfer in batch { receipts.append(try apply(transfer, saving: &saved)) }
            return receipts
        } catch {
            for entry in journal[journalCount...] {
                requests[entry.id] = nil
                if let hold = entry.hold { resolutions[hold] = nil }
                entriesByAccount[entry.debit]?.removeLast()
                entriesByAccount[entry.credit]?.removeLast()
            }
            journal.removeSubrange(journalCount...)
            for (id, state) in saved { accounts[id] = state }
            throw error
        }
    }

    /// See ``LedgerStore/account(_:)``.
    public func account(_ id: AccountID) throws(LedgerError) -> AccountState {
        guard let state = accounts[id] else { throw .unknownAccount(id) }
        return state
    }

    /// See ``LedgerStore/entries(of:before:limit:)``.
    public func entries(of account: AccountID, before: JournalCursor?, limit: Int) throws -> JournalPage {
        try LedgerLimits.checkPage(limit)
        guard accounts[account] != nil else { throw LedgerError.unknownAccount(account) }
        let indices = entriesByAccount[account] ?? []
        let end = before.map { cursor in indices.partitionPoint { journal[$0].sequence >= cursor.sequence } } ?? indices.count
        let page = indices[..<end].suffix(limit).reversed().map { journal[$0] }
        return JournalPage(entries: page, limit: limit)
    }

    /// See ``LedgerStore/totals()``.
    public func totals() throws(LedgerError) -> LedgerTotals { try LedgerTotals(accounts: accounts.values) }

    /// See ``LedgerStore/snapshot()``.
    public var snapshot: LedgerSnapshot { LedgerSnapshot(accounts: Array(accounts.values), journal: journal) }

    private mutating func apply(_ transfer: Transfer, saving saved: inout [AccountID: AccountState]) throws(LedgerError) -> Receipt {
        if let (request, index) = requests[transfer.id] {
            guard request == transfer else { throw .idReused(transfer.id) }
            return Receipt(entry: journal[index], replayed: true)
        }
        let entry: JournalEntry
        var heldAmount = Amount.zero
        let sequence = Int64(journal.count + 1)
        switch transfer.action {
        case let .post(debit, credit, amount), let .hold(debit, credit, amount):
            guard accounts[debit] != nil else { throw .unknownAccount(debit) }
            guard accounts[credit] != nil else { throw .unknownAccount(credit) }
            let kind: JournalEntry.Kind = if case .post = transfer.action { .posted } else { .held }
            entry = JournalEntry(sequence: sequence, id: transfer.id, kind: kind, debit: debit, credit: credit,
                                 amount: amount, hold: nil, memo: transfer.memo)
        case let .postHold(holdID, amount):
            let hold = try openHold(holdID)
            let moved = amount ?? hold.amount
            guard moved <= hold.amount else { throw .exceedsHold(hold: holdID, held: hold.amount, requested: moved) }
            heldAmount = hold.amount
            entry = JournalEntry(sequence: sequence, id: transfer.id, kind: .holdPosted, debit: hold.debit, credit: hold.credit,
                                 amount: moved, hold: holdID, memo: transfer.memo)
        case let .voidHold(holdID):
            let hold = try openHold(holdID)
            heldAmount = hold.amount
            entry = JournalEntry(sequence: sequence, id: transfer.id, kind: .holdVoided, debit: hold.debit, credit: hold.credit,
                                 amount: hold.amount, hold: holdID, memo: transfer.memo)
        }
        try post(entry, heldAmount: heldAmount, saving: &saved)
        journal.append(entry)
        requests[transfer.id] = (transfer, journal.count - 1)
        if let hold = entry.hold { resolutions[hold] = transfer.id }
        entriesByAccount[entry.debit, default: []].append(journal.count - 1)
        entriesByAccount[entry.credit, default: []].append(journal.count - 1)
        return Receipt(entry: entry, replayed: false)
    }

    /// The entry of the hold `id`, unless it is not a hold or already resolved.
    private func openHold(_ id: TransferID) throws(LedgerError) -> JournalEntry {
        guard let (_, index) = requests[id], journal[index].kind == .held else { throw .unknownHold(id) }
        if let resolver = resolutions[id] { throw .alreadyResolved(hold: id, by: resolver) }
        return journal[index]
    }

    /// Changes both accounts' sums by the entry's ``Posting``, or neither when the debit
    /// account's limit or a sum would be passed.
    private mutating func post(_ entry: JournalEntry, heldAmount: Amount, saving saved: inout [AccountID: AccountState]) throws(LedgerError) {
        guard var debit = accounts[entry.debit] else { throw .unknownAccount(entry.debit) }
        guard var credit = accounts[entry.credit] else { throw .unknownAccount(entry.credit) }
        try Posting(entry, heldAmount: heldAmount).apply(entry, debit: &debit, credit: &credit)
        if saved[debit.id] == nil { saved[debit.id] = accounts[debit.id] }
        if saved[credit.id] == nil { saved[credit.id] = accounts[credit.id] }
        accounts[debit.id] = debit
        accounts[credit.id] = credit
    }
}

extension Collection {
    /// The index of the first element for which `belongsToSecondPart` is true, given that it is
    /// false for a prefix and true for the rest (a binary search).
    fileprivate func partitionPoint(_ belongsToSecondPart: (Element) -> Bool) -> Index {
        var low = startIndex, count = self.count
        while count > 0 {
            let half = count / 2
            let middle = index(low, offsetBy: half)
            if belongsToSecondPart(self[middle]) { count = half } else { low = index(after: middle); count -= half + 1 }
        }
        return low
    }
}
