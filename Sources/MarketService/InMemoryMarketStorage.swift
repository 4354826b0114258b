import Foundation
import Ledger
import LiveMarkets

/// The reference ``MarketStorage``: everything in one actor, the ledger a `LedgerBook`, so a
/// commit (rows, command, postings, idempotency record) is applied whole or not at all.
/// Nothing survives the process. It is also the ``MarketStorage/ledger`` it posts to.
public actor InMemoryMarketStorage: MarketStorage, LedgerStore {
    private var book = LedgerBook()
    private var participantRows: [StoredParticipant] = []
    private var marketRows: [StoredMarket] = []
    private var commandsByMarket: [MarketID: [StoredCommand]] = [:]
    private var records: [IdempotencyScope: IdempotencyRecord] = [:]

    public init() {}

    public nonisolated var ledger: any LedgerStore { self }

    public func load() -> StoredWorld {
        StoredWorld(participants: participantRows, markets: marketRows,
                    commands: commandsByMarket.keys.sorted().flatMap { commandsByMarket[$0] ?? [] })
    }

    public func participants(after number: Int) -> [StoredParticipant] { participantRows.filter { $0.number > number } }
    public func markets(after number: Int) -> [StoredMarket] { marketRows.filter { $0.number > number } }

    public func commands(of market: MarketID, after sequence: Int) -> [StoredCommand] {
        (commandsByMarket[market] ?? []).filter { $0.sequence > sequence }
    }

    public func idempotencyRecord(_ scope: IdempotencyScope) -> IdempotencyRecord? { records[scope] }

    public func commit<Payload: Sendable>(_ plan: CommitPlan<Payload>) throws -> CommitResult<Payload> {
        if let record = records[plan.scope] { return .replay(record) }
        let caughtUp = plan.market.map { commands(of: $0, after: plan.knownSequence) } ?? []
        let number: Int? = switch plan.allocation {
        case .participant?: (participantRows.last?.number ?? 0) + 1
        case .market?: (marketRows.last?.number ?? 0) + 1
        case nil: nil
        }
        var accounts: [AccountID: AccountState] = [:]
        for id in try plan.accountsToRead(caughtUp) { accounts[id] = try book.account(id) }
        let (effects, payload) = try plan.decide(CommitContext(caughtUp: caughtUp, accounts: accounts, allocatedNumber: number))

        // What can fail first (the postings, all or nothing); then what cannot.
        var sequence: Int?
        var appended: StoredCommand?
        if let body = effects.command, let market = plan.market {
            let s = plan.knownSequence + caughtUp.count + 1
            guard (commandsByMarket[market]?.last?.sequence ?? 0) == s - 1 else { throw StorageConflict(market: market, sequence: s) }
            sequence = s
            appended = StoredCommand(market: market, sequence: s, body: body)
        }
        let account = try effects.participant.map { Account(participant: try $0.id) }
        let batches = effects.postingBatches
        if batches.count == 1 {
            _ = try book.submit(batches[0])
        } else if batches.count > 1 {
            var posted = book  // every batch or none, as in a store's transaction
            for batch in batches { _ = try posted.submit(batch) }
            book = posted
        }
        if let account { _ = try book.createAccount(account) }  // a new id: it cannot exist
        if let participant = effects.participant { participantRows.append(participant) }
        if let market = effects.market { marketRows.append(market) }
        if let appended { commandsByMarket[appended.market, default: []].append(appended) }
        records[plan.scope] = IdempotencyRecord(scope: plan.scope, fingerprint: plan.fingerprint, status: effects.status, body: effects.body)
        return .committed(caughtUp: caughtUp, sequence: sequence, payload: payload)
    }

    // MARK: LedgerStore

    @discardableResult
    public func createAccount(_ account: Account) throws -> Account { try book.createAccount(account) }
    @discardableResult
    public func submit(_ batch: [Transfer]) throws -> [Receipt] { try book.submit(batch) }
    public func account(_ id: AccountID) throws -> AccountState { try book.account(id) }
    public func entries(of account: AccountID, before: JournalCursor?, limit: Int) throws -> JournalPage {
        try book.entries(of: account, before: before, limit: limit)
    }
    public func totals() throws -> LedgerTotals { try book.totals() }
    public func snapshot() -> LedgerSnapshot { book.snapshot }
}

/// A command's sequence was taken by another writer (a store's unique constraint on
/// (market, sequence)): the commit changed nothing; the service retries after catching up.
public struct StorageConflict: Error, Hashable, Sendable, CustomStringConvertible {
    public let market: MarketID
    public let sequence: Int

    public init(market: MarketID, sequence: Int) {
        self.market = market
        self.sequence = sequence
    }

    public var description: String { "market \(market): command \(sequence) was committed by another writer" }
}
