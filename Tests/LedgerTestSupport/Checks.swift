import Ledger
import SurplusCore

/// The deterministic checks of ``LedgerConformance``, each on a fresh store.
enum Checks {
    typealias F = Fixture

    static func accounts(_ store: any LedgerStore) async throws {
        for system in Account.system {
            let state = try await store.account(system.id)
            try expect(state.account == system && state.balance == .zero, "system account \(system.id): \(state)")
        }
        let alice = Account(participant: try F.participant(0))
        try expect(try await store.createAccount(alice) == alice, "createAccount returns the account")
        try expect(try await store.createAccount(alice) == alice, "creating the same account again returns it")
        try await expectError(LedgerError.accountExists(alice.id), "same id, another limit") {
            try await store.createAccount(Account(participant: alice.id, limit: try BalanceLimit(creditLine: F.tokens(5))))
        }
        try await expectError(LedgerError.accountExists(.bank), "a participant named like a system account") {
            try await store.createAccount(Account(participant: .bank))
        }
        let state = try await store.account(alice.id)
        try expect(state == AccountState(account: alice), "a new account is empty: \(state)")
        try expect(state.available == .zero && state.held == .zero, "a new account has nothing available: \(state)")
    }

    static func posting(_ store: any LedgerStore) async throws {
        try await F.fund(store, participants: 2, deposit: 100)
        let (p0, p1) = (try F.participant(0), try F.participant(1))
        let receipt = try await store.post(id: try F.id(1), from: p0, to: p1, amount: try Amount(parsing: "12.345678", field: "amount"), memo: "trade")
        try expect(!receipt.replayed && receipt.entry.kind == .posted && receipt.entry.amount.microUnits == 12_345_678
                   && receipt.entry.debit == p0 && receipt.entry.credit == p1 && receipt.entry.memo == "trade",
                   "the receipt shows the posting: \(receipt)")
        let a = try await store.account(p0), b = try await store.account(p1)
        try expect(a.balance.microUnits == 87_654_322 && b.balance.microUnits == 112_345_678, "balances after a posting: \(a), \(b)")
        try expect(a.available == a.balance && a.held == .zero, "available = balance with no hold: \(a)")
        let totals = try await store.totals()
        try expect(totals.deposited == F.tokens(200) && totals.withdrawn == .zero && totals.participantBalances == F.tokens(200)
                   && totals.systemBalances == F.tokens(-200) && totals.totalDebits.microUnits == 200_000_000 + receipt.entry.amount.microUnits
                   && totals.balanced, "totals after two deposits and a transfer: \(totals)")
        try await store.post(id: try F.id(2), from: p1, to: .world, amount: F.tokens(2), memo: "withdrawal")
        let after = try await store.totals()
        try expect(after.withdrawn == F.tokens(2) && after.participantBalances == F.tokens(198), "totals after a withdrawal: \(after)")
    }

    static func holds(_ store: any LedgerStore) async throws {
        try await F.fund(store, participants: 2, deposit: 100)
        let (p0, p1) = (try F.participant(0), try F.participant(1))
        let hold = try await store.hold(id: try F.id(1), from: p0, to: p1, amount: F.tokens(30))
        try expect(hold.entry.kind == .held, "a hold's entry: \(hold)")
        var a = try await store.account(p0)
        try expect(a.balance == F.tokens(100) && a.held == F.tokens(30) && a.available == F.tokens(70), "a hold reserves funds: \(a)")
        var b = try await store.account(p1)
        try expect(b.balance == F.tokens(100) && b.creditsPending == F.tokens(30), "a hold is pending for the credit account: \(b)")
        try await expectError(LedgerError.insufficientFunds(account: p0, available: F.tokens(70), needed: F.tokens(71)), "spending held funds") {
            try await store.post(id: try F.id(2), from: p0, to: p1, amount: F.tokens(71))
        }
        // Posted in part: 10 of 30 move, 20 are released.
        let part = try await store.postHold(id: try F.id(3), hold: try F.id(1), amount: F.tokens(10))
        try expect(part.entry.kind == .holdPosted && part.entry.amount == F.tokens(10) && part.entry.hold == (try F.id(1))
                   && part.entry.debit == p0 && part.entry.credit == p1, "a partial post's entry: \(part)")
        a = try await store.account(p0)
        b = try await store.account(p1)
        try expect(a.balance == F.tokens(90) && a.held == .zero && b.balance == F.tokens(110) && b.creditsPending == .zero,
                   "after posting 10 of a 30 hold: \(a), \(b)")
        try expect(try await store.postHold(id: try F.id(3), hold: try F.id(1), amount: F.tokens(10)) == Receipt(entry: part.entry, replayed: true),
                   "posting again with the same id replays")
        try await expectError(LedgerError.alreadyResolved(hold: try F.id(1), by: try F.id(3)), "voiding a posted hold") {
            try await store.voidHold(id: try F.id(4), hold: try F.id(1))
        }
        try await expectError(LedgerError.alreadyResolved(hold: try F.id(1), by: try F.id(3)), "posting a posted hold again") {
            try await store.postHold(id: try F.id(5), hold: try F.id(1))
        }
        // Voided: nothing moves.
        try await store.hold(id: try F.id(6), from: p0, to: p1, amount: F.tokens(90))
        let void = try await store.voidHold(id: try F.id(7), hold: try F.id(6))
        try expect(void.entry.kind == .holdVoided && void.entry.amount == F.tokens(90), "a void's entry: \(void)")
        a = try await store.account(p0)
        try expect(a.balance == F.tokens(90) && a.available == F.tokens(90), "a void releases the hold: \(a)")
        // Posted in full.
        try await store.hold(id: try F.id(8), from: p0, to: p1, amount: F.tokens(40))
        let full = try await store.postHold(id: try F.id(9), hold: try F.id(8))
        try expect(full.entry.amount == F.tokens(40), "a post in full moves the hold's amount: \(full)")
        a = try await store.account(p0)
        try expect(a.balance == F.tokens(50) && a.held == .zero, "after posting a hold in full: \(a)")
    }

    static func creditLines(_ store: any LedgerStore) async throws {
        let borrower = Account(participant: try F.participant(0), limit: try BalanceLimit(creditLine: F.tokens(50)))
        try await store.createAccount(borrower)
        try await store.createAccount(Account(participant: try F.participant(1)))
        try await store.post(id: try F.id(1), from: borrower.id, to: try F.participant(1), amount: F.tokens(30))
        try await store.hold(id: try F.id(2), from: borrower.id, to: try F.participant(1), amount: F.tokens(15))
        let state = try await store.account(borrower.id)
        try expect(state.balance == F.tokens(-30) && state.available == F.tokens(5), "within a credit line: \(state)")
        try await expectError(LedgerError.insufficientFunds(account: borrower.id, available: F.tokens(5), needed: Amount(microUnits: 5_000_001)),
                              "past a credit line") {
            try await store.post(id: try F.id(3), from: borrower.id, to: try F.participant(1), amount: Amount(microUnits: 5_000_001))
        }
        try await store.post(id: try F.id(4), from: borrower.id, to: try F.participant(1), amount: F.tokens(5))
        let exhausted = try await store.account(borrower.id)
        try expect(exhausted.available == .zero, "a credit line used to the last micro-unit: \(exhausted)")
        // A participant without credit cannot go below zero; the bank and the world can.
        try await expectError(LedgerError.insufficientFunds(account: try F.participant(1), available: F.tokens(35), needed: F.tokens(36)),
                              "past zero") {
            try await store.post(id: try F.id(5), from: try F.participant(1), to: borrower.id, amount: F.tokens(36))
        }
        try await store.post(id: try F.id(6), from: .bank, to: borrower.id, amount: F.tokens(1_000), memo: "loan")
        try expect(try await store.account(.bank).balance == F.tokens(-1_000), "the bank lends without limit")
    }

    static func atomicBatches(_ store: any LedgerStore) async throws {
        try await F.fund(store, participants: 3, deposit: 10)
        let (p0, p1, p2) = (try F.participant(0), try F.participant(1), try F.participant(2))
        let before = try await store.snapshot()
        // The second transfer needs the first's money, the third fails: nothing is posted.
        let failing = [
            try Transfer(id: try F.id(1), .post(debit: p0, credit: p1, amount: F.tokens(10))),
            try Transfer(id: try F.id(2), .post(debit: p1, credit: p2, amount: F.tokens(20))),
            try Transfer(id: try F.id(3), .hold(debit: p2, credit: p0, amount: F.tokens(31))),
        ]
        try await expectError(LedgerError.insufficientFunds(account: p2, available: F.tokens(30), needed: F.tokens(31)), "a failing batch") {
            try await store.submit(failing)
        }
        try LedgerInvariants.replayChangedNothing(before: before, after: try await store.snapshot())
        // The same id twice in one batch with two bodies: refused whole.
        let reused = [failing[0], try Transfer(id: try F.id(1), .post(debit: p0, credit: p1, amount: F.tokens(1)))]
        try await expectError(LedgerError.idReused(try F.id(1)), "an id reused inside a batch") { try await store.submit(reused) }
        try LedgerInvariants.replayChangedNothing(before: before, after: try await store.snapshot())
        // In order, each transfer sees the ones before it.
        let valid = Array(failing[0..<2]) + [try Transfer(id: try F.id(4), .hold(debit: p2, credit: p0, amount: F.tokens(30))), failing[0]]
        let receipts = try await store.submit(valid)
        try expect(receipts.count == 4 && receipts.prefix(3).allSatisfy { !$0.replayed } && receipts[3] == Receipt(entry: receipts[0].entry, replayed: true),
                   "a valid batch posts each transfer once, in order: \(receipts)")
        try expect(zip(receipts, receipts.dropFirst()).prefix(2).allSatisfy { $0.entry.sequence < $1.entry.sequence }, "sequences follow the batch order")
        let balances = [try await store.account(p0).balance, try await store.account(p1).balance, try await store.account(p2).balance]
        try expect(balances == [.zero, .zero, F.tokens(30)], "balances after the batch: \(balances)")
        try expect(try await store.submit([]) == [], "an empty batch posts nothing")
        let huge = Array(repeating: failing[0], count: LedgerLimits.maximumBatch + 1)
        try await expectError(InputError(field: "batch", value: "10001", expected: "0...10000 items"), "a batch too large") {
            try await store.submit(huge)
        }
    }

    static func errors(_ store: any LedgerStore) async throws {
        try await F.fund(store, participants: 2, deposit: 10)
        let (p0, p1) = (try F.participant(0), try F.participant(1))
        let ghost = try AccountID("ghost")
        try await expectError(LedgerError.unknownAccount(ghost), "debit an unknown account") {
            try await store.post(id: try F.id(1), from: ghost, to: p0, amount: F.tokens(1))
        }
        try await expectError(LedgerError.unknownAccount(ghost), "credit an unknown account") {
            try await store.post(id: try F.id(1), from: p0, to: ghost, amount: F.tokens(1))
        }
        try await expectError(LedgerError.unknownAccount(ghost), "hold on an unknown account") {
            try await store.hold(id: try F.id(1), from: ghost, to: p0, amount: F.tokens(1))
        }
        try await expectError(LedgerError.unknownAccount(ghost), "read an unknown account") { _ = try await store.account(ghost) }
        try await expectError(LedgerError.unknownAccount(ghost), "journal of an unknown account") {
            _ = try await store.entries(of: ghost, before: nil, limit: 10)
        }
        try await expectError(LedgerError.insufficientFunds(account: p0, available: F.tokens(10), needed: Amount(microUnits: 10_000_001)),
                              "one micro-unit too many") {
            try await store.post(id: try F.id(1), from: p0, to: p1, amount: Amount(microUnits: 10_000_001))
        }
        let first = try await store.post(id: try F.id(1), from: p0, to: p1, amount: F.tokens(1), memo: "a")
        for (context, other) in [
            ("another amount", try Transfer(id: try F.id(1), .post(debit: p0, credit: p1, amount: F.tokens(2)), memo: "a")),
            ("another memo", try Transfer(id: try F.id(1), .post(debit: p0, credit: p1, amount: F.tokens(1)), memo: "b")),
            ("other accounts", try Transfer(id: try F.id(1), .post(debit: p1, credit: p0, amount: F.tokens(1)), memo: "a")),
            ("a hold", try Transfer(id: try F.id(1), .hold(debit: p0, credit: p1, amount: F.tokens(1)), memo: "a")),
        ] {
            try await expectError(LedgerError.idReused(try F.id(1)), "same id, \(context)") { try await store.submit(other) }
        }
        try await expectError(LedgerError.unknownHold(try F.id(99)), "post a hold that does not exist") {
            try await store.postHold(id: try F.id(2), hold: try F.id(99))
        }
        try await expectError(LedgerError.unknownHold(first.entry.id), "void a posting, not a hold") {
            try await store.voidHold(id: try F.id(2), hold: first.entry.id)
        }
        try await store.hold(id: try F.id(3), from: p0, to: p1, amount: F.tokens(4))
        try await expectError(LedgerError.exceedsHold(hold: try F.id(3), held: F.tokens(4), requested: Amount(microUnits: 4_000_001)),
                              "post more than the hold") {
            try await store.postHold(id: try F.id(4), hold: try F.id(3), amount: Amount(microUnits: 4_000_001))
        }
        try await store.voidHold(id: try F.id(4), hold: try F.id(3))
        try await expectError(LedgerError.alreadyResolved(hold: try F.id(3), by: try F.id(4)), "void twice") {
            try await store.voidHold(id: try F.id(5), hold: try F.id(3))
        }
        try await expectError(LedgerError.idReused(try F.id(4)), "a resolution's id with another body") {
            try await store.postHold(id: try F.id(4), hold: try F.id(3))
        }
        // The world's posted debits are a running sum (20 tokens deposited so far): taking it to
        // Int64.max - 1 token leaves the ledger's totals within Int64; 2 tokens more overflow it.
        try await store.post(id: try F.id(6), from: .world, to: .bank, amount: Amount(microUnits: .max - 21_000_000))
        try await expectError(LedgerError.overflow(.world), "a running sum past Int64") {
            try await store.post(id: try F.id(7), from: .world, to: p0, amount: F.tokens(2))
        }
        try await expectError(InputError(field: "limit", value: "0", expected: "1...1000 items"), "a page of no entries") {
            _ = try await store.entries(of: p0, before: nil, limit: 0)
        }
    }

    static func journalPages(_ store: any LedgerStore) async throws {
        try await F.fund(store, participants: 3, deposit: 100)
        let (p0, p1, p2) = (try F.participant(0), try F.participant(1), try F.participant(2))
        var expected: [TransferID] = []
        for n in 1...24 as ClosedRange<UInt64> {
            let id = try F.id(n)
            if n % 3 == 0 {
                try await store.post(id: id, from: p1, to: p2, amount: F.tokens(1))  // not p0's
            } else {
                try await store.post(id: id, from: n % 2 == 0 ? p0 : p1, to: n % 2 == 0 ? p1 : p0, amount: F.tokens(1))
                expected.append(id)
            }
        }
        expected.append(try F.id(1, 0xDE9051))  // p0's deposit
        var read: [TransferID] = []
        var cursor: JournalCursor? = nil
        var pages = 0
        repeat {
            let page = try await store.entries(of: p0, before: cursor, limit: 5)
            try expect(page.entries.allSatisfy { $0.debit == p0 || $0.credit == p0 }, "a page holds only the account's entries")
            try expect(zip(page.entries, page.entries.dropFirst()).allSatisfy { $0.sequence > $1.sequence }, "a page is newest first")
            read += page.entries.map(\.id)
            cursor = page.next
            pages += 1
        } while cursor != nil && pages < 10
        try expect(pages == 4 && read.count == 17, "17 entries in pages of 5: \(pages) pages, \(read.count) entries")
        try expect(Set(read) == Set(expected) && read.first == (try F.id(23)) && read.last == (try F.id(1, 0xDE9051)),
                   "pages read the account's whole journal, newest first")
        let latest = try await store.entries(of: p2, limit: 100)
        try expect(latest.next == nil && latest.entries.count == 9, "a last page has no cursor: \(latest.entries.count)")
    }
}
