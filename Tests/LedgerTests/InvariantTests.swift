import Ledger
import Testing

/// The invariant checks catch what they claim to: each is given a ledger broken in its way.
@Suite("Invariant checks find broken ledgers")
struct InvariantTests {
    let a: AccountID, b: AccountID, alice: Account, bob: Account

    init() throws {
        a = try AccountID("a")
        b = try AccountID("b")
        alice = Account(participant: a)
        bob = Account(participant: b)
    }

    func entry(_ n: Int64, _ kind: JournalEntry.Kind, _ amount: Int64, hold: Int64? = nil) throws -> JournalEntry {
        JournalEntry(sequence: n, id: try TransferID(high: 0, low: UInt64(n)), kind: kind, debit: a, credit: b,
                     amount: Amount(microUnits: amount), hold: try hold.map { try TransferID(high: 0, low: UInt64($0)) }, memo: "")
    }

    @Test func aConsistentLedgerPasses() throws {
        let deposit = JournalEntry(sequence: 1, id: try TransferID(high: 1, low: 1), kind: .posted, debit: .world, credit: a,
                                   amount: Amount(microUnits: 10), hold: nil, memo: "deposit")
        let journal = [deposit, try entry(2, .held, 5), try entry(3, .holdPosted, 3, hold: 2)]
        let states = [
            AccountState(account: .world, debitsPosted: Amount(microUnits: 10)),
            AccountState(account: alice, debitsPosted: Amount(microUnits: 3), creditsPosted: Amount(microUnits: 10)),
            AccountState(account: bob, creditsPosted: Amount(microUnits: 3)),
        ]
        let snapshot = LedgerSnapshot(accounts: states, journal: journal)
        try LedgerInvariants.check(snapshot, totals: try LedgerTotals(accounts: states))
        // The same sums with a hold left open do not match the journal.
        var open = states
        open[1].debitsPending = Amount(microUnits: 5)
        #expect(throws: InvariantViolation.self) { try LedgerInvariants.journalMatchesAccounts(LedgerSnapshot(accounts: open, journal: journal)) }
        // Bob without credit below zero.
        let overdrawn = [AccountState(account: bob, debitsPosted: Amount(microUnits: 1))]
        #expect(throws: InvariantViolation.self) { try LedgerInvariants.withinLimits(overdrawn) }
    }

    @Test func findsEachBreak() throws {
        let totals = LedgerTotals(totalDebits: Amount(microUnits: 5), totalCredits: Amount(microUnits: 4), deposited: .zero, withdrawn: .zero,
                                  participantBalances: .zero, systemBalances: .zero)
        #expect(!totals.balanced)
        #expect(throws: InvariantViolation.self) { try LedgerInvariants.doubleEntry(totals) }
        let twice = [try entry(1, .held, 5), try entry(2, .holdPosted, 3, hold: 1), try entry(3, .holdVoided, 5, hold: 1)]
        #expect(throws: InvariantViolation.self) { try LedgerInvariants.holdsResolvedAtMostOnce(twice) }
        let tooMuch = [try entry(1, .held, 5), try entry(2, .holdPosted, 6, hold: 1)]
        #expect(throws: InvariantViolation.self) { try LedgerInvariants.holdsResolvedAtMostOnce(tooMuch) }
        let orphan = [try entry(2, .holdVoided, 6, hold: 1)]
        #expect(throws: InvariantViolation.self) { try LedgerInvariants.holdsResolvedAtMostOnce(orphan) }
        let states = [AccountState(account: alice), AccountState(account: bob)]
        let missing = LedgerSnapshot(accounts: states, journal: [try entry(1, .posted, 1)])
        #expect(throws: InvariantViolation.self) { try LedgerInvariants.journalMatchesAccounts(missing) }
        let duplicate = LedgerSnapshot(accounts: states, journal: [try entry(1, .held, 1), try entry(1, .held, 1)])
        #expect(throws: InvariantViolation.self) { try LedgerInvariants.journalMatchesAccounts(duplicate) }
        let empty = LedgerSnapshot(accounts: states, journal: [])
        #expect(throws: InvariantViolation.self) { try LedgerInvariants.replayChangedNothing(before: empty, after: missing) }
    }
}
