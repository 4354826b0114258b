/// A broken ledger invariant: which one, and the first place it fails.
public struct InvariantViolation: Error, Hashable, Sendable, CustomStringConvertible {
    public let invariant: String
    public let detail: String

    public init(_ invariant: String, _ detail: String) {
        self.invariant = invariant
        self.detail = detail
    }

    public var description: String { "ledger invariant '\(invariant)' violated: \(detail)" }
}

/// The invariants every store keeps after every commit, as checks any test (or an audit) can
/// run on what a store returns. Each throws the first ``InvariantViolation`` it finds.
public enum LedgerInvariants {
    /// Double entry: total debits equal total credits, and all balances sum to zero.
    public static func doubleEntry(_ totals: LedgerTotals) throws(InvariantViolation) {
        guard totals.totalDebits == totals.totalCredits else {
            throw InvariantViolation("debits equal credits", "total debits \(totals.totalDebits) != total credits \(totals.totalCredits)")
        }
        guard totals.participantBalances.adding(totals.systemBalances) == .zero else {
            throw InvariantViolation("balances sum to zero", "participants \(totals.participantBalances) + system \(totals.systemBalances) != 0")
        }
        guard totals.balanced else { throw InvariantViolation("balanced", "totals not marked balanced: \(totals)") }
    }

    /// No account below its limit: `balance - held >= -creditLine`; no running sum negative.
    public static func withinLimits(_ accounts: [AccountState]) throws(InvariantViolation) {
        for state in accounts {
            guard [state.debitsPosted, state.creditsPosted, state.debitsPending, state.creditsPending].allSatisfy({ $0 >= .zero }) else {
                throw InvariantViolation("running sums >= 0", "account '\(state.id)': \(state)")
            }
            guard state.isWithinLimit else {
                throw InvariantViolation(
                    "no balance beyond its limit",
                    "account '\(state.id)' has balance \(state.balance), held \(state.held), \(state.account.limit)")
            }
        }
    }

    /// Each hold is resolved at most once, by an entry that names an earlier hold, between the
    /// same accounts, posting at most its amount (a void releases exactly its amount).
    public static func holdsResolvedAtMostOnce(_ journal: [JournalEntry]) throws(InvariantViolation) {
        var holds: [TransferID: JournalEntry] = [:]
        var resolved: Set<TransferID> = []
        for entry in journal {
            switch entry.kind {
            case .posted: continue
            case .held: holds[entry.id] = entry
            case .holdPosted, .holdVoided:
                guard let holdID = entry.hold, let hold = holds[holdID] else {
                    throw InvariantViolation("resolutions name a hold", "entry \(entry.sequence) resolves no earlier hold")
                }
                guard resolved.insert(holdID).inserted else {
                    throw InvariantViolation("each hold resolved at most once", "hold \(holdID) resolved again by entry \(entry.sequence)")
                }
                let withinAmount = entry.kind == .holdPosted ? entry.amount <= hold.amount : entry.amount == hold.amount
                guard hold.debit == entry.debit, hold.credit == entry.credit, withinAmount else {
                    throw InvariantViolation("resolutions match their hold", "entry \(entry.sequence) does not match hold \(holdID)")
                }
            }
        }
    }

    /// The journal explains the accounts: ids unique, sequences increasing, and replaying every
    /// entry's ``Posting`` from zero gives each account's stored running sums.
    public static func journalMatchesAccounts(_ snapshot: LedgerSnapshot) throws(InvariantViolation) {
        var states = Dictionary(uniqueKeysWithValues: snapshot.accounts.map { ($0.id, AccountState(account: $0.account)) })
        var amounts: [TransferID: Amount] = [:]
        var previous: Int64 = 0
        for entry in snapshot.journal {
            guard entry.sequence > previous else { throw InvariantViolation("sequences increase", "entry \(entry.sequence) after \(previous)") }
            previous = entry.sequence
            guard amounts.updateValue(entry.amount, forKey: entry.id) == nil else {
                throw InvariantViolation("one entry per id", "id \(entry.id) appears twice in the journal")
            }
            guard var debit = states[entry.debit], var credit = states[entry.credit], entry.debit != entry.credit else {
                throw InvariantViolation("entries name two accounts", "entry \(entry.sequence) names an unknown account or the same one twice")
            }
            let posting = Posting(entry, heldAmount: entry.hold.flatMap { amounts[$0] } ?? .zero)
            do {
                try debit.apply(posting, isDebit: true)
                try credit.apply(posting, isDebit: false)
            } catch {
                throw InvariantViolation("running sums fit", "entry \(entry.sequence): \(error)")
            }
            states[entry.debit] = debit
            states[entry.credit] = credit
        }
        for state in snapshot.accounts where states[state.id] != state {
            throw InvariantViolation(
                "journal matches accounts",
                "account '\(state.id)' stores \(state) but its journal gives \(String(describing: states[state.id]))")
        }
    }

    /// Replaying transfers already posted changed nothing: the same accounts and journal.
    public static func replayChangedNothing(before: LedgerSnapshot, after: LedgerSnapshot) throws(InvariantViolation) {
        guard before.journal == after.journal else {
            throw InvariantViolation("replay changes nothing", "the journal went from \(before.journal.count) to \(after.journal.count) entries")
        }
        guard before.accounts == after.accounts else {
            throw InvariantViolation("replay changes nothing", "account sums changed")
        }
    }

    /// Every invariant of one commit: those above, and `totals` agreeing with the snapshot's accounts.
    public static func check(_ snapshot: LedgerSnapshot, totals: LedgerTotals) throws(InvariantViolation) {
        try doubleEntry(totals)
        try withinLimits(snapshot.accounts)
        try holdsResolvedAtMostOnce(snapshot.journal)
        try journalMatchesAccounts(snapshot)
        let recomputed: LedgerTotals
        do { recomputed = try LedgerTotals(accounts: snapshot.accounts) } catch {
            throw InvariantViolation("totals fit", "\(error)")
        }
        guard recomputed == totals else {
            throw InvariantViolation("totals match the accounts", "the store reports \(totals), its accounts give \(recomputed)")
        }
    }
}

extension LedgerStore {
    /// Checks every invariant on this store's current state (``LedgerInvariants/check(_:totals:)``).
    /// Snapshot and totals are read in two calls, so run it while no one writes.
    public func checkInvariants() async throws {
        let snapshot = try await snapshot()
        try LedgerInvariants.check(snapshot, totals: try await totals())
    }
}
