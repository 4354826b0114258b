import Foundation
import Ledger
import LiveMarkets
import SurplusCore

/// `201` of `POST /v1/participants`: the API key is shown this once (it is stored hashed).
public struct ParticipantCreated: Codable, Sendable, Hashable {
    public var id: AccountID
    public var name: String
    public var apiKey: String
}

/// A participant as `GET /v1/participants` lists it.
public struct ParticipantView: Codable, Sendable, Hashable {
    public var id: AccountID
    public var name: String
}

public struct ParticipantList: Codable, Sendable, Hashable {
    public var participants: [ParticipantView]
}

/// `GET /v1/participants/{id}/account`: balance, the funds held by open bids, and what the
/// participant may still spend (balance - held).
public struct AccountView: Codable, Sendable, Hashable {
    public var participant: AccountID
    public var balance: Amount
    public var held: Amount
    public var available: Amount
}

/// A journal entry of a participant's account.
public struct EntryView: Codable, Sendable, Hashable {
    public enum Kind: String, Codable, Sendable, Hashable { case post, hold, postHold, voidHold }
    public var sequence: Int64
    public var transfer: TransferID
    public var kind: Kind
    public var debit: AccountID
    public var credit: AccountID
    public var amount: Amount
    public var memo: String

    init(_ entry: JournalEntry) {
        sequence = entry.sequence
        transfer = entry.id
        kind = switch entry.kind {
        case .posted: .post
        case .held: .hold
        case .holdPosted: .postHold
        case .holdVoided: .voidHold
        }
        debit = entry.debit
        credit = entry.credit
        amount = entry.amount
        memo = entry.memo
    }
}

/// `GET /v1/participants/{id}/entries`: newest first; `next` is the cursor of the next page
/// (`before=`), null on the last.
public struct EntriesPage: Codable, Sendable, Hashable {
    public var entries: [EntryView]
    public var next: String?

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(entries, forKey: .entries)
        try container.encode(next, forKey: .next)
    }
}

/// `201` of a deposit or a withdrawal: the participant's balance after it.
public struct MoneyMovement: Codable, Sendable, Hashable {
    public var transfer: TransferID
    public var participant: AccountID
    public var amount: Amount
    public var balance: Amount
}

/// `201` of `POST /v1/transfers`.
public struct TransferView: Codable, Sendable, Hashable {
    public var transfer: TransferID
    public var from: AccountID
    public var to: AccountID
    public var amount: Amount
}

/// A market: `round` is the number of the round (exchange) or period (bilateral) now open.
public struct MarketView: Codable, Sendable, Hashable {
    public var id: MarketID
    public var kind: MarketKind
    public var name: String
    public var parameters: MarketParameters
    public var round: Int
    public var state: String
    public var openOrders: Int
    public var roundsClosed: Int

    private enum CodingKeys: String, CodingKey { case id, kind, name, parameters, round, state, openOrders, roundsClosed }

    init(id: MarketID, kind: MarketKind, name: String, parameters: MarketParameters, round: Int, openOrders: Int, roundsClosed: Int) {
        self.id = id
        self.kind = kind
        self.name = name
        self.parameters = parameters
        self.round = round
        state = "open"
        self.openOrders = openOrders
        self.roundsClosed = roundsClosed
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let request = try CreateMarketRequest(from: decoder)
        id = try container.decode(MarketID.self, forKey: .id)
        kind = request.kind
        name = request.name
        parameters = request.parameters
        round = try container.decode(Int.self, forKey: .round)
        state = try container.decode(String.self, forKey: .state)
        openOrders = try container.decode(Int.self, forKey: .openOrders)
        roundsClosed = try container.decode(Int.self, forKey: .roundsClosed)
    }
}

public struct MarketList: Codable, Sendable, Hashable {
    public var markets: [MarketView]
}

/// An order (fields that do not apply are null): `GET`, `PUT`, `DELETE /v1/orders/{id}`.
public struct OrderView: Codable, Sendable, Hashable {
    public enum Side: String, Codable, Sendable, Hashable { case offer, bid }
    public enum State: String, Codable, Sendable, Hashable { case open, cancelled, settled }
    /// `m1-o3`.
    public var id: String
    public var market: MarketID
    public var participant: AccountID
    public var side: Side
    public var state: State
    /// The round (or period) it was placed in.
    public var round: Int
    /// Exchange offer: D^j.
    public var quantity: Double?
    /// Exchange bid: D_i.
    public var demand: Double?
    /// Exchange bid: theta_i'.
    public var unitPrice: Double?
    /// Bilateral bid: 0 or k (null for an `equilibrium` bid).
    public var price: Double?
    /// Bids: managed, manual (exchange) or equilibrium (bilateral); null for a fixed price.
    public var strategy: BidStrategy?
    /// The funds the bid holds now (0 once settled or cancelled); null for an offer.
    public var held: Amount?
    /// A manual buyer's bids per seller; null otherwise.
    public var bids: [ManualBid]?

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(market, forKey: .market)
        try c.encode(participant, forKey: .participant)
        try c.encode(side, forKey: .side)
        try c.encode(state, forKey: .state)
        try c.encode(round, forKey: .round)
        try c.encode(quantity, forKey: .quantity)
        try c.encode(demand, forKey: .demand)
        try c.encode(unitPrice, forKey: .unitPrice)
        try c.encode(price, forKey: .price)
        try c.encode(strategy, forKey: .strategy)
        try c.encode(held, forKey: .held)
        try c.encode(bids, forKey: .bids)
    }
}

/// A trade: `m1-r4-t2`; units the ISP fallback sold have seller `isp`.
public struct TradeView: Codable, Sendable, Hashable {
    public var id: String
    public var market: MarketID
    public var round: Int
    public var buyer: AccountID
    public var seller: AccountID
    public var quantity: Double
    public var unitPrice: Double
    public var payment: Amount

    init(_ trade: LiveTrade) {
        id = "\(trade.market)-r\(trade.round)-t\(trade.number)"
        market = trade.market
        round = trade.round
        buyer = trade.buyer
        seller = trade.seller
        quantity = trade.quantity
        unitPrice = trade.unitPrice
        payment = trade.payment
    }
}

/// `GET /v1/trades`: newest first; `next` is the cursor of the next page, null on the last.
public struct TradePage: Codable, Sendable, Hashable {
    public var trades: [TradeView]
    public var next: String?

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(trades, forKey: .trades)
        try container.encode(next, forKey: .next)
    }
}

/// A closed round (exchange) or period (bilateral): `GET /v1/markets/{id}/rounds/{n}`.
public struct RoundView: Codable, Sendable, Hashable {
    public struct Allocation: Codable, Sendable, Hashable {
        public var buyer: String
        public var seller: String
        public var quantity: Double
        public var unitPrice: Double
    }
    public struct ReservePrice: Codable, Sendable, Hashable {
        public var seller: String
        public var price: Double
    }
    public struct UnmetDemand: Codable, Sendable, Hashable {
        public var buyer: String
        public var quantity: Double
    }
    public struct Pair: Codable, Sendable, Hashable {
        public var client: AccountID
        public var server: AccountID
        public var clientBid: Double
        public var traded: Bool
    }

    public var market: MarketID
    public var kind: MarketKind
    public var number: Int
    public var inputHash: String
    public var settled: Bool
    public var trades: [TradeView]
    // Exchange.
    public var session: Int?
    public var roundInSession: Int?
    /// The tentative allocations of this round's clearing (rule (5)), per buyer and seller.
    public var allocations: [Allocation]?
    /// p_*^j after this round (reserve update (20)).
    public var reservePrices: [ReservePrice]?
    /// Demand left unmet after the ISP fallback, once the session settled (empty before).
    public var unmetDemand: [UnmetDemand]?
    // Bilateral.
    public var pairs: [Pair]?
    public var unmatchedClients: [AccountID]?
    public var unmatchedServers: [AccountID]?
    /// Trades / clients of the period; null without clients.
    public var tradeRatio: Double?
    /// Clients that bid 0.
    public var zeroBids: Int?
    public var clients: Int?
    public var servers: Int?

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(market, forKey: .market)
        try c.encode(kind, forKey: .kind)
        try c.encode(number, forKey: .number)
        try c.encode(inputHash, forKey: .inputHash)
        try c.encode(settled, forKey: .settled)
        try c.encode(trades, forKey: .trades)
        switch kind {
        case .exchange:
            try c.encode(session, forKey: .session)
            try c.encode(roundInSession, forKey: .roundInSession)
            try c.encode(allocations, forKey: .allocations)
            try c.encode(reservePrices, forKey: .reservePrices)
            try c.encode(unmetDemand, forKey: .unmetDemand)
        case .bilateral:
            try c.encode(pairs, forKey: .pairs)
            try c.encode(unmatchedClients, forKey: .unmatchedClients)
            try c.encode(unmatchedServers, forKey: .unmatchedServers)
            try c.encode(tradeRatio, forKey: .tradeRatio)
            try c.encode(zeroBids, forKey: .zeroBids)
            try c.encode(clients, forKey: .clients)
            try c.encode(servers, forKey: .servers)
        }
    }
}

/// `GET /v1/markets/{id}/rounds`: newest first.
public struct RoundList: Codable, Sendable, Hashable {
    public var rounds: [RoundView]
}

/// What a creating operation answered: the HTTP status, the JSON body, and whether it is the
/// replay of an earlier request with the same `Idempotency-Key` (header `Idempotent-Replayed: true`).
public struct ServiceResponse: Sendable, Hashable {
    public let status: Int
    public let body: Data
    public let replayed: Bool

    public init(status: Int, body: Data, replayed: Bool) {
        self.status = status
        self.body = body
        self.replayed = replayed
    }

    /// The body decoded as `T` (for in-process callers).
    public func decode<T: Decodable>(_ type: T.Type) throws -> T { try JSONDecoder().decode(type, from: body) }
}
