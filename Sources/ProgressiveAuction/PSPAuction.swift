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
        try AuctionError.requirePositive(quantity, "quantity")
        try AuctionError.requirePositive(epsilon, "epsilon")
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
            try AuctionError.requireNonNegative(b.quantity, "bids[\(k)].quantity")
            try AuctionError.requireNonNegative(b.price, "bids[\(k)].price")
        }
        let (a, c) = PSPBook(supply: quantity, bids: bids).clear()
        return Clearing(allocations: a, payments: c)
    }
}
