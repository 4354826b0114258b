import Foundation
import Ledger
import LiveMarkets
import ProgressiveAuction
import SurplusCore

/// The sellers and buyers of an exchange scenario (papers 001, 002) entering a live
/// exchange over a ``MarketClient``: each becomes a participant (in the scenario's order,
/// sellers first), each buyer is funded with the value of its demand, D_i theta_i' (D_i
/// times its highest price for a manual buyer: what covers the hold its bid takes), every
/// seller offers its D^j units, then every buyer bids for D_i units at theta_i', managed
/// (Algorithm 2 re-bids for it) or with the scenario's manual `bids`. The
/// administrator then closes rounds until the session settles.
///
/// The live engine orders sellers and buyers by participant id; the offline one by the
/// scenario's order. The two agree when the ids the server hands out sort in creation
/// order (`p1`...`p9`, or all of the same length), which ``ExchangeLiveRun/sameOrder``
/// reports.
public struct ExchangePopulation: Sendable {
    public let client: any MarketClient
    public let market: String
    public let scenario: ExchangeScenario
    /// The most rounds closed before giving up on a settlement.
    public let maximumRounds: Int
    public let runID: String

    /// - Throws: `InputError` for a scenario with brokers (the live exchange has none) or a
    ///   bad `maximumRounds`.
    public init(client: any MarketClient, market: String, scenario: ExchangeScenario, maximumRounds: Int = 1_000,
                runID: String = UUID().uuidString) throws {
        if scenario.brokers == true {
            throw InputError(field: "brokers", value: "true", expected: "no brokers: the live exchange has none (Sec. 5 is offline only)")
        }
        try Validate.count(maximumRounds, 1...1_000_000, "rounds")
        _ = try scenario.market()
        self.client = client
        self.market = market
        self.scenario = scenario
        self.maximumRounds = maximumRounds
        self.runID = runID
    }

    /// Every seller's offer of its D^j units, at once.
    private func placeOffers(_ sellers: [(id: String, credentials: ParticipantCredentials)]) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (seller, entry) in zip(scenario.sellers, sellers) {
                group.addTask {
                    _ = try await client.place(.exchangeOffer(quantity: seller.quantity), in: market, as: entry.credentials,
                                               key: key("offer-\(seller.id)"))
                }
            }
            try await group.waitForAll()
        }
    }

    /// Every buyer funded and bidding, at once.
    private func placeBids(_ bids: [(buyer: ExchangeBuyer, credentials: ParticipantCredentials, order: OrderRequest)]) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for bid in bids {
                group.addTask {
                    let buyer = bid.buyer
                    let highest = max(buyer.unitPrice, buyer.bids?.map(\.unitPrice).max() ?? 0)
                    let funds = try MoneyRounding.ceiling(buyer.demand * highest, field: "buyers.\(buyer.id).demand")
                    try await client.deposit(to: bid.credentials.id, amount: funds, key: key("fund-\(buyer.id)"))
                    _ = try await client.place(bid.order, in: market, as: bid.credentials, key: key("bid-\(buyer.id)"))
                }
            }
            try await group.waitForAll()
        }
    }

    /// A scenario buyer's bid: managed, or manual with its sellers' participant ids.
    static func order(_ buyer: ExchangeBuyer, sellerAccount: [String: String]) throws -> OrderRequest {
        guard let bids = buyer.bids else { return .exchangeBid(demand: buyer.demand, unitPrice: buyer.unitPrice) }
        return .manualExchangeBid(demand: buyer.demand, unitPrice: buyer.unitPrice, bids: try bids.map { bid in
            guard let seller = sellerAccount[bid.seller] else {
                throw InputError(field: "buyers.\(buyer.id).bids", value: "'\(bid.seller)'", expected: "a seller of the scenario")
            }
            return ManualBid(seller: try AccountID(seller), quantity: bid.quantity, unitPrice: bid.unitPrice)
        })
    }

    /// The rules a new live exchange for this scenario is created with.
    public static func rules(of scenario: ExchangeScenario) throws -> ExchangeRules {
        try ExchangeRules(epsilon: scenario.epsilon, ispPrice: scenario.ispPrice, schedule: scenario.schedule,
                          reserveRule: scenario.reserveRule, paymentRule: scenario.paymentRule)
    }

    /// Enters the scenario, closes rounds until the session settles, and sets the live
    /// trades beside `ExchangeScenario.settle`'s.
    /// `pause` is waited before each round's close (a demo's pace; none by default).
    /// - Throws: ``MarketClientError`` for a refused request; `InputError` (field `rounds`)
    ///   when the session has not settled after `maximumRounds` rounds.
    public func run(options: RunOptions, pause: Duration = .zero) async throws -> ExchangeLiveRun {
        let started = ContinuousClock.now
        let requestsBefore = client.requestCount
        // Participants one by one, so their ids follow the scenario's order.
        var participants: [(id: String, credentials: ParticipantCredentials)] = []
        for seller in scenario.sellers {
            participants.append((seller.id, try await client.createParticipant(name: "seller \(seller.id)", key: key("join-s-\(seller.id)"))))
        }
        for buyer in scenario.buyers {
            participants.append((buyer.id, try await client.createParticipant(name: "buyer \(buyer.id)", key: key("join-b-\(buyer.id)"))))
        }
        let sellers = Array(participants.prefix(scenario.sellers.count)), buyers = Array(participants.dropFirst(scenario.sellers.count))
        // The offers first: a manual bid names sellers with an offer on file.
        try await placeOffers(sellers)
        let sellerAccount = Dictionary(uniqueKeysWithValues: sellers.map { ($0.id, $0.credentials.id) })
        let bids = try zip(scenario.buyers, buyers).map { buyer, entry in
            (buyer: buyer, credentials: entry.credentials, order: try Self.order(buyer, sellerAccount: sellerAccount))
        }
        try await placeBids(bids)
        var rounds: [RoundReport] = []
        while rounds.last?.settled != true {
            try options.checkCancellation()
            guard rounds.count < maximumRounds else {
                throw InputError(field: "rounds", value: maximumRounds, expected: "enough rounds for the session to settle")
            }
            if pause > .zero { try await Task.sleep(for: pause) }
            rounds.append(try await client.closeRound(of: market, key: key("close-\(rounds.count + 1)")))
            options.report("exchange rounds", rounds.count, of: maximumRounds)
        }
        options.report("exchange rounds", maximumRounds, of: maximumRounds)
        let scenarioID = Dictionary(uniqueKeysWithValues: participants.map { ($0.credentials.id, $0.id) })
        let live = (rounds.last?.trades ?? []).map {
            ExchangeLiveRun.Trade(
                buyer: scenarioID[$0.buyer] ?? $0.buyer, seller: $0.seller == AccountID.isp.rawValue ? ExchangeMarket.ispID : scenarioID[$0.seller] ?? $0.seller,
                quantity: $0.quantity, unitPrice: $0.unitPrice, payment: $0.payment)
        }
        let offline = try scenario.settle().trades.enumerated().map { k, trade in
            ExchangeLiveRun.Trade(buyer: trade.buyer, seller: trade.seller, quantity: trade.quantity, unitPrice: trade.unitPrice,
                                  payment: try MoneyRounding.payment(trade.payment, field: "trades[\(k)].payment"))
        }
        let ids = participants.map(\.credentials.id)
        let sameOrder = ids.prefix(sellers.count).sorted() == Array(ids.prefix(sellers.count))
            && ids.dropFirst(sellers.count).sorted() == Array(ids.dropFirst(sellers.count))
        let seconds = (ContinuousClock.now - started).seconds
        let requests = client.requestCount - requestsBefore
        return ExchangeLiveRun(
            market: market, rounds: rounds.count, settledRound: rounds.last?.number ?? 0, trades: live, offlineTrades: offline,
            matchesOffline: live == offline, sameOrder: sameOrder, participants: Dictionary(uniqueKeysWithValues: participants.map { ($0.id, $0.credentials.id) }),
            requests: requests, seconds: seconds, requestsPerSecond: seconds > 0 ? Double(requests) / seconds : 0)
    }

    private func key(_ purpose: String) -> IdempotencyKey { IdempotencyKey(run: runID, purpose) }
}

/// A live exchange session entered by agents, beside the offline settlement of its scenario.
public struct ExchangeLiveRun: Sendable, Codable {
    /// A trade with the scenario's seller and buyer ids (`ISP` for the fallback) and the
    /// payment in micro-units (the offline payment rounded toward zero, as the live market
    /// rounds it).
    public struct Trade: Sendable, Hashable, Codable {
        public var buyer: String
        public var seller: String
        public var quantity: Double
        public var unitPrice: Double
        public var payment: Amount
    }

    public var market: String
    /// Rounds closed until the session settled, and the number of the settling round.
    public var rounds: Int
    public var settledRound: Int
    public var trades: [Trade]
    /// `ExchangeScenario.settle`'s trades, in its order.
    public var offlineTrades: [Trade]
    /// Every live trade equals the offline one in its place (ids, quantity, unit price, payment).
    public var matchesOffline: Bool
    /// The participants' ids sort in the scenario's order (the live engine's order).
    public var sameOrder: Bool
    /// The participant of each scenario id.
    public var participants: [String: String]
    public var requests: Int
    public var seconds: Double
    public var requestsPerSecond: Double
}
