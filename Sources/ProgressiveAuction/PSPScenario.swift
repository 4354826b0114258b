import SurplusCore

/// `surplus psp --scenario`: fixed `bids` (cleared once) or `players`
/// (dynamics). The same JSON in a file or a body, decoded strictly (unknown
/// fields are errors); field names are a contract.
public struct PSPScenario: Codable, Sendable, Equatable {
    public struct NamedBid: Codable, Sendable, Equatable {
        public var id: String
        public var quantity: Double
        public var price: Double
        public init(id: String, quantity: Double, price: Double) {
            self.id = id
            self.quantity = quantity
            self.price = price
        }
    }
    public struct Player: Codable, Sendable, Equatable {
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
    /// Optional; absent: the default of `PSPDynamics.Options` (asynchronous).
    public var schedule: UpdateSchedule?
    /// Optional round cap; absent: the default of `PSPDynamics.Options`.
    public var maxRounds: Int?

    public init(quantity: Double, epsilon: Double, bids: [NamedBid]? = nil, players: [Player]? = nil) {
        self.quantity = quantity
        self.epsilon = epsilon
        self.bids = bids
        self.players = players
    }

    /// Checks everything the decoder cannot: ranges, ids, bids xor players.
    public func validate() throws {
        _ = try market()
        switch (bids, players) {
        case (.some, .some):
            throw InputError(field: "players", value: "a list", expected: "either bids or players, not both")
        case (nil, nil):
            throw InputError(field: "bids", value: "absent", expected: "bids (cleared once) or players (best-reply dynamics)")
        case let (.some(b), nil):
            guard !b.isEmpty else { throw InputError(field: "bids", value: "[]", expected: "at least one bid") }
            try Validate.count(b.count, 1...Self.maximumBids, "bids")
            try Validate.uniqueIDs(b.map(\.id), "bids")
            for (k, x) in b.enumerated() {
                try Validate.nonNegative(x.quantity, "bids[\(k)].quantity")
                try Validate.nonNegative(x.price, "bids[\(k)].price")
            }
        case let (nil, .some(p)):
            guard !p.isEmpty else { throw InputError(field: "players", value: "[]", expected: "at least one player") }
            try Validate.count(p.count, 1...Self.maximumPlayers, "players")
            let rounds = maxRounds ?? PSPDynamics.Options().maxRounds
            guard p.count.multipliedReportingOverflow(by: rounds).partialValue <= Self.maximumTurns else {
                throw InputError(
                    field: "maxRounds", value: rounds,
                    expected: "at most \(Self.maximumTurns / p.count) rounds for \(p.count) players (players x rounds <= 1e9 turns)")
            }
            try Validate.uniqueIDs(p.map(\.id), "players")
            for (k, x) in p.enumerated() { try x.valuation.validate(field: "players[\(k)].valuation") }
        }
        if let maxRounds { try Validate.count(maxRounds, 1...Self.maximumRounds, "maxRounds") }
    }

    /// Bids one clearing takes: reading, clearing and printing them takes seconds at this size.
    public static let maximumBids = 100_000
    /// Players of the dynamics: each round gives every one a turn.
    public static let maximumPlayers = 100_000
    /// Round limit of the dynamics.
    public static let maximumRounds = 1_000_000
    /// Turns (players x rounds) of the dynamics: minutes, not days.
    public static let maximumTurns = 1_000_000_000

    /// The validated auction (quantity and epsilon).
    public func market() throws -> PSPMarket {
        try PSPMarket(quantity: quantity, epsilon: epsilon)
    }

    /// The dynamics of `players` (empty without players: throws).
    public func dynamics() throws -> PSPDynamics {
        try PSPDynamics(market: market(), valuations: (players ?? []).map(\.valuation))
    }

    /// `PSPDynamics.Options` with the scenario's overrides of its defaults.
    public var dynamicsOptions: PSPDynamics.Options {
        var options = PSPDynamics.Options()
        if let schedule { options.schedule = schedule }
        if let maxRounds { options.maxRounds = maxRounds }
        return options
    }

    /// Validates, then clears the bids once or runs the dynamics of the players
    /// (progress to `run.progress`).
    public func run(_ run: RunOptions = .serial) throws -> PSPSummary {
        try validate()
        let market = try market()
        if let named = bids {
            let clearing = try market.clearingSummary(named.map { Bid(quantity: $0.quantity, price: $0.price) })
            let ids = named.map(\.id)
            return PSPSummary(
                mode: "clear", quantity: quantity, epsilon: epsilon, bids: named,
                allocations: Dictionary(uniqueKeysWithValues: zip(ids, clearing.allocations)),
                payments: Dictionary(uniqueKeysWithValues: zip(ids, clearing.payments)),
                utilities: nil, rounds: 0, moves: 0, converged: true, terminationRule: "clearedOnce",
                cycleDetectedAtRound: nil, welfare: clearing.welfare, optimalWelfare: clearing.optimalWelfare, optimalPrice: nil,
                efficiency: clearing.efficiency, movesPerRound: [])
        }
        let result = try dynamics().run(options: dynamicsOptions, progress: run.progress)
        let ids = (players ?? []).map(\.id)
        return PSPSummary(
            mode: "dynamics", quantity: quantity, epsilon: epsilon,
            bids: zip(ids, result.bids).map { NamedBid(id: $0.0, quantity: $0.1.quantity, price: $0.1.price) },
            allocations: Dictionary(uniqueKeysWithValues: zip(ids, result.allocations)),
            payments: Dictionary(uniqueKeysWithValues: zip(ids, result.payments)),
            utilities: Dictionary(uniqueKeysWithValues: zip(ids, result.utilities)),
            rounds: result.rounds, moves: result.moves, converged: result.converged,
            terminationRule: result.terminationRule.rawValue, cycleDetectedAtRound: result.cycleDetectedAtRound,
            welfare: result.welfare, optimalWelfare: result.optimalWelfare, optimalPrice: result.optimalPrice,
            efficiency: result.efficiency, movesPerRound: result.movesPerRound)
    }
}

/// What a PSP scenario gives, by bidder id (the JSON of `surplus psp`; field names are a contract).
public struct PSPSummary: Codable, Sendable, Equatable {
    /// "clear" (bids cleared once) or "dynamics".
    public var mode: String
    public var quantity: Double
    public var epsilon: Double
    /// The bids cleared, or the bids the dynamics ended with.
    public var bids: [PSPScenario.NamedBid]
    public var allocations: [String: Double]
    public var payments: [String: Double]
    /// u_i = theta_i(a_i) - c_i (dynamics only).
    public var utilities: [String: Double]?
    public var rounds: Int
    public var moves: Int
    public var converged: Bool
    /// A `TerminationRule`, or "clearedOnce".
    public var terminationRule: String
    public var cycleDetectedAtRound: Int?
    public var welfare: Double
    public var optimalWelfare: Double
    /// The water level of the optimum (dynamics only).
    public var optimalPrice: Double?
    /// `Efficiency.ratio(welfare, of: optimalWelfare)`.
    public var efficiency: Double
    /// Bids that moved in each round of the dynamics (empty when bids are cleared once).
    public var movesPerRound: [Int]
}

