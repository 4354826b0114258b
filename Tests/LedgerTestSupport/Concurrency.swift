import Ledger
import SurplusCore

extension Checks {
    typealias Fx = Fixture

    static func replay(_ store: any LedgerStore) async throws {
        let posted = try await Workload(seed: 99, operations: 80).run(on: store)
        let before = try await store.snapshot()
        for (k, first) in posted.enumerated() {
            let again = try await store.submit(first.batch)
            try expect(again == first.receipts.map { Receipt(entry: $0.entry, replayed: true) },
                       "replaying posted batch \(k) returns its first receipts, replayed: \(again) vs \(first.receipts)")
        }
        try LedgerInvariants.replayChangedNothing(before: before, after: try await store.snapshot())
    }

    static func concurrentSameIDs(_ store: any LedgerStore) async throws {
        try await Fx.fund(store, participants: 4, deposit: 100)
        let participants = try (0..<4).map { try Fx.participant($0) }
        // 48 transfers that succeed in any order: 1 token at most 12 times from each account of 100.
        var transfers: [Transfer] = []
        for n in 0..<48 {
            let debit: AccountID = n % 3 == 0 ? .world : participants[n % 4]
            transfers.append(try Transfer(id: try Fx.id(UInt64(n) + 1), .post(debit: debit, credit: participants[(n + 1) % 4], amount: Fx.tokens(1))))
        }
        let writers = 6
        let batchOfAll = transfers
        let results: [Receipt] = try await withThrowingTaskGroup(of: [Receipt].self) { group in
            for writer in 0..<writers {
                group.addTask {
                    var random = RandomStream(seed: UInt64(writer), stream: 0xC0C0)
                    var order = batchOfAll
                    order.shuffle(using: &random)
                    var receipts: [Receipt] = []
                    var start = 0
                    while start < order.count {  // batches of 1 to 3
                        let end = min(order.count, start + 1 + random.nextIndex(below: 3))
                        receipts += try await store.submit(Array(order[start..<end]))
                        start = end
                    }
                    return receipts
                }
            }
            return try await group.reduce(into: [Receipt]()) { $0 += $1 }
        }
        let byID = Dictionary(grouping: results) { (receipt: Receipt) in receipt.entry.id }
        for transfer in transfers {
            let receipts = byID[transfer.id] ?? []
            try expect(receipts.count == writers, "each writer got a receipt for \(transfer.id)")
            try expect(receipts.filter { !$0.replayed }.count == 1, "\(transfer.id) posted by exactly one writer: \(receipts)")
            try expect(Set(receipts.map { $0.entry }).count == 1, "every writer got the first entry of \(transfer.id): \(receipts)")
        }
        let journal = try await store.snapshot().journal
        try expect(journal.count == 4 + transfers.count, "the journal holds each transfer once: \(journal.count) entries")
        let totals = try await store.totals()
        try expect(totals.deposited == Fx.tokens(400 + 16) && totals.participantBalances == Fx.tokens(416), "totals: \(totals)")
    }

    static func concurrentBank(_ store: any LedgerStore) async throws {
        let count = 5
        try await Fx.fund(store, participants: count, deposit: 100)
        let participants = try (0..<count).map { try Fx.participant($0) }
        let total = Fx.tokens(Int64(100 * count))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<4 {
                group.addTask {
                    var random = RandomStream(seed: UInt64(writer), stream: 0xBA4C)
                    for n in 0..<50 {
                        let a = random.nextIndex(below: count), b = (a + 1 + random.nextIndex(below: count - 1)) % count
                        let amount = Fx.tokens(Int64(1 + random.nextIndex(below: 60)))
                        let id = try Fx.id(UInt64(n), 0xBA4C_0000 + UInt64(writer))
                        do {
                            if n % 5 == 4 {  // a hold, posted in part
                                try await store.hold(id: id, from: participants[a], to: participants[b], amount: amount)
                                try await store.postHold(id: try Fx.id(UInt64(n), 0xB0B0_0000 + UInt64(writer)), hold: id,
                                                         amount: Amount(microUnits: amount.microUnits / 2))
                            } else {
                                try await store.post(id: id, from: participants[a], to: participants[b], amount: amount)
                            }
                        } catch LedgerError.insufficientFunds {
                            continue  // expected when the account is short; anything else fails the check
                        }
                    }
                }
            }
            group.addTask {
                for read in 0..<40 {
                    let totals = try await store.totals()
                    try expect(totals.participantBalances == total && totals.balanced,
                               "read \(read) during the transfers: \(totals), the participants hold \(total)")
                    if read % 8 == 0 { try LedgerInvariants.withinLimits(try await store.snapshot().accounts) }
                    await Task.yield()
                }
            }
            try await group.waitForAll()
        }
        let balances = try await participants.asyncMap { try await store.account($0) }
        try expect(balances.reduce(0) { $0 + $1.balance.microUnits } == total.microUnits && balances.allSatisfy(\.isWithinLimit),
                   "after the transfers: \(balances)")
    }
}

extension Sequence {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }
}
