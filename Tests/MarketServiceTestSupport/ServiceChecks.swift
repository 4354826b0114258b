import BilateralMarket
import Foundation
import Ledger
import LiveMarkets
import MarketService
import ProgressiveAuction
import SurplusCore

/// The checks of ``MarketStorageConformance``.
enum ServiceChecks {
    static func tokens(_ x: Double) -> Amount { Amount(microUnits: Int64((x * 1e6).rounded())) }

    // MARK: Participants and money

    static func participantsAndMoney(_ d: Driver) async throws {
        let alice = try await d.participant("alice")
        let bob = try await d.participant("bob")
        try check(alice.id.rawValue == "p1" && bob.id.rawValue == "p2", "ids p1, p2: got \(alice.id), \(bob.id)")
        try check(alice.apiKey.hasPrefix("sk_") && alice.apiKey.count == 67, "an API key is sk_ and 64 hex digits: \(alice.apiKey)")
        try check(try await d.service.authenticate(bearer: "Bearer \(alice.apiKey)") == .participant(alice.id), "alice's key")
        try check(try await d.service.authenticate(bearer: testAdminKey) == .admin, "the admin key")

        let deposited = try await d.deposit(alice.id, tokens: 100)
        try check(deposited.balance == Amount(tokens: 100)!, "balance after the deposit: \(deposited.balance)")
        let withdrawal = try await d.service.withdraw(body: json(["participant": "p1", "amount": "30.5"]), idempotencyKey: d.key(), by: .admin)
        try check(withdrawal.status == 201, "withdrawal status \(withdrawal.status)")
        try check(try withdrawal.decode(MoneyMovement.self).balance == tokens(69.5), "balance after the withdrawal")
        let transfer = try await d.service.transfer(body: json(["to": "p2", "amount": "19.5"]), idempotencyKey: d.key(), by: alice.principal)
        let moved = try transfer.decode(TransferView.self)
        try check(moved.from == alice.id && moved.to == bob.id && moved.amount == tokens(19.5), "the transfer \(moved)")

        let a = try await d.account(alice.id), b = try await d.service.account(of: "p2", by: bob.principal)
        try check(a.balance == tokens(50) && a.available == tokens(50) && a.held == .zero, "alice \(a)")
        try check(b.balance == tokens(19.5), "bob \(b)")

        let first = try await d.service.entries(of: "p1", before: nil, limit: "2", by: alice.principal)
        try check(first.entries.map(\.kind) == [.post, .post] && first.entries[0].memo == "transfer", "newest first: \(first.entries)")
        let cursor = try first.next.map { $0 } ?? { throw CheckFailure("a full page has a next cursor") }()
        let second = try await d.service.entries(of: "p1", before: cursor, limit: "2", by: .admin)
        try check(second.entries.count == 1 && second.entries[0].memo == "deposit" && second.next == nil, "the last page: \(second)")

        let totals = try await d.service.ledgerTotals(by: .admin)
        try check(totals.deposited == tokens(100) && totals.withdrawn == tokens(30.5) && totals.balanced, "totals \(totals)")
        try check(totals.participantBalances == tokens(69.5), "participants hold what was deposited minus withdrawn")
        let list = try await d.service.listParticipants(by: .admin)
        try check(list.participants.map(\.name) == ["alice", "bob"], "participants \(list)")
    }

    // MARK: Example 1 of papers 001/002

    /// Scenarios/data-exchange-example.json.
    static func exampleScenario() throws -> ExchangeScenario {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return try StrictJSON.decode(ExchangeScenario.self, from: Data(contentsOf: root.appendingPathComponent("Scenarios/data-exchange-example.json")))
    }

    /// The example's market with its sellers' offers and managed buyers' bids placed; the
    /// participants by the scenario's ids, each with 1000 tokens.
    static func enterExample(_ d: Driver, _ scenario: ExchangeScenario) async throws -> (MarketID, [String: Driver.Participant]) {
        let rules = try ExchangeRules(epsilon: scenario.epsilon, ispPrice: scenario.ispPrice)
        let market = try await d.market(CreateMarketRequest(name: "Example 1", parameters: .exchange(rules))).id
        var people: [String: Driver.Participant] = [:]
        for id in scenario.sellers.map(\.id) + scenario.buyers.map(\.id) { people[id] = try await d.participant(id, tokens: 1000) }
        for seller in scenario.sellers {
            let order = try await d.offer(market, people[seller.id]!, quantity: seller.quantity)
            try check(order.side == .offer && order.quantity == seller.quantity && order.state == .open, "offer \(order)")
        }
        for buyer in scenario.buyers {
            let bids = try buyer.bids.map { try manualBids($0, people) }
            let order = try await d.bid(market, people[buyer.id]!, BidRequest(
                demand: buyer.demand, unitPrice: buyer.unitPrice, strategy: bids == nil ? nil : .manual, bids: bids))
            let highest = max(buyer.unitPrice, buyer.bids?.map(\.unitPrice).max() ?? 0)
            let hold = try MoneyRounding.ceiling(buyer.demand * min(highest, scenario.ispPrice ?? .infinity), field: "hold")
            try check(order.held == hold && order.strategy == (bids == nil ? .managed : .manual) && order.bids == bids,
                      "bid \(order): holds \(hold)")
        }
        return (market, people)
    }

    /// A scenario's manual bids with the sellers' participant ids.
    static func manualBids(_ bids: [ExchangeBuyer.FixedBid], _ people: [String: Driver.Participant]) throws -> [ManualBid] {
        try bids.map { bid in
            guard let seller = people[bid.seller] else { throw CheckFailure("no participant \(bid.seller)") }
            return ManualBid(seller: seller.id, quantity: bid.quantity, unitPrice: bid.unitPrice)
        }
    }

    /// Closes rounds until the session settles; returns the settling round.
    static func settle(_ d: Driver, _ market: MarketID, maxRounds: Int = 500) async throws -> RoundView {
        for _ in 0..<maxRounds {
            let round = try await d.close(market)
            if round.settled { return round }
        }
        throw CheckFailure("the session did not settle in \(maxRounds) rounds")
    }

    /// The settled round's trades and the balances are those of `ExchangeScenario.settle`.
    static func checkExample(_ d: Driver, _ scenario: ExchangeScenario, _ round: RoundView, _ people: [String: Driver.Participant]) async throws {
        let expected = try scenario.settle()
        let name = Dictionary(uniqueKeysWithValues: people.map { ($0.value.id, $0.key) })
        try check(round.trades.count == expected.trades.count, "\(round.trades.count) trades, expected \(expected.trades.count)")
        var paid: [String: Int64] = [:]
        for (live, offline) in zip(round.trades, expected.trades) {
            let payment = try MoneyRounding.payment(offline.payment, field: "payment")
            let seller = offline.seller == ExchangeMarket.ispID ? "isp" : offline.seller
            try check(name[live.buyer] == offline.buyer && (name[live.seller] ?? live.seller.rawValue) == seller,
                      "trade \(live.id): \(live.buyer) from \(live.seller), expected \(offline.buyer) from \(offline.seller)")
            try check(live.quantity == offline.quantity && live.unitPrice == offline.unitPrice && live.payment == payment,
                      "trade \(live.id): \(live.quantity) at \(live.unitPrice) paying \(live.payment), expected \(offline)")
            paid[offline.buyer, default: 0] -= payment.microUnits
            paid[seller, default: 0] += payment.microUnits
        }
        for (id, participant) in people {
            let account = try await d.account(participant.id)
            try check(account.balance.microUnits == 1000 * 1_000_000 + (paid[id] ?? 0) && account.held == .zero,
                      "\(id): balance \(account.balance), held \(account.held)")
        }
    }

    static func exchangeExample(_ d: Driver) async throws {
        let scenario = try exampleScenario()
        let (market, people) = try await enterExample(d, scenario)
        let round = try await settle(d, market)
        try await checkExample(d, scenario, round, people)
        let view = try await d.service.market(market.rawValue)
        try check(view.openOrders == 0 && view.roundsClosed == round.number && view.round == round.number + 1, "after settling: \(view)")
        let trades = try await d.service.trades(market: market.rawValue, participant: nil, before: nil, limit: nil, by: .admin)
        try check(trades.trades.map(\.id) == round.trades.reversed().map(\.id), "trades newest first")
        let order = try await d.service.order("\(market)-o3", by: people["A"]!.principal)
        try check(order.state == .settled && order.held == .zero, "a settled bid \(order)")
    }

    /// Example 1 with buyer E manual: it bids 10 units at S1 at 2.5 and 4 at S2 at 1.1
    /// (its value is 2.2), one round closes, then it re-bids {bids} alone (S2: 14 at 3):
    /// the session restarts from t = 0 and settles as the scenario with the new bids.
    static func manualBuyer(_ d: Driver) async throws {
        var scenario = try exampleScenario()
        guard let e = scenario.buyers.firstIndex(where: { $0.id == "E" }) else { throw CheckFailure("no buyer E") }
        scenario.buyers[e].bids = [.init(seller: "S1", quantity: 10, unitPrice: 2.5), .init(seller: "S2", quantity: 4, unitPrice: 1.1)]
        let (market, people) = try await enterExample(d, scenario)
        guard let buyer = people["E"] else { throw CheckFailure("no participant E") }
        let first = try await d.close(market)
        try check(!first.settled, "the first round does not settle: \(first)")
        guard let order = try await openOrders(d, market, of: buyer).first else { throw CheckFailure("E has no open order") }
        let rebid = [ExchangeBuyer.FixedBid(seller: "S2", quantity: 14, unitPrice: 3)]
        scenario.buyers[e].bids = rebid
        let body = try JSONEncoder().encode(["bids": try manualBids(rebid, people)])
        let replaced = try await d.service.replaceOrder(order.id, body: body, idempotencyKey: d.key(), by: buyer.principal)
        let view = try JSONDecoder().decode(OrderView.self, from: replaced.body)
        try check(view.strategy == .manual && view.demand == 14 && view.unitPrice == 2.2 && view.bids?.count == 1,
                  "the re-bid keeps E's demand and value: \(view)")
        let round = try await settle(d, market)
        try await checkExample(d, scenario, round, people)
        try check(round.trades.contains { $0.buyer == buyer.id && $0.quantity == 14 }, "E gets its 14 units at S2: \(round.trades)")
    }

    // MARK: A scripted bilateral period

    static let bilateralBudgets: [(name: String, client: Bool, bidsK: Bool, tokens: Int64)] = [
        ("s1", false, false, 0), ("s2", false, false, 3), ("s3", false, false, 1), ("s4", false, false, 10), ("s5", false, false, 2),
        ("c1", true, true, 0), ("c2", true, true, 2), ("c3", true, true, 4), ("c4", true, false, 6),
        ("c5", true, true, 7), ("c6", true, false, 9), ("c7", true, true, 1), ("c8", true, true, 5),
    ]

    static func bilateralMarket(_ d: Driver, model: CreditModel, seed: UInt64) async throws -> MarketID {
        var scenario = MarketScenario()
        scenario.model = model
        return try await d.market(CreateMarketRequest(name: "solar \(model)", parameters: .bilateral(BilateralMarketParameters(scenario: scenario, seed: seed)))).id
    }

    static func bilateralScripted(_ d: Driver) async throws {
        let seed: UInt64 = 42
        for model in CreditModel.allCases {
            let market = try await bilateralMarket(d, model: model, seed: seed)
            let parameters = try { var s = MarketScenario(); s.model = model; return try s.parameters() }()
            var people: [(id: AccountID, client: Bool, bidsK: Bool, tokens: Int64)] = []
            for p in bilateralBudgets {
                let participant = try await d.participant("\(p.name)-\(model)", tokens: p.tokens)
                people.append((participant.id, p.client, p.bidsK, p.tokens))
                let principal = participant.principal
                if p.client {
                    let order = try await d.service.placeBid(market: market.rawValue, body: json(BidRequest(price: p.bidsK ? parameters.price : 0)),
                                                             idempotencyKey: d.key(), by: principal).decode(OrderView.self)
                    // A bid of k holds what the client may pay from its own funds: min(k, b).
                    let hold = p.bidsK ? min(tokens(parameters.price), Amount(tokens: p.tokens)!) : .zero
                    try check(order.held == hold, "\(model): \(p.name) bidding holds \(String(describing: order.held)), expected \(hold)")
                    try check(try await d.account(participant.id).held == hold, "\(model): \(p.name)'s account holds the bid's hold")
                } else {
                    _ = try await d.service.placeOffer(market: market.rawValue, body: Data("{}".utf8), idempotencyKey: d.key(), by: principal)
                }
            }
            let round = try await d.close(market)
            // What the module computes for the same submissions: sorted by participant id.
            let clients = people.filter(\.client).sorted { $0.id < $1.id }, servers = people.filter { !$0.client }.sorted { $0.id < $1.id }
            var rng = BilateralMarketPeriod.matchingStream(seed: seed, period: 1)
            let pairs = RandomMatching.pairs(clients: clients.count, servers: servers.count, using: &rng)
            let live = round.pairs ?? []
            try check(live.map(\.client) == pairs.map { clients[$0.client].id } && live.map(\.server) == pairs.map { servers[$0.server].id },
                      "\(model): the pairs of RandomMatching")
            var trades = 0
            for (k, pair) in pairs.enumerated() {
                let client = clients[pair.client], server = servers[pair.server]
                let b = Double(client.tokens), bServer = Double(server.tokens)
                let trades_ = try client.bidsK && parameters.canBid(budget: b)
                try check(live[k].traded == trades_, "\(model): pair \(k) traded \(live[k].traded)")
                let after = trades_ ? try parameters.trade(clientBudget: b, serverBudget: bServer) : nil
                let cb = try await d.account(client.id).balance, sb = try await d.account(server.id).balance
                try check(abs(Double(cb.microUnits) / 1e6 - (after?.clientBudget ?? b)) <= 1e-6, "\(model): client \(client.id) budget \(cb)")
                try check(abs(Double(sb.microUnits) / 1e6 - (after?.serverBudget ?? bServer)) <= 1e-6, "\(model): server \(server.id) budget \(sb)")
                if trades_ { trades += 1 }
            }
            try check(round.trades.count == trades && round.clients == clients.count && round.servers == servers.count, "\(model): \(round.trades.count) trades")
            try check(round.tradeRatio == Double(trades) / Double(clients.count), "\(model): trade ratio")
            for person in people {
                try check(try await d.account(person.id).held == .zero, "\(model): \(person.id) holds nothing after the period")
            }
        }
    }

    // MARK: Errors

    static func errors(_ d: Driver) async throws {
        let s = d.service
        let alice = try await d.participant("alice", tokens: 10), bob = try await d.participant("bob", tokens: 10)
        let rules = try ExchangeRules(epsilon: 0.01, ispPrice: 3)
        let market = try await d.market(CreateMarketRequest(name: "x", parameters: .exchange(rules))).id.rawValue

        // 400
        try await expectServiceError(400, "malformedJSON", "not JSON") { _ = try await s.deposit(body: Data("{".utf8), idempotencyKey: d.key(), by: .admin) }
        let unknown = try await expectServiceError(400, "malformedJSON", "an unknown field") {
            _ = try await s.createParticipant(body: json(["name": "x", "nmae": "y"]), idempotencyKey: d.key(), by: .admin)
        }
        try check(unknown.field == "nmae", "the unknown field is named: \(unknown)")
        let missing = try await expectServiceError(400, "malformedJSON", "a missing field") {
            _ = try await s.deposit(body: json(["participant": "p1"]), idempotencyKey: d.key(), by: .admin)
        }
        try check(missing.field == "amount", "the missing field is named: \(missing)")
        try await expectServiceError(400, "idempotencyKeyRequired", "no key") {
            _ = try await s.createParticipant(body: json(["name": "x"]), idempotencyKey: nil, by: .admin)
        }
        // 401
        try await expectServiceError(401, "unauthorized", "a wrong key") { _ = try await s.authenticate(bearer: "Bearer sk_nope") }
        try await expectServiceError(401, "unauthorized", "no key") { _ = try await s.authenticate(bearer: nil) }
        // 403
        try await expectServiceError(403, "forbidden", "a participant creating a participant") {
            _ = try await s.createParticipant(body: json(["name": "x"]), idempotencyKey: d.key(), by: alice.principal)
        }
        try await expectServiceError(403, "forbidden", "another's account") { _ = try await s.account(of: "p2", by: alice.principal) }
        try await expectServiceError(403, "forbidden", "the admin placing a bid") {
            _ = try await s.placeBid(market: market, body: json(BidRequest(demand: 1, unitPrice: 1)), idempotencyKey: d.key(), by: .admin)
        }
        let order = try await d.bid(try MarketID(market), alice, BidRequest(demand: 1, unitPrice: 1))
        try await expectServiceError(403, "forbidden", "another's order") { _ = try await s.order(order.id, by: bob.principal) }
        try await expectServiceError(403, "forbidden", "cancelling another's order") {
            _ = try await s.cancelOrder(order.id, idempotencyKey: d.key(), by: bob.principal)
        }
        try await expectServiceError(403, "forbidden", "a participant closing a round") {
            _ = try await s.closeRound(market: market, idempotencyKey: d.key(), by: alice.principal)
        }
        // 404
        try await expectServiceError(404, "notFound", "an unknown market") { _ = try await s.market("m99") }
        try await expectServiceError(404, "notFound", "an unknown order") { _ = try await s.order("\(market)-o99", by: .admin) }
        try await expectServiceError(404, "notFound", "an unknown participant") { _ = try await s.account(of: "p99", by: .admin) }
        try await expectServiceError(404, "notFound", "a deposit to an unknown participant") {
            _ = try await s.deposit(body: json(["participant": "p99", "amount": "1"]), idempotencyKey: d.key(), by: .admin)
        }
        try await expectServiceError(404, "notFound", "a deposit to a system account") {
            _ = try await s.deposit(body: json(["participant": "bank", "amount": "1"]), idempotencyKey: d.key(), by: .admin)
        }
        try await expectServiceError(404, "notFound", "a round not closed") { _ = try await s.round(market: market, number: "1") }
        // 409
        try await expectServiceError(409, "orderExists", "a second bid") {
            _ = try await s.placeBid(market: market, body: json(BidRequest(demand: 1, unitPrice: 1)), idempotencyKey: d.key(), by: alice.principal)
        }
        // 422
        let invalid = try await expectServiceError(422, "invalidField", "a zero deposit") {
            _ = try await s.deposit(body: json(["participant": "p1", "amount": "0"]), idempotencyKey: d.key(), by: .admin)
        }
        try check(invalid.field == "amount", "the field is named: \(invalid)")
        let decimals = try await expectServiceError(422, "invalidField", "seven decimals") {
            _ = try await s.deposit(body: json(["participant": "p1", "amount": "0.0000001"]), idempotencyKey: d.key(), by: .admin)
        }
        try check(decimals.field == "amount", "the field is named: \(decimals)")
        try await expectServiceError(422, "invalidField", "a negative demand") {
            _ = try await s.placeBid(market: market, body: json(BidRequest(demand: -1, unitPrice: 1)), idempotencyKey: d.key(), by: bob.principal)
        }
        try await expectServiceError(422, "invalidField", "a limit of 0") { _ = try await s.entries(of: "p1", before: nil, limit: "0", by: .admin) }
        try await expectServiceError(422, "insufficientFunds", "a withdrawal beyond the funds") {
            _ = try await s.withdraw(body: json(["participant": "p2", "amount": "10.000001"]), idempotencyKey: d.key(), by: .admin)
        }
        try await expectServiceError(422, "insufficientFunds", "a transfer beyond the funds (alice's bid holds 1)") {
            _ = try await s.transfer(body: json(["to": "p2", "amount": "9.5"]), idempotencyKey: d.key(), by: alice.principal)
        }
        try await expectServiceError(422, "insufficientFunds", "a bid beyond the funds") {
            _ = try await s.placeBid(market: market, body: json(BidRequest(demand: 100, unitPrice: 1)), idempotencyKey: d.key(), by: bob.principal)
        }
        let key = d.key()
        _ = try await s.deposit(body: json(["participant": "p1", "amount": "1"]), idempotencyKey: key, by: .admin)
        try await expectServiceError(422, "idempotencyKeyReused", "the key with another body") {
            _ = try await s.deposit(body: json(["participant": "p1", "amount": "2"]), idempotencyKey: key, by: .admin)
        }
        let manual = try await expectServiceError(422, "invalidField", "a manual bid at a participant with no offer") {
            let bids = [ManualBid(seller: alice.id, quantity: 1, unitPrice: 1)]
            _ = try await s.placeBid(market: market, body: json(BidRequest(demand: 1, unitPrice: 1, strategy: .manual, bids: bids)),
                                     idempotencyKey: d.key(), by: bob.principal)
        }
        try check(manual.field == "bids[0].seller", "the field is named: \(manual)")
        try await expectServiceError(422, "invalidField", "bids on a managed bid") {
            _ = try await s.placeBid(market: market, body: json(BidRequest(demand: 1, unitPrice: 1, strategy: .managed, bids: [])),
                                     idempotencyKey: d.key(), by: bob.principal)
        }
        try await expectServiceError(422, "invalidField", "an exchange with epsilon 0") {
            _ = try await s.createMarket(body: Data(#"{"kind":"exchange","name":"x","parameters":{"epsilon":0}}"#.utf8), idempotencyKey: d.key(), by: .admin)
        }
        let kind = try await expectServiceError(400, "malformedJSON", "an unknown kind") {
            _ = try await s.createMarket(body: Data(#"{"kind":"auction","name":"x"}"#.utf8), idempotencyKey: d.key(), by: .admin)
        }
        try check(kind.field == "kind" && kind.message.contains("exchange, bilateral"), "the kinds are named: \(kind)")
        let bobAccount = try await d.account(bob.id)
        try check(bobAccount.held == .zero && bobAccount.balance == tokens(10), "refusals post nothing: \(bobAccount)")
    }

    // MARK: Replays

    static func replays(_ d: Driver, _ storage: any MarketStorage) async throws {
        let s = d.service
        let alice = try await d.participant("alice", tokens: 50)
        let market = try await d.market(CreateMarketRequest(name: "x", parameters: .exchange(try ExchangeRules(epsilon: 0.01, ispPrice: 2)))).id.rawValue
        let seller = try await d.participant("seller")
        _ = try await d.offer(try MarketID(market), seller, quantity: 5)
        let participantKey = d.key()
        let created = try await s.createParticipant(body: json(["name": "carol"]), idempotencyKey: participantKey, by: .admin)
        let depositKey = d.key(), bidKey = d.key(), closeKey = d.key()
        let deposit = try await s.deposit(body: json(["participant": "p1", "amount": "5"]), idempotencyKey: depositKey, by: .admin)
        let bid = try await s.placeBid(market: market, body: json(BidRequest(demand: 2, unitPrice: 1)), idempotencyKey: bidKey, by: alice.principal)
        let close = try await s.closeRound(market: market, idempotencyKey: closeKey, by: .admin)
        try check(!created.replayed && !deposit.replayed && !bid.replayed && !close.replayed, "first responses are not replays")
        let before = try await storage.ledger.snapshot()
        let marketBefore = try await s.market(market)
        for _ in 0..<2 {
            let again = [
                try await s.createParticipant(body: json(["name": "carol"]), idempotencyKey: participantKey, by: .admin),
                try await s.deposit(body: json(["participant": "p1", "amount": "5"]), idempotencyKey: depositKey, by: .admin),
                try await s.placeBid(market: market, body: json(BidRequest(demand: 2, unitPrice: 1)), idempotencyKey: bidKey, by: alice.principal),
                try await s.closeRound(market: market, idempotencyKey: closeKey, by: .admin),
            ]
            for (first, replay) in zip([created, deposit, bid, close], again) {
                try check(replay.replayed && replay.status == first.status && replay.body == first.body, "a replay returns the first response")
            }
        }
        try LedgerInvariants.replayChangedNothing(before: before, after: try await storage.ledger.snapshot())
        try check(try await s.market(market) == marketBefore, "replays change no market")
        try check(try await s.listParticipants(by: .admin).participants.count == 3, "the replayed participant is created once")
        // The key is the caller's: the same key from another caller is another request.
        let other = try await s.transfer(body: json(["to": "p2", "amount": "1"]), idempotencyKey: depositKey, by: alice.principal)
        try check(!other.replayed && other.status == 201, "keys are scoped to their caller")
    }

    // MARK: Large commits

    static func largeCommit(_ d: Driver, _ storage: any MarketStorage) async throws {
        let alice = try await d.participant("alice")
        let count = LedgerLimits.maximumBatch + 7
        func plan(_ key: String, overdrawAtEnd: Bool) throws -> CommitPlan<Int> {
            var postings = try (0..<count).map { n in
                try Transfer(id: TransferID.timeOrdered(), .post(debit: .world, credit: alice.id, amount: Amount(microUnits: 1)), memo: "\(key) \(n)")
            }
            if overdrawAtEnd {
                postings.append(try Transfer(id: TransferID.timeOrdered(), .post(debit: alice.id, credit: .world, amount: Amount(tokens: 1_000)!)))
            }
            let effects = CommitEffects(postings: postings, status: 201, body: Data("{}".utf8))
            return CommitPlan(scope: IdempotencyScope(caller: "admin", key: key), fingerprint: key) { _ in (effects, 0) }
        }
        try check(try plan("n", overdrawAtEnd: false).decide(CommitContext(caughtUp: [], accounts: [:], allocatedNumber: nil))
                    .effects.postingBatches.count == 2, "the postings need two ledger batches")
        _ = try await storage.commit(try plan("large", overdrawAtEnd: false))
        let posted = try await storage.ledger.account(alice.id).balance
        try check(posted == Amount(microUnits: Int64(count)), "every posting of a large commit posted: \(posted)")
        let refused: Bool
        do { _ = try await storage.commit(try plan("refused", overdrawAtEnd: true)); refused = false } catch { refused = true }
        try check(refused, "a large commit whose last posting overdraws is refused")
        let after = try await storage.ledger.account(alice.id).balance
        try check(after == posted, "a refused large commit posts nothing: \(after)")
        try check(try await storage.idempotencyRecord(IdempotencyScope(caller: "admin", key: "refused")) == nil, "and stores no record")
    }

    // MARK: Restart

    static func restart(_ d: Driver, _ fixture: StorageFixture) async throws {
        let scenario = try exampleScenario()
        let (exchange, people) = try await enterExample(d, scenario)
        // One round before the restart (the session goes on after it, unless it settled already).
        let firstRound = try await d.close(exchange)
        let bilateral = try await bilateralMarket(d, model: .bank, seed: 3)
        let client = try await d.participant("client", tokens: 3), server = try await d.participant("server")
        _ = try await d.offer(bilateral, server)
        let retriedKey = d.key()
        let bidBody = json(BidRequest(price: 7))
        let first = try await d.service.placeBid(market: bilateral.rawValue, body: bidBody, idempotencyKey: retriedKey, by: client.principal)
        _ = try await d.close(bilateral)
        let cancelled = try await d.offer(bilateral, server)
        _ = try await d.service.cancelOrder(cancelled.id, idempotencyKey: d.key(), by: server.principal)

        let reopened = Driver(try await MarketService(storage: try await fixture.open(), adminKey: testAdminKey), keyPrefix: "after-restart-")
        let s0 = d.service, s1 = reopened.service
        let marketsAfter = await s1.listMarkets(), marketsBefore = await s0.listMarkets()
        try check(marketsAfter == marketsBefore, "the same markets")
        try check(try await s1.listParticipants(by: .admin) == (try await s0.listParticipants(by: .admin)), "the same participants")
        for market in [exchange, bilateral] {
            try check(try await s1.rounds(market: market.rawValue, limit: "1000") == (try await s0.rounds(market: market.rawValue, limit: "1000")),
                      "the same rounds of \(market)")
            for n in 1...8 {
                let id = "\(market)-o\(n)"
                let a = try? await s0.order(id, by: .admin), b = try? await s1.order(id, by: .admin)
                try check(a == b, "the same order \(id): \(String(describing: a)) and \(String(describing: b))")
            }
        }
        for participant in people.values + [client, server] {
            try check(try await s1.account(of: participant.id.rawValue, by: .admin) == (try await s0.account(of: participant.id.rawValue, by: .admin)),
                      "the same account \(participant.id)")
            try check(try await s1.authenticate(bearer: participant.apiKey) == participant.principal, "the key of \(participant.id) still works")
        }
        let retried = try await s1.placeBid(market: bilateral.rawValue, body: bidBody, idempotencyKey: retriedKey, by: client.principal)
        try check(retried.replayed && retried.body == first.body, "a retried request replays after the restart")
        // The exchange session goes on where it was and settles as offline.
        let round = firstRound.settled ? firstRound : try await settle(reopened, exchange)
        try await checkExample(reopened, scenario, round, people)
    }

    // MARK: A random workload

    static func randomWorkload(_ d: Driver, _ storage: any MarketStorage, seed: UInt64) async throws {
        var rng = RunOptions.serial(seed: seed).stream(StreamName(0x5E55_0000, "market service workload"), 0)
        let exchange = try await d.market(CreateMarketRequest(name: "x", parameters: .exchange(try ExchangeRules(epsilon: 0.05, ispPrice: 2)))).id
        let bilateral = try await bilateralMarket(d, model: .loan, seed: seed)
        var people: [Driver.Participant] = []
        for k in 0..<6 { people.append(try await d.participant("w\(k)", tokens: Int64(k * 3))) }
        var accepted = 0, refused = 0
        for step in 0..<160 {
            let p = people[Int.random(in: 0..<people.count, using: &rng)]
            let amount = String(Double(Int.random(in: 1...400, using: &rng)) / 100)
            let s = d.service
            do {
                switch Int.random(in: 0..<10, using: &rng) {
                case 0: _ = try await s.deposit(body: json(["participant": p.id.rawValue, "amount": amount]), idempotencyKey: d.key(), by: .admin)
                case 1: _ = try await s.withdraw(body: json(["participant": p.id.rawValue, "amount": amount]), idempotencyKey: d.key(), by: .admin)
                case 2:
                    let to = people[Int.random(in: 0..<people.count, using: &rng)]
                    _ = try await s.transfer(body: json(["to": to.id.rawValue, "amount": amount]), idempotencyKey: d.key(), by: p.principal)
                case 3: _ = try await d.offer(exchange, p, quantity: Double(Int.random(in: 1...20, using: &rng)))
                case 4:
                    _ = try await d.bid(exchange, p, BidRequest(demand: Double(Int.random(in: 1...10, using: &rng)),
                                                               unitPrice: Double(Int.random(in: 1...30, using: &rng)) / 10))
                case 5:
                    let orders = try await openOrders(d, exchange, of: p)
                    if let order = orders.first { _ = try await s.cancelOrder(order.id, idempotencyKey: d.key(), by: p.principal) }
                case 6: _ = try await d.close(exchange)
                case 7: _ = try await d.offer(bilateral, p)
                case 8: _ = try await d.bid(bilateral, p, Bool.random(using: &rng) ? BidRequest(price: 7) : BidRequest(strategy: .equilibrium))
                default: _ = try await d.close(bilateral)
                }
                accepted += 1
            } catch let error as ServiceError {
                try check(error.status >= 400 && error.status < 500, "step \(step): a refusal is a 4xx: \(error)")
                refused += 1
            }
            do { try await storage.ledger.checkInvariants() } catch { throw CheckFailure("step \(step): \(error)") }
            // The funds held are the holds of the open bids.
            var held = Amount.zero, bidHolds = Amount.zero
            for person in people { held = held.adding(try await d.account(person.id).held) ?? held }
            for market in [exchange, bilateral] {
                for person in people { for order in try await openOrders(d, market, of: person) { bidHolds = bidHolds.adding(order.held ?? .zero) ?? bidHolds } }
            }
            try check(held == bidHolds, "step \(step): participants hold \(held), their open bids \(bidHolds)")
        }
        try check(accepted > 40 && refused > 0, "the workload exercised both paths: \(accepted) accepted, \(refused) refused")
    }

    /// A participant's open orders in a market (orders are numbered from 1).
    static func openOrders(_ d: Driver, _ market: MarketID, of p: Driver.Participant) async throws -> [OrderView] {
        var orders: [OrderView] = []
        var n = 1
        while let order = try? await d.service.order("\(market)-o\(n)", by: .admin) {
            if order.participant == p.id && order.state == .open { orders.append(order) }
            n += 1
        }
        return orders
    }

    // MARK: Concurrent callers

    static func concurrentRefusals(_ d: Driver, _ storage: any MarketStorage) async throws {
        let s = d.service
        var people: [Driver.Participant] = []
        for k in 0..<12 { people.append(try await d.participant("r\(k)", tokens: k % 3 == 0 ? 0 : 50)) }
        let exchange = try await d.market(CreateMarketRequest(name: "x", parameters: .exchange(try ExchangeRules(epsilon: 0.01, ispPrice: 2)))).id
        let traders = people
        // Three waves: every participant bids or offers at once (a third of the bids exceed the
        // funds and are refused by the ledger), with two closes among them; then everyone cancels.
        var refused = 0
        for wave in 0..<3 {
            refused += try await withThrowingTaskGroup(of: Int.self) { group in
                for (k, p) in traders.enumerated() {
                    group.addTask {
                        do {
                            if (k + wave) % 2 == 0 { _ = try await d.offer(exchange, p, quantity: Double(5 + k)) } else {
                                _ = try await d.bid(exchange, p, BidRequest(demand: Double(10 + k), unitPrice: 1.5))
                            }
                            return 0
                        } catch let error as ServiceError where error.code == "insufficientFunds" {
                            return 1
                        }
                    }
                }
                for _ in 0..<2 { group.addTask { _ = try await d.close(exchange); return 0 } }
                var refused = 0
                for try await n in group { refused += n }
                return refused
            }
            for _ in 0..<12 { _ = try await d.close(exchange) }  // settle the session: the next wave starts afresh
        }
        try check(refused > 0, "some bids were refused by the ledger")
        let replayed = try await MarketService(storage: storage, adminKey: testAdminKey)
        let live = try await s.market(exchange.rawValue), again = try await replayed.market(exchange.rawValue)
        try check(live == again, "the market as replayed: \(again), live: \(live)")
        let liveRounds = try await s.rounds(market: exchange.rawValue, limit: "1000")
        let replayedRounds = try await replayed.rounds(market: exchange.rawValue, limit: "1000")
        try check(liveRounds == replayedRounds, "the rounds as replayed equal the live ones")
        let liveTrades = try await s.trades(market: exchange.rawValue, participant: nil, before: nil, limit: "1000", by: .admin)
        let replayedTrades = try await replayed.trades(market: exchange.rawValue, participant: nil, before: nil, limit: "1000", by: .admin)
        try check(liveTrades == replayedTrades && !liveTrades.trades.isEmpty, "the trades as replayed equal the live ones")
        for p in people {
            try check(try await d.account(p.id) == (try await replayed.account(of: p.id.rawValue, by: .admin)), "\(p.id)'s account")
        }
    }

    static func concurrentCallers(_ d: Driver, _ storage: any MarketStorage) async throws {
        let count = 8
        var people: [Driver.Participant] = []
        for k in 0..<count { people.append(try await d.participant("c\(k)")) }
        let market = try await d.market(CreateMarketRequest(name: "x", parameters: .exchange(try ExchangeRules(epsilon: 0.01, ispPrice: 2)))).id
        let s = d.service
        let depositKeys = (0..<count).map { _ in d.key() }
        // Every deposit sent by three callers at once: posted once each.
        try await withThrowingTaskGroup(of: ServiceResponse.self) { group in
            for (k, p) in people.enumerated() {
                for _ in 0..<3 {
                    group.addTask { try await s.deposit(body: json(["participant": p.id.rawValue, "amount": "100"]), idempotencyKey: depositKeys[k], by: .admin) }
                }
            }
            var bodies: [Data: Int] = [:]
            for try await response in group { bodies[response.body, default: 0] += 1 }
            try check(bodies.count == count && bodies.values.allSatisfy { $0 == 3 }, "each deposit answered with one body: \(bodies.values)")
        }
        // Transfers around a ring, bids, offers and closes, all at once.
        let closes = try await withThrowingTaskGroup(of: Int?.self) { group in
            for (k, p) in people.enumerated() {
                let next = people[(k + 1) % count]
                group.addTask {
                    for _ in 0..<5 {
                        _ = try await s.transfer(body: json(["to": next.id.rawValue, "amount": "1"]), idempotencyKey: d.key(), by: p.principal)
                    }
                    if k % 2 == 0 { _ = try await d.offer(market, p, quantity: 10) } else { _ = try await d.bid(market, p, BidRequest(demand: 4, unitPrice: 1.5)) }
                    return nil
                }
            }
            for _ in 0..<4 { group.addTask { try await d.close(market).number } }
            var numbers: [Int] = []
            for try await number in group { if let number { numbers.append(number) } }
            return numbers
        }
        try check(closes.sorted() == [1, 2, 3, 4], "four closes, four rounds: \(closes)")
        let totals = try await s.ledgerTotals(by: .admin)
        try check(totals.deposited == tokens(800) && totals.participantBalances == tokens(800) && totals.balanced, "money conserved: \(totals)")
        for p in people { try check(try await d.account(p.id).balance.microUnits >= 0, "no balance below zero") }
        let view = try await s.market(market.rawValue)
        try check(view.roundsClosed == 4, "rounds closed: \(view)")
        var orders = 0
        while (try? await s.order("\(market)-o\(orders + 1)", by: .admin)) != nil { orders += 1 }
        try check(orders == count, "every order placed once: \(orders)")
    }

    // MARK: Events

    static func events(_ d: Driver) async throws {
        let s = d.service
        let market = try await d.market(CreateMarketRequest(name: "x", parameters: .exchange(try ExchangeRules(epsilon: 0.01, ispPrice: 2)))).id
        let other = try await d.market(CreateMarketRequest(name: "y", parameters: .exchange(try ExchangeRules(epsilon: 0.01)))).id
        let seller = try await d.participant("seller"), buyer = try await d.participant("buyer", tokens: 10)
        let stream = try await s.events(market: market.rawValue)
        let rounds = try await s.events(types: ["roundClosed", "trade"])  // every market, two types
        _ = try await d.offer(other, seller, quantity: 1)  // another market's: filtered out
        _ = try await d.offer(market, seller, quantity: 3)
        _ = try await d.bid(market, buyer, BidRequest(demand: 2, unitPrice: 1))
        try await expectServiceError(409, "orderExists", "a second offer") { _ = try await d.offer(market, seller, quantity: 1) }
        _ = try await d.close(market)
        var seen: [ServiceEvent] = []
        for await event in stream {
            seen.append(event)
            if event.type == "roundOpened" { break }
        }
        // One seller and one buyer: the first round changes no bid, so the session settles in it.
        try check(seen.map(\.type) == ["orderAccepted", "orderAccepted", "orderRejected", "roundClosed", "trade", "settled", "roundOpened"],
                  "events \(seen.map(\.type))")
        try check(seen.allSatisfy { $0.market == market }, "only the market's events")
        try check(zip(seen, seen.dropFirst()).allSatisfy { $0.sequence < $1.sequence }, "sequence numbers increase")
        let data = try JSONSerialization.jsonObject(with: seen[0].data) as? [String: Any]
        try check(data?["market"] as? String == market.rawValue && data?["type"] as? String == "orderAccepted" && data?["round"] as? Int == 1
                  && data?["order"] as? String == "\(market)-o1", "event data \(String(decoding: seen[0].data, as: UTF8.self))")
        try check(!String(decoding: seen[0].data, as: UTF8.self).contains("\n"), "event data is one line")
        // A stream of some types hears the same events, with the same numbers, and no others
        // (its first two are the first of those types the full stream shows).
        var typed: [ServiceEvent] = []
        for await event in rounds {
            typed.append(event)
            if typed.count == 2 { break }
        }
        try check(typed == seen.filter { ["roundClosed", "trade"].contains($0.type) }, "typed events \(typed.map(\.type))")
    }
}
