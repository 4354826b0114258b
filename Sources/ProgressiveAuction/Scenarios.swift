/// Scenario bodies (JSON files for `surplus psp` / `surplus exchange`, and the
/// same bodies for the server). Field names are a contract (DESIGN.md).

extension Valuation: Codable {
    enum CodingKeys: String, CodingKey { case kind, marginalAtZero, saturation, unitValue, cap, weight }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try c.decode(String.self, forKey: .kind)
        switch kind {
        case "quadratic":
            self = .quadratic(
                marginalAtZero: try c.decode(Double.self, forKey: .marginalAtZero),
                saturation: try c.decode(Double.self, forKey: .saturation))
        case "linear":
            self = .linear(unitValue: try c.decode(Double.self, forKey: .unitValue), cap: try c.decode(Double.self, forKey: .cap))
        case "logarithmic":
            self = .logarithmic(weight: try c.decode(Double.self, forKey: .weight))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .kind, in: c, debugDescription: "unknown kind '\(kind)': expected quadratic, linear or logarithmic")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case let .quadratic(m, s):
            try c.encode("quadratic", forKey: .kind)
            try c.encode(m, forKey: .marginalAtZero)
            try c.encode(s, forKey: .saturation)
        case let .linear(u, cap):
            try c.encode("linear", forKey: .kind)
            try c.encode(u, forKey: .unitValue)
            try c.encode(cap, forKey: .cap)
        case let .logarithmic(w):
            try c.encode("logarithmic", forKey: .kind)
            try c.encode(w, forKey: .weight)
        }
    }
}

/// `surplus psp --scenario`: fixed `bids` (cleared once) or `players` (dynamics).
public struct PSPScenario: Codable, Sendable {
    public struct NamedBid: Codable, Sendable {
        public var id: String
        public var quantity: Double
        public var price: Double
        public init(id: String, quantity: Double, price: Double) {
            self.id = id
            self.quantity = quantity
            self.price = price
        }
    }
    public struct Player: Codable, Sendable {
        public var id: String
        public var valuation: Valuation
        public init(id: String, valuation: Valuation) {
            self.id = id
            self.valuation = valuation
        }
    }
    /// Q.
    public var quantity: Double
    /// epsilon, the bid fee.
    public var epsilon: Double
    public var bids: [NamedBid]?
    public var players: [Player]?
    /// Optional: "asynchronous" (default) or "synchronous".
    public var schedule: UpdateSchedule?
    /// Optional round cap (default 10,000).
    public var maxRounds: Int?

    public init(quantity: Double, epsilon: Double, bids: [NamedBid]? = nil, players: [Player]? = nil) {
        self.quantity = quantity
        self.epsilon = epsilon
        self.bids = bids
        self.players = players
    }

    /// Checks everything the decoder cannot: ranges, ids, bids xor players.
    public func validate() throws {
        _ = try PSPMarket(quantity: quantity, epsilon: epsilon)
        switch (bids, players) {
        case (.some, .some):
            throw AuctionError.invalidValue(field: "players", value: "a list", expected: "either bids or players, not both")
        case (nil, nil):
            throw AuctionError.empty(field: "bids", reason: "give bids (cleared once) or players (best-reply dynamics)")
        case let (.some(b), nil):
            guard !b.isEmpty else { throw AuctionError.empty(field: "bids", reason: "an auction needs at least one bid") }
            try AuctionError.requireUnique(b.map(\.id), "bids")
            for (k, x) in b.enumerated() {
                try AuctionError.requireNonNegative(x.quantity, "bids[\(k)].quantity")
                try AuctionError.requireNonNegative(x.price, "bids[\(k)].price")
            }
        case let (nil, .some(p)):
            guard !p.isEmpty else { throw AuctionError.empty(field: "players", reason: "an auction needs at least one player") }
            try AuctionError.requireUnique(p.map(\.id), "players")
            for (k, x) in p.enumerated() { try x.valuation.validate(field: "players[\(k)].valuation") }
        }
        if let r = maxRounds, r < 1 {
            throw AuctionError.invalidValue(field: "maxRounds", value: "\(r)", expected: "an integer >= 1")
        }
    }
}

/// `surplus exchange --scenario`.
public struct ExchangeScenario: Codable, Sendable {
    public var epsilon: Double
    /// p^kappa; absent: no ISP fallback.
    public var ispPrice: Double?
    public var sellers: [ExchangeSeller]
    public var buyers: [ExchangeBuyer]
    /// Optional named readings (defaults: synchronous, excludedElseMarginal, reserveAsBidder).
    public var schedule: ExchangeSchedule?
    public var reserveRule: ReserveRule?
    public var paymentRule: PaymentRule?
    /// Optional: let Sec. 5 brokers move spare data from cheap to dear sellers (default false).
    public var brokers: Bool?

    public init(epsilon: Double, ispPrice: Double?, sellers: [ExchangeSeller], buyers: [ExchangeBuyer]) {
        self.epsilon = epsilon
        self.ispPrice = ispPrice
        self.sellers = sellers
        self.buyers = buyers
    }

    /// The validated market.
    public func market() throws -> ExchangeMarket {
        try ExchangeMarket(sellers: sellers, buyers: buyers, epsilon: epsilon, ispPrice: ispPrice)
    }
}
