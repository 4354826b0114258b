import SurplusCore

extension ExchangeMarket {
    /// The best welfare any allocation of the same supply to the same demand
    /// reaches: any seller can serve any buyer, so it serves the highest unit
    /// values first (a single pooled supply). This is the optimum of the
    /// linear program max sum_ij u_i x_ij, sum_i x_ij <= D^j, sum_j x_ij <= D_i,
    /// x >= 0 (the ISP's data is not counted). O(n log n).
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

/// Welfare relative to the optimum (`ExchangeOutcome.efficiency`) over the
/// small random markets `RandomInstances.smallExchange(index: 0..<markets)`
/// under one schedule and the default readings: the measure of the README's
/// exchange welfare table (reported by the 001/002 section of `surplus reproduce`).
public struct ExchangeWelfareSurvey: Sendable, Codable, Equatable {
    public var schedule: ExchangeSchedule
    public var markets: Int
    public var mean: Double
    public var minimum: Double
    /// Markets whose welfare is below the optimum (1e-9 relative).
    public var belowOptimum: Int
    /// Markets that end with a buyer short of its demand (served by the ISP
    /// or not) while some seller holds unsold data (1e-9 relative).
    public var stranded: Int

    /// Settles every market (serially; each is small) and summarises.
    public init(schedule: ExchangeSchedule, markets: Int, run: RunOptions) throws {
        self.schedule = schedule
        self.markets = markets
        var ratios: [Double] = []
        var stranded = 0
        for k in 0..<markets {
            let market = try RandomInstances.smallExchange(index: k, run: run)
            let o = market.settle(options: .init(schedule: schedule))
            ratios.append(o.efficiency)
            if o.strandsSupply(market) { stranded += 1 }
        }
        mean = ratios.isEmpty ? 1 : Statistics.mean(ratios)
        minimum = ratios.min() ?? 1
        belowOptimum = ratios.filter { $0 < 1 - 1e-9 }.count
        self.stranded = stranded
    }
}

extension ExchangeOutcome {
    /// Whether some buyer ends short of its demand from the market (whether
    /// the ISP then serves it or not) while some seller holds unsold data:
    /// the stranding the buyer response must not leave (1e-9 relative).
    public func strandsSupply(_ market: ExchangeMarket) -> Bool {
        var fromMarket: [String: Double] = [:]
        for t in trades where t.seller != ExchangeMarket.ispID { fromMarket[t.buyer, default: 0] += t.quantity }
        let short = market.buyers.contains { b in (fromMarket[b.id] ?? 0) < b.demand - 1e-9 * max(1, b.demand) }
        let quantity = Dictionary(uniqueKeysWithValues: market.sellers.map { ($0.id, $0.quantity) })
        let unsold = unsoldSupply.contains { $0.quantity > 1e-9 * max(1, quantity[$0.seller] ?? 1) }
        return short && unsold
    }
}
