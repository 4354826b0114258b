import Ledger
import SurplusCore

/// A seeded random workload: deposits, transfers, holds and their resolutions, withdrawals,
/// replays, reused ids and unknown accounts, alone or in batches, some bound to fail. Each batch
/// goes to the store under test and to a reference ``LedgerBook``; results must be equal, and
/// every invariant holds after every batch.
struct Workload {
    let seed: UInt64
    var operations = 120

    /// A batch the store posted, with its receipts.
    struct Posted {
        let batch: [Transfer]
        let receipts: [Receipt]
    }

    /// Runs the workload; returns the batches that were posted.
    @discardableResult
    func run(on store: any LedgerStore) async throws -> [Posted] {
        var random = RandomStream(seed: seed, stream: 0x1ED6E5)
        var reference = LedgerBook()
        let participants = try (0..<5).map { try Fixture.participant($0) }
        for (k, id) in participants.enumerated() {
            let account = Account(participant: id, limit: k == 3 ? try BalanceLimit(creditLine: Fixture.tokens(20)) : .noCredit)
            _ = try reference.createAccount(account)
            try await store.createAccount(account)
        }
        var holds: [TransferID] = []
        var submitted: [[Transfer]] = []
        var posted: [Posted] = []
        for step in 0..<operations {
            let size = random.nextUnit() < 0.3 ? 2 + random.nextIndex(below: 3) : 1
            var batch: [Transfer] = []
            if random.nextUnit() < 0.07, let earlier = submitted.randomElement(using: &random) {
                batch = earlier  // a replay, of a batch that was posted or refused
            } else {
                for _ in 0..<size { batch.append(try nextTransfer(&random, participants, holds, submitted)) }
            }
            submitted.append(batch)
            let context = "seed \(seed), step \(step), batch \(batch.map { "\($0.id.low % 100_000): \($0.action)" })"
            let expected = Result { try reference.submit(batch) }
            let actual = await Result { try await store.submit(batch) }
            switch (expected, actual) {
            case let (.success(a), .success(b)):
                try expect(a.map(EntryBody.init) == b.map(EntryBody.init), "\(context): receipts \(b), the reference gives \(a)")
                holds += a.filter { !$0.replayed && $0.entry.kind == .held }.map(\.entry.id)
                posted.append(Posted(batch: batch, receipts: b))
            case let (.failure(a), .failure(b)):
                try expect("\(a)" == "\(b)", "\(context): error '\(b)', the reference gives '\(a)'")
            case let (.success(a), .failure(b)):
                throw ConformanceFailure("\(context): error '\(b)', the reference posts \(a)")
            case let (.failure(a), .success(b)):
                throw ConformanceFailure("\(context): posted \(b), the reference refuses with '\(a)'")
            }
            let snapshot = try await store.snapshot()
            do {
                try LedgerInvariants.check(snapshot, totals: try await store.totals())
            } catch {
                throw ConformanceFailure("\(context): \(error)")
            }
            let expectedSnapshot = reference.snapshot
            try expect(snapshot.accounts == expectedSnapshot.accounts
                       && snapshot.journal.map(EntryBody.init) == expectedSnapshot.journal.map(EntryBody.init),
                       "\(context): the store's accounts or journal differ from the reference's")
        }
        try expect(posted.count > operations / 3 && posted.count < operations, "seed \(seed): \(posted.count) of \(operations) batches posted: too few or no failures")
        return posted
    }

    private func nextTransfer(_ random: inout RandomStream, _ participants: [AccountID], _ holds: [TransferID],
                              _ submitted: [[Transfer]]) throws -> Transfer {
        func pick() -> AccountID { participants[random.nextIndex(below: participants.count)] }
        func pair() -> (AccountID, AccountID) {
            let a = random.nextIndex(below: participants.count)
            return (participants[a], participants[(a + 1 + random.nextIndex(below: participants.count - 1)) % participants.count])
        }
        // Amounts from a micro-unit to 40 tokens, often round.
        func amount() -> Amount {
            let tokens = Int64(1 + random.nextIndex(below: 40))
            return random.nextUnit() < 0.5 ? Fixture.tokens(tokens) : Amount(microUnits: Int64(1 + random.nextIndex(below: Int(tokens) * 1_000_000)))
        }
        let id = TransferID.random(using: &random)
        let r = random.nextUnit()
        switch r {
        case ..<0.22: return try Transfer(id: id, .post(debit: .world, credit: pick(), amount: amount()), memo: "deposit")
        case ..<0.45:
            let (a, b) = pair()
            return try Transfer(id: id, .post(debit: a, credit: b, amount: amount()))
        case ..<0.60:
            let (a, b) = pair()
            return try Transfer(id: id, .hold(debit: a, credit: b, amount: amount()), memo: "bid")
        case ..<0.73 where !holds.isEmpty:
            let hold = holds[random.nextIndex(below: holds.count)]
            return try Transfer(id: id, .postHold(hold, amount: random.nextUnit() < 0.4 ? nil : amount()), memo: "settle")
        case ..<0.82 where !holds.isEmpty:
            return try Transfer(id: id, .voidHold(holds[random.nextIndex(below: holds.count)]), memo: "cancel")
        case ..<0.88: return try Transfer(id: id, .post(debit: pick(), credit: .world, amount: amount()), memo: "withdrawal")
        case ..<0.94:
            // The id of the last batch's first transfer, with another body.
            let reused = submitted.last?.first?.id ?? id
            return try Transfer(id: reused, .post(debit: .world, credit: pick(), amount: amount()), memo: "reused")
        case ..<0.97: return try Transfer(id: id, .post(debit: .world, credit: try AccountID("nobody"), amount: amount()))
        default: return try Transfer(id: id, .postHold(TransferID.random(using: &random), amount: nil))
        }
    }
}

/// A journal entry without its sequence number, which stores may number with gaps (a refused
/// batch may use up numbers), plus whether it was replayed.
struct EntryBody: Equatable, CustomStringConvertible {
    let id: TransferID, kind: JournalEntry.Kind, debit: AccountID, credit: AccountID, amount: Amount, hold: TransferID?, memo: String
    let replayed: Bool

    init(_ entry: JournalEntry) { self.init(entry, replayed: false) }
    init(_ receipt: Receipt) { self.init(receipt.entry, replayed: receipt.replayed) }

    private init(_ e: JournalEntry, replayed: Bool) {
        (id, kind, debit, credit, amount, hold, memo) = (e.id, e.kind, e.debit, e.credit, e.amount, e.hold, e.memo)
        self.replayed = replayed
    }

    var description: String { "\(id) \(kind) \(debit)->\(credit) \(amount)\(replayed ? " (replayed)" : "")" }
}

extension Result where Failure == any Error {
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
