/// A bid s_i = (q_i, p_i) in a progressive second price auction: the bidder
/// asks for quantity q_i at unit price p_i (Lazar and Semret; paper 002, Sec. 3).
public struct Bid: Sendable, Hashable, Codable {
    /// q_i >= 0.
    public var quantity: Double
    /// p_i >= 0.
    public var price: Double

    public init(quantity: Double, price: Double) {
        self.quantity = quantity
        self.price = price
    }

    /// The zero bid (0, 0): not taking part.
    public static let zero = Bid(quantity: 0, price: 0)
}
