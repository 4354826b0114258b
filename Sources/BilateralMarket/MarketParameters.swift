/// The validated parameters of a bilateral market (paper 000, Secs. II and V).
///
/// Build one with the throwing initializer; every later computation trusts it.
public struct MarketParameters: Sendable, Hashable, Codable {
    /// Credit model (Sec. V-B).
    public let model: CreditModel
    /// Reading of alpha (see `InterestReading`).
    public let interest: InterestReading
    /// The unified price k that servers ask and clients bid (Sec. III-C).
    public let price: Double
    /// Probability beta that an agent stays for another period (Sec. II).
    public let beta: Double
    /// Overdraft penalty alpha (eq. (1)).
    public let alpha: Double
    /// Cost c_lose of a client whose trade fails (Sec. II).
    public let loseCost: Double
    /// Law Psi of a new agent's budget, U[low, high].
    public let initialBudget: BudgetRange
    /// Agent types (Sec. VI); a homogeneous market has one type of share 1.
    public let types: [AgentType]

    /// Validates every field. A single type may be given through `clientProbability`,
    /// `surplus` and `serveCost`; `types` replaces it when not empty (a type's
    /// missing surplus or serve cost falls back to the market's).
    public init(
        model: CreditModel = .bank, interest: InterestReading = .equation1, price: Double = 7,
        beta: Double = 0.98, clientProbability: Double = 0.5, alpha: Double = 1.1,
        surplus: Double = 8, serveCost: Double = 6, loseCost: Double = 0.5,
        initialBudget: BudgetRange = BudgetRange(low: 0, high: 5), types: [AgentType] = []
    ) throws {
        try Self.check("beta", beta, beta > 0 && beta < 1, "beta must lie in (0, 1)")
        try Self.check("alpha", alpha, alpha >= 0 && alpha.isFinite, "alpha must be a finite number >= 0")
        if interest == .rate {
            try Self.check("alpha", alpha, alpha >= 1, "alpha must be >= 1 when alpha - 1 is the interest rate")
        }
        try Self.check("loseCost", loseCost, loseCost >= 0 && loseCost.isFinite, "c_lose must be >= 0")
        try Self.check(
            "initialBudget.low", initialBudget.low, initialBudget.low >= 0 && initialBudget.low.isFinite,
            "budgets are >= 0")
        try Self.check(
            "initialBudget.high", initialBudget.high,
            initialBudget.high >= initialBudget.low && initialBudget.high.isFinite,
            "the budget range must not be empty: high >= low = \(initialBudget.low)")
        let resolved =
            types.isEmpty
            ? [AgentType(name: "all", share: 1, clientProbability: clientProbability, surplus: surplus, serveCost: serveCost)]
            : types.map {
                AgentType(
                    name: $0.name, share: $0.share, clientProbability: $0.clientProbability,
                    surplus: $0.surplus ?? surplus, serveCost: $0.serveCost ?? serveCost)
            }
        var names = Set<String>()
        for (i, type) in resolved.enumerated() {
            let field = types.isEmpty ? "" : "types[\(i)]."
            guard names.insert(type.name).inserted else {
                throw MarketError.invalid(field: "\(field)name", reason: "duplicate type name '\(type.name)'")
            }
            try Self.check("\(field)share", type.share, type.share > 0 && type.share.isFinite, "a share must be > 0")
            try Self.check(
                "\(field)clientProbability", type.clientProbability,
                type.clientProbability > 0 && type.clientProbability < 1, "p_c must lie in (0, 1)")
            let s = type.surplus ?? surplus, c = type.serveCost ?? serveCost
            try Self.check("\(field)serveCost", c, c >= 0 && c.isFinite, "c_serve must be >= 0")
            try Self.check("\(field)surplus", s, s > 0 && s.isFinite, "s must be > 0")
            try Self.check(
                "price", price, price >= c && price.isFinite,
                "k must be at least the server cost c_serve = \(c), or no server would ever serve")
            try Self.check(
                "price", price, price <= s + loseCost,
                "k must be at most s + c_lose = \(s + loseCost), or no client would ever bid")
        }
        let totalShare = resolved.reduce(0) { $0 + $1.share }
        self.model = model
        self.interest = interest
        self.price = price
        self.beta = beta
        self.alpha = alpha
        self.loseCost = loseCost
        self.initialBudget = initialBudget
        self.types = resolved.map {
            AgentType(
                name: $0.name, share: $0.share / totalShare, clientProbability: $0.clientProbability,
                surplus: $0.surplus, serveCost: $0.serveCost)
        }
    }

    private static func check(_ field: String, _ value: Double, _ ok: Bool, _ allowed: String) throws {
        if !ok || value.isNaN { throw MarketError.outOfRange(field: field, value: value, allowed: allowed) }
    }

    /// The same market at another price k (validated again).
    public func with(price: Double) throws -> MarketParameters {
        try MarketParameters(
            model: model, interest: interest, price: price, beta: beta, alpha: alpha, loseCost: loseCost,
            initialBudget: initialBudget, types: types)
    }

    /// The population-wide probability that an agent is a client, sum_t share_t p_c,t.
    public var clientShare: Double { types.reduce(0) { $0 + $1.share * $1.clientProbability } }
}

/// The range of a new agent's budget, Psi = U[low, high] (a point mass if low == high).
public struct BudgetRange: Sendable, Hashable, Codable {
    public var low: Double
    public var high: Double
    public init(low: Double, high: Double) {
        self.low = low
        self.high = high
    }
}

/// A class of agents with its own role probabilities (paper 000, Sec. VI).
public struct AgentType: Sendable, Hashable, Codable {
    public var name: String
    /// Share of the population (normalized to sum 1 by `MarketParameters`).
    public var share: Double
    /// p_c, the probability of being a client in a period (p_s = 1 - p_c).
    public var clientProbability: Double
    /// s for this type; the market's when nil (always set once validated).
    public var surplus: Double?
    /// c_serve for this type; the market's when nil (always set once validated).
    public var serveCost: Double?

    public init(name: String, share: Double, clientProbability: Double, surplus: Double? = nil, serveCost: Double? = nil) {
        self.name = name
        self.share = share
        self.clientProbability = clientProbability
        self.surplus = surplus
        self.serveCost = serveCost
    }
}
