import Foundation
import Ledger
import ProgressiveAuction
import SurplusCore
import Testing

@testable import LiveMarkets

/// Example 1 of papers 001/002 with the ISP of `Scenarios/data-exchange-example.json` (p^kappa = 3).
private func exampleScenario() throws -> ExchangeScenario {
    let market = try ExchangeMarket.exampleOne(epsilon: 0.01, ispPrice: 3.0)
    return ExchangeScenario(epsilon: market.epsilon, ispPrice: market.ispPrice, sellers: market.sellers, buyers: market.buyers)
}

/// The example's orders as commands, in the given order of participants.
private func commands(_ scenario: ExchangeScenario, order: [String]) throws -> [ExchangeCommand] {
    try order.map { id in
        if let seller = scenario.sellers.first(where: { $0.id == id }) {
            return .offer(seller: try account(id), quantity: seller.quantity)
        }
        let buyer = try #require(scenario.buyers.first { $0.id == id })
        return .bid(buyer: try account(id), demand: buyer.demand, unitPrice: buyer.unitPrice)
    }
}

/// Enters `commands`, then closes rounds until the session settles; every batch goes to the
/// ledger and its invariants are checked after each one.
private func runLive(_ scenario: ExchangeScenario, _ commands: [ExchangeCommand], ledger: inout LedgerHarness)
    async throws -> ExchangeSession
{
    var ids = CommandIDs()
    let rules = try ExchangeRules(epsilon: scenario.epsilon, ispPrice: scenario.ispPrice)
    var session = ExchangeSession(market: try MarketID("example-1"), rules: rules)
    try await ledger.open((scenario.sellers.map(\.id) + scenario.buyers.map(\.id)).map(account), tokens: 200)
    for command in commands { try await ledger.submit(try session.apply(command, id: ids())) }
    while session.rounds.last?.settled != true {
        try #require(session.rounds.count < 50, "the session did not settle in 50 rounds")
        try await ledger.submit(try session.apply(.closeRound, id: ids()))
    }
    return session
}

@Suite("Exchange session")
struct ExchangeSessionTests {
    @Test("live equals offline: Example 1 entered as commands settles as ExchangeScenario.settle",
          arguments: [["S1", "S2", "A", "B", "C", "D", "E"], ["E", "S2", "C", "A", "S1", "D", "B"]])
    func liveEqualsOffline(order: [String]) async throws {
        let scenario = try exampleScenario()
        let offline = try scenario.settle()
        var ledger = LedgerHarness()
        let session = try await runLive(scenario, try commands(scenario, order: order), ledger: &ledger)
        let last = try #require(session.rounds.last)

        #expect(session.rounds.count == offline.rounds)
        #expect(last.summary == offline, "the engine's whole summary: trades, reserves, unmet demand, rounds")
        #expect(last.trades.count == offline.trades.count)
        for (live, trade) in zip(last.trades, offline.trades) {
            #expect(live.buyer.rawValue == trade.buyer)
            let seller = trade.seller == ExchangeMarket.ispID ? "isp" : trade.seller
            let payment = try MoneyRounding.payment(trade.payment, field: "payment")
            #expect(live.seller.rawValue == seller)
            #expect(live.quantity == trade.quantity && live.unitPrice == trade.unitPrice)
            #expect(live.payment == payment)
        }
        // The ledger moved exactly the trades' payments; every hold is released.
        for buyer in scenario.buyers {
            let paid = last.trades.filter { $0.buyer.rawValue == buyer.id }.reduce(Int64(0)) { $0 + $1.payment.microUnits }
            #expect(try await ledger.balance(account(buyer.id)).microUnits == 200_000_000 - paid, "buyer \(buyer.id)")
            #expect(try await ledger.held(account(buyer.id)) == .zero)
        }
        for seller in scenario.sellers {
            let sold = last.trades.filter { $0.seller.rawValue == seller.id }.reduce(Int64(0)) { $0 + $1.payment.microUnits }
            #expect(sold > 0)
            #expect(try await ledger.balance(account(seller.id)).microUnits == 200_000_000 + sold)
        }
        #expect(session.orders.isEmpty && session.session == 2)
    }

    @Test("the order of submission changes no round hash and no trade")
    func submissionOrderDoesNotMatter() async throws {
        let scenario = try exampleScenario()
        var first = LedgerHarness(), second = LedgerHarness()
        let a = try await runLive(scenario, try commands(scenario, order: ["S1", "S2", "A", "B", "C", "D", "E"]), ledger: &first)
        let b = try await runLive(scenario, try commands(scenario, order: ["D", "B", "S2", "E", "A", "S1", "C"]), ledger: &second)
        #expect(a.rounds.map(\.inputHash) == b.rounds.map(\.inputHash))
        #expect(a.rounds.last?.trades == b.rounds.last?.trades)
        #expect(Set(a.rounds.map(\.inputHash)).count == a.rounds.count, "each round's hash differs (it includes t)")
    }

    @Test("a bid holds what it may pay; replacing re-holds; cancelling releases")
    func holds() async throws {
        var ledger = LedgerHarness()
        var ids = CommandIDs()
        var session = ExchangeSession(market: try MarketID("m"), rules: try ExchangeRules(epsilon: 0.01, ispPrice: 1.5))
        let buyer = try account("buyer")
        try await ledger.open([buyer], tokens: 100)
        let bid = try session.apply(.bid(buyer: buyer, demand: 10, unitPrice: 2), id: ids())
        try await ledger.submit(bid)
        #expect(try await ledger.held(buyer) == Amount(microUnits: 15_000_000), "10 units at min(2, p^kappa = 1.5)")
        let order = try #require(bid.order)
        try await ledger.submit(try session.apply(.replaceBid(order, participant: buyer, demand: 4, unitPrice: 1), id: ids()))
        #expect(try await ledger.held(buyer) == Amount(microUnits: 4_000_000))
        try await ledger.submit(try session.apply(.cancel(order, participant: buyer), id: ids()))
        #expect(try await ledger.held(buyer) == .zero)
        #expect(try await ledger.balance(buyer) == Amount(microUnits: 100_000_000))
        #expect(session.orders.isEmpty)
    }

    @Test("a bid beyond the buyer's funds is refused by the ledger, posting nothing")
    func bidBeyondFunds() async throws {
        var ledger = LedgerHarness()
        var session = ExchangeSession(market: try MarketID("m"), rules: try ExchangeRules(epsilon: 0.01))
        let buyer = try account("poor")
        try await ledger.open([buyer], tokens: 1)
        let outcome = try session.apply(.bid(buyer: buyer, demand: 10, unitPrice: 2), id: try CommandID("b"))
        await #expect(throws: LedgerError.self) { try await ledger.submit(outcome) }
        #expect(try await ledger.held(buyer) == .zero)
        try await ledger.ledger.checkInvariants()
    }

    @Test("replaying a command of the last two rounds by its id changes nothing; older ids are forgotten; the id with another command is refused")
    func idempotentReplay() async throws {
        var ledger = LedgerHarness()
        var ids = CommandIDs()
        let scenario = try exampleScenario()
        var session = ExchangeSession(market: try MarketID("m"), rules: try ExchangeRules(epsilon: 0.01, ispPrice: 3))
        try await ledger.open((scenario.sellers.map(\.id) + scenario.buyers.map(\.id)).map(account), tokens: 200)
        var sent: [(ExchangeCommand, CommandID, CommandOutcome)] = []
        let orders = try commands(scenario, order: ["S1", "S2", "A", "B", "C", "D", "E"])
        while session.rounds.last?.settled != true && sent.count < orders.count + 50 {
            let command = sent.count < orders.count ? orders[sent.count] : .closeRound
            let id = try ids()
            let outcome = try session.apply(command, id: id)
            try await ledger.submit(outcome)
            sent.append((command, id, outcome))
        }
        #expect(session.rounds.last?.settled == true)
        let rounds = session.rounds, open = session.orders
        let before = await ledger.ledger.snapshot()
        // The log holds the commands from the second-to-last close on.
        let closes = sent.indices.filter { sent[$0].0.closesRound }
        #expect(closes.count >= 2)
        let window = closes[closes.count - 2]
        for (command, id, first) in sent[window...] {
            let again = try session.apply(command, id: id)
            #expect(again.replayed && again.events == first.events && again.postings == first.postings)
            try await ledger.submit(again)
        }
        #expect(session.rounds == rounds && session.orders == open)
        try LedgerInvariants.replayChangedNothing(before: before, after: await ledger.ledger.snapshot())
        // S1's offer, two closes back, is forgotten: sent again, it is a new order of the next session.
        let forgotten = try session.apply(sent[0].0, id: sent[0].1)
        #expect(!forgotten.replayed && session.orders.count == open.count + 1)
        #expect(throws: LiveMarketError.commandIDReused(sent[0].1)) {
            try session.apply(.offer(seller: try account("S9"), quantity: 1), id: sent[0].1)
        }
    }

    @Test("a round with no seller or no buyer records its hash and settles nothing")
    func emptyRound() throws {
        var session = ExchangeSession(market: try MarketID("m"), rules: try ExchangeRules(epsilon: 0.01))
        _ = try session.apply(.offer(seller: try account("S"), quantity: 5), id: try CommandID("o"))
        let outcome = try session.apply(.closeRound, id: try CommandID("c"))
        let record = try #require(session.rounds.last)
        #expect(!record.settled && record.books == nil && record.inputHash.count == 64)
        #expect(outcome.postings.isEmpty && outcome.events.contains(.roundClosed(round: 1, inputHash: record.inputHash)))
        #expect(session.orders.count == 1)
    }
}
