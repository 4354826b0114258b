import SurplusCore

/// A single-resource progressive second price auction (Lazar and Semret;
/// paper 002, Sec. 3.2): quantity Q, bid fee epsilon, and either fixed bids
/// (cleared once) or players with valuations (who bid by truthful
/// epsilon-best replies until no bid moves).
public struct PSPMarket: Sendable {
    /// Q > 0, the divisible quantity on sale.
    public let quantity: Double
    /// epsilon > 0, the bid fee: a player moves only if that gains it more
    /// than epsilon, and its truthful reply shades its quantity by epsilon/theta'(0).
    public let epsilon: Double

    public init(quantity: Double, epsilon: Double) throws {
        try Validate.positive(quantity, "quantity")
        try Validate.positive(epsilon, "epsilon")
        self.quantity = quantity
        self.epsilon = epsilon
    }

    /// The outcome of clearing fixed bids once.
    public struct Clearing: Sendable, Equatable {
        /// a_i by rule (5).
        public var allocations: [Double]
        /// c_i by rule (6).
        public var payments: [Double]
    }

    /// Clears `bids` once: allocation rule (5), cost rule (6). O(n log n).
    public func clear(_ bids: [Bid]) throws -> Clearing {
        for (k, b) in bids.enumerated() {
            try Validate.nonNegative(b.quantity, "bids[\(k)].quantity")
            try Validate.nonNegative(b.price, "bids[\(k)].price")
        }
        let (a, c) = PSPBook(supply: quantity, bids: bids).clear()
        return Clearing(allocations: a, payments: c)
    }

    /// Clears `bids` once and measures the result with the declared prices
    /// standing in for valuations: welfare sum_i p_i a_i, against the best use
    /// of Q at those prices (water filling over linear valuations p_i up to q_i).
    public func clearingSummary(_ bids: [Bid]) throws -> PSPClearingSummary {
        let clearing = try clear(bids)
        let welfare = zip(bids, clearing.allocations).reduce(0) { $0 + $1.0.price * $1.1 }
        let optimum = WaterFilling.optimum(
            quantity: quantity,
            valuations: bids.map { .linear(unitValue: max($0.price, .leastNonzeroMagnitude), cap: max($0.quantity, .leastNonzeroMagnitude)) })
        return PSPClearingSummary(
            allocations: clearing.allocations, payments: clearing.payments, welfare: welfare, optimalWelfare: optimum.welfare)
    }
}

/// Fixed bids cleared once (`PSPMarket.clearingSummary`), measured at the declared prices.
public struct PSPClearingSummary: Sendable, Equatable {
    /// a_i by rule (5).
    public var allocations: [Double]
    /// c_i by rule (6).
    public var payments: [Double]
    /// sum_i p_i a_i.
    public var welfare: Double
    /// The water-filling optimum of Q at the declared prices.
    public var optimalWelfare: Double
    /// `Efficiency.ratio(welfare, of: optimalWelfare)`.
    public var efficiency: Double { Efficiency.ratio(welfare, of: optimalWelfare) }
}
