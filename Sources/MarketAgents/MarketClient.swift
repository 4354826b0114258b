import BilateralMarket
import Foundation
import Ledger
import LiveMarkets

/// Who makes a request: the platform's administrator, or one participant with its API key.
public enum Caller: Sendable, Hashable {
    case admin
    case participant(ParticipantCredentials)
}

/// A participant as `POST /v1/participants` returns it: its id and the API key it acts with.
public struct ParticipantCredentials: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    public var apiKey: String
}

/// `GET /v1/participants/{id}/account`: the participant's balance, what its open orders hold,
/// and what it may spend.
public struct AccountSnapshot: Sendable, Hashable, Codable {
    public var participant: String
    public var balance: Amount
    public var held: Amount
    public var available: Amount
}

/// What a market is created with (`POST /v1/markets`): a bilateral market's `surplus mfe`
/// scenario and the seed of its matchings, or an exchange's rules.
public enum MarketDefinition: Sendable, Hashable {
    case bilateral(MarketScenario, seed: UInt64)
    case exchange(ExchangeRules)

    public var kind: MarketKind {
        switch self {
        case .bilateral: .bilateral
        case .exchange: .exchange
        }
    }
}

public enum MarketKind: String, Sendable, Hashable, Codable, CaseIterable {
    case bilateral, exchange
}

/// A market as `GET /v1/markets/{id}` returns it (the fields the agents read).
public struct MarketSnapshot: Sendable, Hashable, Decodable {
    public var id: String
    public var kind: MarketKind
    public var name: String
    /// The number of the round or period now open.
    public var round: Int
    public var roundsClosed: Int
    /// The body the market was created with: decode it with ``definition()``.
    public var parameters: JSONValue

    /// The market's definition, decoded from its `parameters`.
    /// - Throws: `DecodingError` when they are not a scenario of the market's kind.
    public func definition() throws -> MarketDefinition {
        switch kind {
        case .bilateral:
            .bilateral(try parameters.decode(MarketScenario.self), seed: try parameters.decode(SeedField.self).seed ?? 1)
        case .exchange:
            .exchange(try parameters.decode(ExchangeRules.self))
        }
    }

    private struct SeedField: Decodable { var seed: UInt64? }

    private enum CodingKeys: String, CodingKey { case id, kind, name, round, roundsClosed, parameters }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(WireID.self, forKey: .id).rawValue
        kind = try c.decode(MarketKind.self, forKey: .kind)
        name = try c.decode(String.self, forKey: .name)
        round = try c.decode(Int.self, forKey: .round)
        roundsClosed = try c.decode(Int.self, forKey: .roundsClosed)
        parameters = try c.decode(JSONValue.self, forKey: .parameters)
    }
}

/// A market id as the contract writes it, `"m1"`; also read from `{"rawValue": "m1"}`, the
/// form `LiveMarkets.MarketID`'s synthesized encoding gives it (a deviation from the contract).
struct WireID: Decodable {
    var rawValue: String

    private enum CodingKeys: String, CodingKey { case rawValue }

    init(from decoder: any Decoder) throws {
        if let text = try? decoder.singleValueContainer().decode(String.self) {
            rawValue = text
        } else {
            rawValue = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .rawValue)
        }
    }
}

/// A bilateral order's body: a server's offer (`{}`), or a client's bid of a price (0 or k)
/// or of the market's equilibrium policy.
public enum OrderRequest: Sendable, Hashable {
    case bilateralOffer
    case bilateralBid(price: Double)
    case bilateralEquilibriumBid
    /// An exchange seller's D^j units on sale.
    case exchangeOffer(quantity: Double)
    /// A managed exchange buyer (Algorithm 2 re-bids for it): D_i units worth theta_i' each.
    case exchangeBid(demand: Double, unitPrice: Double)
    /// A manual exchange buyer: D_i units worth theta_i' each, and its own bids, each
    /// `quantity` units at `unitPrice` at the seller with participant id `seller`.
    case manualExchangeBid(demand: Double, unitPrice: Double, bids: [ManualBid])

    /// `offers` or `bids`.
    public var side: String {
        switch self {
        case .bilateralOffer, .exchangeOffer: "offers"
        case .bilateralBid, .bilateralEquilibriumBid, .exchangeBid, .manualExchangeBid: "bids"
        }
    }

    /// The JSON body the contract gives this order.
    public var body: JSONValue {
        switch self {
        case .bilateralOffer: .object([:])
        case let .bilateralBid(price): .object(["price": .number(price)])
        case .bilateralEquilibriumBid: .object(["strategy": .string("equilibrium")])
        case let .exchangeOffer(quantity): .object(["quantity": .number(quantity)])
        case let .exchangeBid(demand, unitPrice):
            .object(["demand": .number(demand), "unitPrice": .number(unitPrice), "strategy": .string("managed")])
        case let .manualExchangeBid(demand, unitPrice, bids):
            .object([
                "demand": .number(demand), "unitPrice": .number(unitPrice), "strategy": .string("manual"),
                "bids": .array(bids.map {
                    .object(["seller": .string($0.seller.rawValue), "quantity": .number($0.quantity), "unitPrice": .number($0.unitPrice)])
                }),
            ])
        }
    }
}

/// An order as the server accepted it (the fields the agents read).
public struct OrderSnapshot: Sendable, Hashable, Decodable {
    public var id: String
    public var participant: String
    public var state: String
    public var round: Int
}

/// A closed round or period (`POST /v1/markets/{id}/rounds/close`, `GET .../rounds/{n}`),
/// with the fields of both kinds optional.
public struct RoundReport: Sendable, Hashable, Decodable {
    public struct Pair: Sendable, Hashable, Decodable {
        public var client: String
        public var server: String
        /// k or 0: what the client bid (an equilibrium bid resolved at its budget).
        public var clientBid: Double
        public var traded: Bool
    }

    public struct Trade: Sendable, Hashable, Decodable {
        public var id: String?
        public var buyer: String
        public var seller: String
        public var quantity: Double
        public var unitPrice: Double
        public var payment: Amount
    }

    public var market: String
    public var number: Int
    public var inputHash: String
    public var settled: Bool
    public var trades: [Trade]
    /// Bilateral: the matched pairs of the period.
    public var pairs: [Pair]?
    public var unmatchedClients: [String]?
    public var unmatchedServers: [String]?
    /// Bilateral: the period's clients, and those that bid 0.
    public var clients: Int?
    public var zeroBids: Int?

    private enum CodingKeys: String, CodingKey {
        case market, number, inputHash, settled, trades, pairs, unmatchedClients, unmatchedServers, clients, zeroBids
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        market = try c.decode(WireID.self, forKey: .market).rawValue
        number = try c.decode(Int.self, forKey: .number)
        inputHash = try c.decode(String.self, forKey: .inputHash)
        settled = try c.decode(Bool.self, forKey: .settled)
        trades = try c.decode([Trade].self, forKey: .trades)
        pairs = try c.decodeIfPresent([Pair].self, forKey: .pairs)
        unmatchedClients = try c.decodeIfPresent([String].self, forKey: .unmatchedClients)
        unmatchedServers = try c.decodeIfPresent([String].self, forKey: .unmatchedServers)
        clients = try c.decodeIfPresent(Int.self, forKey: .clients)
        zeroBids = try c.decodeIfPresent(Int.self, forKey: .zeroBids)
    }
}

/// A unique key per creating request, reused for every retry of that request
/// (the contract's `Idempotency-Key`: 1-128 printable ASCII characters).
public struct IdempotencyKey: Sendable, Hashable, CustomStringConvertible {
    public let rawValue: String

    /// `run`-`purpose`: unique when `run` is unique per run of the agents.
    public init(run: String, _ purpose: String) {
        rawValue = String("\(run)-\(purpose)".prefix(128))
    }

    public var description: String { rawValue }
}

/// The operations of the live server's contract (v1) that a population of agents needs.
/// ``HTTPMarketClient`` makes them over HTTP; an in-process client calls the service itself.
/// Every creating call takes the ``IdempotencyKey`` its retries reuse.
public protocol MarketClient: Sendable {
    func createParticipant(name: String, key: IdempotencyKey) async throws -> ParticipantCredentials
    func deposit(to participant: String, amount: Amount, key: IdempotencyKey) async throws
    func withdraw(from participant: String, amount: Amount, key: IdempotencyKey) async throws
    func account(of participant: ParticipantCredentials) async throws -> AccountSnapshot
    func createMarket(name: String, _ definition: MarketDefinition, key: IdempotencyKey) async throws -> MarketSnapshot
    func market(_ id: String) async throws -> MarketSnapshot
    func place(_ order: OrderRequest, in market: String, as participant: ParticipantCredentials, key: IdempotencyKey)
        async throws -> OrderSnapshot
    func closeRound(of market: String, key: IdempotencyKey) async throws -> RoundReport
    func ledgerTotals() async throws -> LedgerTotals
    /// Requests sent so far, retries included.
    var requestCount: Int { get }
}

/// The error a server returned for a request: its status and the contract's error body.
public struct MarketClientError: Error, Sendable, Hashable, CustomStringConvertible {
    public var status: Int
    public var code: String
    public var message: String
    public var field: String?
    /// `METHOD PATH` of the request.
    public var request: String

    public init(status: Int, code: String, message: String, field: String?, request: String) {
        self.status = status
        self.code = code
        self.message = message
        self.field = field
        self.request = request
    }

    public var description: String { "\(request): \(status) \(code): \(message)" }
}
