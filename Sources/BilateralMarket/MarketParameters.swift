import SurplusCore

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
    /// missing surplus or serve cost falls back to the market's). The defaults are
    /// the settings of Sec. V-B (``SectionVB``).
    ///
    /// - Throws: `InputError` naming the first bad field.
    public init(
        model: CreditModel = SectionVB.model, interest: InterestReading = SectionVB.interest,
        price: Double = SectionVB.price, beta: Double = SectionVB.beta,
        clientProbability: Double = SectionVB.clientProbability, alpha: Double = SectionVB.alpha,
        surplus: Double = SectionVB.surplus, serveCost: Double = SectionVB.serveCost,
        loseCost: Double = SectionVB.loseCost, initialBudget: BudgetRange = SectionVB.initialBudget,
        types: [AgentType] = []
    ) throws {
        guard beta > 0 && beta < 1 else { throw InputError(field: "beta", value: beta, expected: "a probability in (0, 1)") }
        try Validate.nonNegative(alpha, "alpha")
        if interest == .rate, !(alpha >= 1) {
            throw InputError(field: "alpha", value: alpha, expected: "alpha >= 1 when alpha - 1 is the interest rate")
        }
        try Validate.nonNegative(loseCost, "loseCost")
        try Validate.nonNegative(initialBudget.low, "initialBudget.low")
        try Validate.bounded(initialBudget.high, "initialBudget.high")
        guard initialBudget.high >= initialBudget.low else {
            throw InputError(
                field: "initialBudget.high", value: initialBudget.high,
                expected: "a finite budget >= low = \(InputError.format(initialBudget.low)) (the range must not be empty)")
        }
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
                throw InputError(field: "\(field)name", value: "'\(type.name)'", expected: "a name no earlier type has")
            }
            try Validate.positive(type.share, "\(field)share")
            guard type.clientProbability > 0 && type.clientProbability < 1 else {
                throw InputError(
                    field: "\(field)clientProbability", value: type.clientProbability, expected: "a probability p_c in (0, 1)")
            }
            let s = type.surplus ?? surplus, c = type.serveCost ?? serveCost
            try Validate.nonNegative(c, "\(field)serveCost")
            try Validate.positive(s, "\(field)surplus")
            try Validate.bounded(price, "price")
            guard price >= c else {
                throw InputError(
                    field: "price", value: price,
                    expected: "a price k >= the server cost c_serve = \(InputError.format(c)), or no server would ever serve")
            }
            guard price <= s + loseCost else {
                throw InputError(
                    field: "price", value: price,
                    expected: "a price k <= s + c_lose = \(InputError.format(s + loseCost)), or no client would ever bid")
            }
        }
        let totalShare = resolved.reduce(0) { $0 + $1.share }
        // Shares are fractions of the population, not weights: a sum other than 1 is a typo
        // (dividing by it would hide one). The division below only absorbs rounding.
        guard abs(totalShare - 1) <= 1e-6 else {
            throw InputError(
                field: "types", value: "shares summing to \(InputError.format(totalShare))",
                expected: "type shares that sum to 1 (each a fraction of the population)")
        }
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
    /// Share of the population; the shares of a market's types sum to 1.
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
