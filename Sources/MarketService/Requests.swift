import BilateralMarket
import Foundation
import Ledger
import LiveMarkets
import SurplusCore

/// `POST /v1/participants` (admin).
public struct CreateParticipantRequest: Codable, Sendable, Hashable {
    /// 1 to 100 characters.
    public var name: String
    public init(name: String) { self.name = name }
}

/// `POST /v1/deposits` and `POST /v1/withdrawals` (admin): `amount` > 0 tokens.
public struct MoneyRequest: Codable, Sendable, Hashable {
    public var participant: AccountID
    public var amount: Amount
    public init(participant: AccountID, amount: Amount) {
        self.participant = participant
        self.amount = amount
    }
}

/// `POST /v1/transfers` (participant): pay `amount` > 0 tokens to `to`.
public struct TransferRequest: Codable, Sendable, Hashable {
    public var to: AccountID
    public var amount: Amount
    public init(to: AccountID, amount: Amount) {
        self.to = to
        self.amount = amount
    }
}

/// The two kinds of live market.
public enum MarketKind: String, NamedChoice, Hashable {
    /// The data exchange of papers 001, 002 (``LiveMarkets/ExchangeSession``).
    case exchange
    /// The bilateral market of paper 000 (``LiveMarkets/BilateralMarketPeriod``).
    case bilateral
}

/// A bilateral market's parameters: the `surplus mfe` scenario body (`model`, `price`,
/// `initialBudget`, `beta`, `alpha`, `surplus`, `serveCost`, ...) and the seed its matchings are
/// drawn from (default 1).
public struct BilateralMarketParameters: Codable, Sendable, Hashable {
    public var scenario: MarketScenario
    public var seed: UInt64?

    public init(scenario: MarketScenario, seed: UInt64? = nil) {
        self.scenario = scenario
        self.seed = seed
    }

    private enum CodingKeys: String, CodingKey { case seed }

    public init(from decoder: any Decoder) throws {
        scenario = try MarketScenario(from: decoder)
        seed = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(UInt64.self, forKey: .seed)
    }

    public func encode(to encoder: any Encoder) throws {
        try scenario.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(seed, forKey: .seed)
    }
}

/// A market's parameters, by kind: the exchange's rules or the bilateral market's scenario.
public enum MarketParameters: Sendable, Hashable {
    case exchange(ExchangeRules)
    case bilateral(BilateralMarketParameters)

    public var kind: MarketKind {
        switch self {
        case .exchange: .exchange
        case .bilateral: .bilateral
        }
    }
}

extension MarketParameters: Encodable {
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case let .exchange(rules): try rules.encode(to: encoder)
        case let .bilateral(parameters): try parameters.encode(to: encoder)
        }
    }
}

/// `POST /v1/markets` (admin): `{kind, name, parameters}`.
public struct CreateMarketRequest: Codable, Sendable, Hashable {
    public var kind: MarketKind
    /// 1 to 100 characters.
    public var name: String
    public var parameters: MarketParameters

    public init(name: String, parameters: MarketParameters) {
        kind = parameters.kind
        self.name = name
        self.parameters = parameters
    }

    private enum CodingKeys: String, CodingKey { case kind, name, parameters }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        kind = try container.decode(MarketKind.self, forKey: .kind)
        name = try container.decode(String.self, forKey: .name)
        switch kind {
        case .exchange:
            parameters = .exchange(try container.decodeIfPresent(ExchangeRules.self, forKey: .parameters) ?? ExchangeRules(epsilon: 0.01))
        case .bilateral:
            parameters = .bilateral(try container.decodeIfPresent(BilateralMarketParameters.self, forKey: .parameters)
                ?? BilateralMarketParameters(scenario: MarketScenario()))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        try container.encode(name, forKey: .name)
        try container.encode(parameters, forKey: .parameters)
    }
}

/// `POST /v1/markets/{id}/offers` (participant): exchange `{quantity}`; bilateral `{}`.
public struct OfferRequest: Codable, Sendable, Hashable {
    /// D^j, the units on sale (exchange only).
    public var quantity: Double?
    public init(quantity: Double? = nil) { self.quantity = quantity }
}

/// How a bid is kept up to date.
public enum BidStrategy: String, NamedChoice, Hashable {
    /// Exchange: the platform re-bids for the buyer by the opt-out strategy (Algorithm 2).
    case managed
    /// Exchange: the buyer's own bids per seller, held fixed until it replaces them.
    case manual
    /// Bilateral: the market's equilibrium policy bids at the client's budget (eq. (5)).
    case equilibrium
}

/// `POST /v1/markets/{id}/bids` (participant), and `PUT /v1/orders/{id}` of a bid: exchange
/// `{demand, unitPrice, strategy}` (managed by default) or a manual buyer's `{bids}`;
/// bilateral `{price}` (0 or k) or `{strategy: "equilibrium"}`.
public struct BidRequest: Codable, Sendable, Hashable {
    public var demand: Double?
    public var unitPrice: Double?
    public var price: Double?
    public var strategy: BidStrategy?
    public var bids: [ManualBid]?

    public init(demand: Double? = nil, unitPrice: Double? = nil, price: Double? = nil, strategy: BidStrategy? = nil, bids: [ManualBid]? = nil) {
        self.demand = demand
        self.unitPrice = unitPrice
        self.price = price
        self.strategy = strategy
        self.bids = bids
    }
}
