import SurplusCore

/// A seller j of the data exchange: D^j units of leftover data (paper 002, Sec. 3.1).
public struct ExchangeSeller: Sendable, Hashable, Codable {
    public var id: String
    /// D^j >= 0.
    public var quantity: Double
    public init(id: String, quantity: Double) {
        self.id = id
        self.quantity = quantity
    }
}

/// A buyer i of the data exchange: it values each unit at `unitPrice` up to
/// `demand` units D_i (a linear valuation; paper 002, Table 1).
///
/// A buyer is *managed* (the opt-out strategy, Algorithm 2, bids on its behalf) unless it
/// brings its own `bids`: a *manual* buyer's bids s_i^j = (quantity, price) stay on file,
/// unchanged, in every round (the platform "maintains" them; paper 001). Its valuation is
/// still (D_i, theta_i'): utility, welfare and the ISP fallback for unmet demand are the
/// managed buyer's; only the bids are its own, at any price and at most D_i in all.
public struct ExchangeBuyer: Sendable, Hashable, Codable {
    /// A manual buyer's bid at one seller: `quantity` units at `unitPrice` each.
    public struct FixedBid: Sendable, Hashable, Codable {
        /// The seller's id.
        public var seller: String
        public var quantity: Double
        public var unitPrice: Double
        public init(seller: String, quantity: Double, unitPrice: Double) {
            self.seller = seller
            self.quantity = quantity
            self.unitPrice = unitPrice
        }

        /// Checks a manual buyer's bids: each at a seller `isSeller` accepts, one per
        /// seller, quantity and price > 0, at most `demand` units in all (exactly: the
        /// hold of a live bid is sized on the demand). Errors name `field`, `field[n].seller`, ...
        public static func check(_ bids: [FixedBid], demand: Double, field: String, sellers: String, isSeller: (String) -> Bool) throws {
            var named = Set<String>()
            for (n, bid) in bids.enumerated() {
                guard isSeller(bid.seller) else {
                    throw InputError(field: "\(field)[\(n)].seller", value: "'\(bid.seller)'", expected: sellers)
                }
                guard named.insert(bid.seller).inserted else {
                    throw InputError(field: "\(field)[\(n)].seller", value: "'\(bid.seller)'", expected: "one bid per seller")
                }
                try Validate.positive(bid.quantity, "\(field)[\(n)].quantity")
                try Validate.positive(bid.unitPrice, "\(field)[\(n)].unitPrice")
            }
            let total = bids.reduce(0) { $0 + $1.quantity }
            guard total <= demand else {
                throw InputError(field: field, value: total, expected: "quantities that add up to at most the demand, \(demand)")
            }
        }
    }

    public var id: String
    /// D_i >= 0.
    public var demand: Double
    /// theta_i' on [0, D_i], the buyer's truthful bid price.
    public var unitPrice: Double
    /// A manual buyer's bids, at most one per seller (none yet: `[]`); nil for a managed buyer.
    public var bids: [FixedBid]?

    public init(id: String, demand: Double, unitPrice: Double, bids: [FixedBid]? = nil) {
        self.id = id
        self.demand = demand
        self.unitPrice = unitPrice
        self.bids = bids
    }
}

/// Which bid counts as "the highest losing bid" i* in the reserve price
/// p_*^j = p_{i*}^j + epsilon of (20). The papers do not say what a partly
/// served bid is; the three readings differ there.
public enum ReserveRule: String, NamedChoice {
    /// The highest bid left with nothing; if every bid got something, the
    /// partly served (marginal) bid. Reproduces every reserve in Example 1's
    /// trace (1 + epsilon at t = 1 and t = 2). Default.
    case excludedElseMarginal
    /// The highest bid with any unserved part, partly served bids included
    /// (the marginal-price reading: an extra unit would go to that bid).
    /// Gives 1.2 + epsilon for seller 2 at t = 1 of Example 1.
    case unserved
    /// Only bids left with nothing count. Leaves seller 1 at epsilon in Example 1.
    case excludedOnly
}

/// What a buyer pays for the data it gets from seller j.
public enum PaymentRule: String, NamedChoice {
    /// Rule (6) with the seller's reserve acting as a bidder for its own data:
    /// each unit costs the larger of the displaced buyers' price and the
    /// seller's final reserve p_*^j, but never more than the buyer's own bid
    /// (individual rationality). Gives Example 1's "prices 1 + epsilon". Default.
    case reserveAsBidder
    /// Rule (6) with the seller's opening bid (D^j, epsilon) of Sec. 3.3.2 /
    /// Remark 4 as the bidder: each unit costs at least epsilon.
    case openingBid
    /// Rule (6) over the buyers' bids alone (Lazar and Semret's PSP): data
    /// that displaces nobody is free.
    case buyersOnly
}

/// How buyers take turns.
public enum ExchangeSchedule: String, NamedChoice {
    /// Every seller clears, then every buyer not fully served re-bids against
    /// the same books (Example 1's trace). Buyers herd to the largest sellers,
    /// so this can take about one round per seller on large markets.
    case synchronous
    /// Buyers re-bid one at a time in order of bid price (highest first, then
    /// input order), each against the books as already updated: settles in
    /// two rounds (one to place, one to confirm). Used for large markets.
    case priority
}

/// The multi-seller mobile-data exchange of papers 001 and 002: every seller
/// runs a local PSP auction of its D^j units; buyers follow the opt-out
/// strategy (Lemma 3, Algorithm 2), sellers progressive allocation with a
/// reserve price (Lemma 4, Algorithm 3, eq. (20)); unmet demand can buy from
/// the ISP at p^kappa (Remark 4).
public struct ExchangeMarket: Sendable {
    public let sellers: [ExchangeSeller]
    public let buyers: [ExchangeBuyer]
    /// epsilon > 0, the bid fee and reserve increment.
    public let epsilon: Double
    /// p^kappa > 0, the ISP's unit price; nil when there is no ISP fallback.
    public let ispPrice: Double?

    /// Validates once: non-empty lists, unique ids, non-negative quantities,
    /// positive unit prices, epsilon > 0, ispPrice > 0.
    public init(sellers: [ExchangeSeller], buyers: [ExchangeBuyer], epsilon: Double, ispPrice: Double? = nil) throws {
        guard !sellers.isEmpty else { throw InputError(field: "sellers", value: "[]", expected: "at least one seller") }
        guard !buyers.isEmpty else { throw InputError(field: "buyers", value: "[]", expected: "at least one buyer") }
        try Validate.count(sellers.count, 1...Self.maximumSellers, "sellers")
        try Validate.count(buyers.count, 1...Self.maximumBuyers, "buyers")
        guard buyers.count * sellers.count <= Self.maximumPairs else {
            throw InputError(
                field: "buyers", value: buyers.count,
                expected: "at most \(Self.maximumPairs / sellers.count) buyers beside \(sellers.count) sellers (buyers x sellers <= 1e8: every buyer may bid at every seller)")
        }
        try Validate.positive(epsilon, "epsilon")
        if let p = ispPrice { try Validate.positive(p, "ispPrice") }
        for (k, s) in sellers.enumerated() { try Validate.nonNegative(s.quantity, "sellers[\(k)].quantity") }
        let known = Set(sellers.map(\.id))
        for (k, b) in buyers.enumerated() {
            if let bids = b.bids {
                try Validate.count(bids.count, 0...sellers.count, "buyers[\(k)].bids")
                try ExchangeBuyer.FixedBid.check(bids, demand: b.demand, field: "buyers[\(k)].bids",
                                                 sellers: "the id of a seller of this exchange", isSeller: known.contains)
            }
            try Validate.nonNegative(b.demand, "buyers[\(k)].demand")
            try Validate.positive(b.unitPrice, "buyers[\(k)].unitPrice")
        }
        try Validate.uniqueIDs(sellers.map(\.id), "sellers")
        try Validate.uniqueIDs(buyers.map(\.id), "buyers")
        let sellerIDs = Set(sellers.map(\.id))
        if let k = buyers.firstIndex(where: { sellerIDs.contains($0.id) }) {
            throw InputError(field: "buyers[\(k)].id", value: "'\(buyers[k].id)'", expected: "an id no seller uses")
        }
        let reservedIDs = [ExchangeMarket.ispID, ExchangeMarket.brokerID]
        let reserved = "an id other than ISP or broker, which the exchange uses itself"
        if let k = sellers.firstIndex(where: { reservedIDs.contains($0.id) }) {
            throw InputError(field: "sellers[\(k)].id", value: "'\(sellers[k].id)'", expected: reserved)
        }
        if let k = buyers.firstIndex(where: { reservedIDs.contains($0.id) }) {
            throw InputError(field: "buyers[\(k)].id", value: "'\(buyers[k].id)'", expected: reserved)
        }
        self.sellers = sellers
        self.buyers = buyers
        self.epsilon = epsilon
        self.ispPrice = ispPrice
    }

    /// Sellers of one exchange.
    public static let maximumSellers = 10_000
    /// Buyers of one exchange.
    public static let maximumBuyers = 100_000
    /// Buyer-seller pairs: each buyer may hold a bid at each seller.
    public static let maximumPairs = 100_000_000

    /// The seller id of trades with the ISP.
    public static let ispID = "ISP"
    /// The buyer or seller id of a broker's trades.
    public static let brokerID = "broker"

    public struct Options: Sendable {
        public var schedule: ExchangeSchedule
        public var reserveRule: ReserveRule
        public var paymentRule: PaymentRule
        /// Round cap (the last termination rule).
        public var maxRounds: Int
        /// Keep the round-by-round trace (bids, allocations, reserves).
        public var recordTrace: Bool
        /// Synchronous rounds allowed before switching to the priority
        /// schedule (nil: 4 x sellers + 16). Buyers herd to the largest seller
        /// with room, so the synchronous schedule can need about one round
        /// per seller per wave of unserved buyers.
        public var synchronousPatience: Int?
        /// Brokers (Sec. 5), off by default: at a rest point, when two
        /// sellers' reserves differ by at least epsilon (p_*^k >= p_*^j +
        /// epsilon) and j has data left, a broker bids for it in j's auction
        /// at p_*^j and offers what it gets as more supply in k's auction,
        /// whose reserve drops to p_*^j + epsilon; the dynamics run again
        /// until no bid moves, and so on (at most 4 x sellers + 16 actions).
        /// Its trades name "broker" as buyer or seller; auction k's sales are
        /// split between seller k and the broker in proportion to the data
        /// each put in; `ExchangeOutcome.brokerProfit` is its profit.
        public var brokers: Bool
        public init(
            schedule: ExchangeSchedule = .synchronous, reserveRule: ReserveRule = .excludedElseMarginal,
            paymentRule: PaymentRule = .reserveAsBidder, maxRounds: Int = 100_000, recordTrace: Bool = false,
            synchronousPatience: Int? = nil, brokers: Bool = false
        ) {
            self.brokers = brokers
            self.synchronousPatience = synchronousPatience
            self.schedule = schedule
            self.reserveRule = reserveRule
            self.paymentRule = paymentRule
            self.maxRounds = maxRounds
            self.recordTrace = recordTrace
        }
    }
}

/// One trade of the settled exchange.
public struct ExchangeTrade: Sendable, Hashable, Codable {
    public var buyer: String
    /// A seller id, or "ISP" for the fallback purchase.
    public var seller: String
    public var quantity: Double
    /// payment / quantity.
    public var unitPrice: Double
    public var payment: Double
}

/// What one round of the exchange looked like (the trace of Example 1).
public struct ExchangeRound: Sendable, Hashable, Codable {
    /// One seller's auction after its clearing.
    public struct SellerState: Sendable, Hashable, Codable {
        public var seller: String
        /// D^j(t+1): data not allocated, even tentatively, after this clearing.
        public var remaining: Double
        /// p_*^j after this clearing.
        public var reservePrice: Double
        /// The bid vector s^j: every bid with its tentative allocation.
        public var bids: [BidState]
    }
    public struct BidState: Sendable, Hashable, Codable {
        public var buyer: String
        public var quantity: Double
        public var price: Double
        public var allocated: Double
    }
    /// A buyer's new bids s_i after the clearing.
    public struct Response: Sendable, Hashable, Codable {
        public var buyer: String
        public var bids: [PoolBid]
    }
    public struct PoolBid: Sendable, Hashable, Codable {
        public var seller: String
        public var quantity: Double
        public var price: Double
    }
    public var round: Int
    public var sellers: [SellerState]
    public var responses: [Response]
}

/// The settled exchange.
public struct ExchangeOutcome: Sendable {
    public var trades: [ExchangeTrade]
    /// Final p_*^j by seller, in input order.
    public var reservePrices: [(seller: String, price: Double)]
    /// Demand left unmet (after the ISP fallback), by buyer in input order.
    public var unmetDemand: [(buyer: String, quantity: Double)]
    /// Data left unsold, by seller in input order.
    public var unsoldSupply: [(seller: String, quantity: Double)]
    /// Buyer utilities sum_j (unitPrice * a_i^j - c_i^j) plus the ISP purchase's surplus.
    public var utilities: [(buyer: String, utility: Double)]
    /// Clearing rounds until no buyer changed its bids (the papers count the
    /// round that confirms it as one more: Example 1 "ends at t = 4").
    public var rounds: Int
    public var converged: Bool
    public var terminationRule: TerminationRule
    public var cycleDetectedAtRound: Int?
    /// The round at which the synchronous schedule ran out of patience, if it did.
    public var patienceExhaustedAtRound: Int?
    /// sum_i unitPrice_i * (data bought from sellers and brokers).
    public var welfare: Double
    /// Brokers' sales less their purchases (Sec. 5; 0 without brokers).
    /// Buyers' payments = sellers' revenue + this.
    public var brokerProfit: Double
    /// The same for the best allocation of the same supply to the same demand
    /// (the highest unit values served first).
    public var optimalWelfare: Double
    public var trace: [ExchangeRound]?
}
