import SurplusCore

extension ExchangeMarket {
    /// The best welfare any allocation of the same supply to the same demand
    /// reaches: any seller can serve any buyer, so it serves the highest unit
    /// values first (a single pooled supply). O(n log n).
    public static func optimalWelfare(sellers: [ExchangeSeller], buyers: [ExchangeBuyer]) -> Double {
        var left = sellers.reduce(0) { $0 + $1.quantity }
        var welfare = 0.0
        for b in buyers.sorted(by: { $0.unitPrice > $1.unitPrice }) {
            if left <= 0 { break }
            let take = min(left, b.demand)
            welfare += take * b.unitPrice
            left -= take
        }
        return welfare
    }
}

extension ExchangeOutcome {
    /// welfare / optimalWelfare (`Efficiency.ratio`: 1 when the optimum is 0).
    public var efficiency: Double { Efficiency.ratio(welfare, of: optimalWelfare) }
}
