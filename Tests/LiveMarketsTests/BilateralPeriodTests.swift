import BilateralMarket
import Foundation
import Ledger
import SurplusCore
import Testing

@testable import LiveMarkets

/// Scripted participants: servers s1-s5, clients c1-c8 with budgets from 0 to 9 tokens; odd
/// clients bid k, even ones bid 0 except c2 and c8.
private let servers = ["s1", "s2", "s3", "s4", "s5"]
private let clients = ["c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8"]
private let budgetTokens: [String: Int64] = [
    "c1": 0, "c2": 2, "c3": 4, "c4": 6, "c5": 7, "c6": 9, "c7": 1, "c8": 5,
    "s1": 0, "s2": 3, "s3": 1, "s4": 10, "s5": 2,
]
private func bidsK(_ client: String) -> Bool { ["c1", "c2", "c3", "c5", "c7", "c8"].contains(client) }

@Suite("Bilateral period")
struct BilateralPeriodTests {
    @Test("live equals the module: the period pairs and settles as RandomMatching and eq. (1) do",
          arguments: CreditModel.allCases, [UInt64(1), 42])
    func liveEqualsModule(model: CreditModel, seed: UInt64) async throws {
        let parameters = try MarketParameters(model: model)  // Sec. V-B: k = 7, s = 8, c_serve = 6, alpha = 1.1
        var period = BilateralMarketPeriod(market: try MarketID("solar"), rules: BilateralRules(parameters: parameters, seed: seed))
        let ledger = LedgerHarness()
        var ids = CommandIDs()
        for id in servers + clients {
            try await ledger.ledger.createAccount(Account(participant: try account(id)))
            if let tokens = budgetTokens[id], tokens > 0 {
                try await ledger.ledger.post(id: .random(), from: .world, to: try account(id), amount: Amount(tokens: tokens)!)
            }
        }
        // Submitted in a scrambled order: the matching sorts by participant id.
        for id in ["c5", "s3", "c1", "s5", "c8", "c2", "s1", "c7", "s4", "c3", "c6", "s2", "c4"] {
            let command: BilateralCommand =
                servers.contains(id) ? .offer(server: try account(id)) : .bid(client: try account(id), .price(bidsK(id) ? 7 : 0))
            try await ledger.submit(try period.apply(command, id: ids()))
        }
        var budgets: [AccountID: Amount] = [:]
        for id in servers + clients { budgets[try account(id)] = try await ledger.available(account(id)) }
        try await ledger.submit(try period.apply(.closePeriod(budgets: budgets), id: ids()))
        let record = try #require(period.periods.last)

        // What the module computes for the same submissions.
        var rng = BilateralMarketPeriod.matchingStream(seed: seed, period: 1)
        let pairs = RandomMatching.pairs(clients: clients.count, servers: servers.count, using: &rng)
        #expect(record.pairs.map(\.client.rawValue) == pairs.map { clients[$0.client] })
        #expect(record.pairs.map(\.server.rawValue) == pairs.map { servers[$0.server] })
        var expectedTrades = 0
        for (k, pair) in pairs.enumerated() {
            let client = clients[pair.client], server = servers[pair.server]
            let b = Double(budgetTokens[client]!), bServer = Double(budgetTokens[server]!)
            let trades = try bidsK(client) && parameters.canBid(budget: b)
            #expect(record.pairs[k].traded == trades, "\(client) with \(server)")
            // Budgets after the period are eq. (1)'s, to the micro-unit (the interest's rounding).
            var after: PairTrade?
            if trades { after = try parameters.trade(clientBudget: b, serverBudget: bServer) }
            let clientBudget = try await ledger.balance(account(client)), serverBudget = try await ledger.balance(account(server))
            #expect(abs(BilateralMarketPeriod.tokens(clientBudget) - (after?.clientBudget ?? b)) <= 1e-6, "\(model) client \(client)")
            #expect(abs(BilateralMarketPeriod.tokens(serverBudget) - (after?.serverBudget ?? bServer)) <= 1e-6, "\(model) server \(server)")
            if trades { expectedTrades += 1 }
        }
        #expect(record.trades.count == expectedTrades)
        #expect(record.unmatchedClients.count == clients.count - servers.count)
        // In `hard` nobody borrows; in `bank` the bank earns the interest; in `loan` it stays in the market.
        let bank = try await ledger.balance(.bank)
        let interest = record.pairs.reduce(Int64(0)) { $0 + $1.interest.microUnits }
        switch model {
        case .hard: #expect(bank == .zero && interest == 0)
        case .bank: #expect(bank.microUnits == interest)
        case .loan: #expect(bank == .zero)
        }
        #expect(period.orders.isEmpty && period.currentPeriod == 2)
    }

    @Test("the same submissions and seed give the same pairs and hash; another seed other pairs")
    func deterministic() throws {
        func close(seed: UInt64, order: [String]) throws -> BilateralPeriodRecord {
            var period = BilateralMarketPeriod(market: try MarketID("m"), rules: BilateralRules(parameters: try MarketParameters(), seed: seed))
            var ids = CommandIDs()
            for id in order {
                _ = try period.apply(servers.contains(id) ? .offer(server: try account(id)) : .bid(client: try account(id), .price(7)), id: ids())
            }
            let budgets = Dictionary(uniqueKeysWithValues: try order.map { (try account($0), Amount(tokens: 5)!) })
            _ = try period.apply(.closePeriod(budgets: budgets), id: ids())
            return try #require(period.periods.last)
        }
        let everyone = servers + clients
        let a = try close(seed: 7, order: everyone), b = try close(seed: 7, order: everyone.reversed())
        #expect(a == b)
        let others = try (8..<14).map { try close(seed: UInt64($0), order: everyone) }
        #expect(others.contains { $0.pairs.map(\.server) != a.pairs.map(\.server) || $0.pairs.map(\.client) != a.pairs.map(\.client) })
        #expect(others.allSatisfy { $0.inputHash != a.inputHash })
    }

    @Test("a bid holds min(k, funds) until the period settles; the budgets still move by eq. (1)", arguments: CreditModel.allCases)
    func holds(model: CreditModel) async throws {
        let parameters = try MarketParameters(model: model)  // k = 7
        var period = BilateralMarketPeriod(market: try MarketID("m"), rules: BilateralRules(parameters: parameters, seed: 9))
        var ledger = LedgerHarness()
        var ids = CommandIDs()
        let server = try account("s"), poor = try account("poor"), rich = try account("rich")
        try await ledger.open([server], tokens: 1)
        try await ledger.open([poor], tokens: 3)
        try await ledger.open([rich], tokens: 20)
        try await ledger.submit(try period.apply(.offer(server: server), id: ids()))
        let bid = try period.apply(.bid(client: poor, .price(7), funds: try await ledger.available(poor)), id: ids())
        try await ledger.submit(bid)
        #expect(try await ledger.held(poor) == Amount(tokens: 3)!, "all it has: the rest of k is the loan")
        // Replaced by 0: the hold is released; by k again: held again.
        let order = try #require(bid.order)
        try await ledger.submit(try period.apply(.replaceBid(order, participant: poor, .price(0), funds: try await ledger.available(poor)), id: ids()))
        #expect(try await ledger.held(poor) == .zero)
        let funds = try await ledger.available(poor).adding(try await ledger.held(poor))
        try await ledger.submit(try period.apply(.replaceBid(order, participant: poor, .price(7), funds: funds), id: ids()))
        #expect(try await ledger.held(poor) == Amount(tokens: 3)!)
        // A second client, cancelled: its hold of k is released.
        let other = try period.apply(.bid(client: rich, .price(7), funds: try await ledger.available(rich)), id: ids())
        try await ledger.submit(other)
        #expect(try await ledger.held(rich) == Amount(tokens: 7)!)
        try await ledger.submit(try period.apply(.cancel(try #require(other.order), participant: rich), id: ids()))
        #expect(try await ledger.held(rich) == .zero)

        var budgets: [AccountID: Amount] = [:]
        for id in [server, poor] { budgets[id] = try await ledger.available(id) }
        try await ledger.submit(try period.apply(.closePeriod(budgets: budgets), id: ids()))
        let pair = try #require(period.periods.last?.pairs.first)
        let traded = try parameters.canBid(budget: 3)
        #expect(pair.traded == traded)
        let after = traded ? try parameters.trade(clientBudget: 3, serverBudget: 1) : nil
        #expect(abs(BilateralMarketPeriod.tokens(try await ledger.balance(poor)) - (after?.clientBudget ?? 3)) <= 1e-6)
        #expect(abs(BilateralMarketPeriod.tokens(try await ledger.balance(server)) - (after?.serverBudget ?? 1)) <= 1e-6)
        #expect(try await ledger.held(poor) == .zero, "the close released the hold")
    }

    @Test("an equilibrium bid follows the policy at the client's budget")
    func equilibriumBid() throws {
        let policy = try JSONDecoder().decode(ClientPolicy.self, from: Data(#"{"bidIntervals": [{"from": 3}]}"#.utf8))
        var period = BilateralMarketPeriod(
            market: try MarketID("m"), rules: BilateralRules(parameters: try MarketParameters(model: .bank), seed: 3, policy: policy))
        _ = try period.apply(.offer(server: try account("s")), id: try CommandID("1"))
        _ = try period.apply(.bid(client: try account("c"), .equilibrium), id: try CommandID("2"))
        _ = try period.apply(.closePeriod(budgets: [try account("s"): .zero, try account("c"): Amount(tokens: 2)!]), id: try CommandID("3"))
        #expect(period.periods.last?.pairs.first?.clientBid == 0, "budget 2 is below the policy's threshold 3")
        var rich = BilateralMarketPeriod(
            market: try MarketID("m"), rules: BilateralRules(parameters: try MarketParameters(model: .bank), seed: 3, policy: policy))
        _ = try rich.apply(.offer(server: try account("s")), id: try CommandID("1"))
        _ = try rich.apply(.bid(client: try account("c"), .equilibrium), id: try CommandID("2"))
        _ = try rich.apply(.closePeriod(budgets: [try account("s"): .zero, try account("c"): Amount(tokens: 4)!]), id: try CommandID("3"))
        #expect(rich.periods.last?.pairs.first?.clientBid == 7 && rich.periods.last?.pairs.first?.traded == true)
    }

    @Test("replaying a period's commands by id changes nothing")
    func idempotentReplay() async throws {
        var period = BilateralMarketPeriod(market: try MarketID("m"), rules: BilateralRules(parameters: try MarketParameters(model: .loan), seed: 5))
        var ledger = LedgerHarness()
        try await ledger.open([try account("s"), try account("c")], tokens: 5)
        let commands: [(BilateralCommand, CommandID)] = [
            (.offer(server: try account("s")), try CommandID("a")),
            (.bid(client: try account("c"), .price(7)), try CommandID("b")),
            (.closePeriod(budgets: [try account("s"): Amount(tokens: 5)!, try account("c"): Amount(tokens: 5)!]), try CommandID("c")),
        ]
        var firsts: [CommandOutcome] = []
        for (command, id) in commands {
            let outcome = try period.apply(command, id: id)
            try await ledger.submit(outcome)
            firsts.append(outcome)
        }
        #expect(period.periods.last?.trades.count == 1)
        let before = await ledger.ledger.snapshot(), periods = period.periods
        for ((command, id), first) in zip(commands, firsts) {
            let again = try period.apply(command, id: id)
            #expect(again.replayed && again.postings == first.postings)
            try await ledger.submit(again)
        }
        #expect(period.periods == periods && period.orders.isEmpty)
        try LedgerInvariants.replayChangedNothing(before: before, after: await ledger.ledger.snapshot())
    }
}
