/// Is the settled exchange an epsilon-Nash equilibrium among buyers (paper
/// 002, Prop. 2 and Theorem 1)? At the rest point of `settle`, each buyer in
/// turn tries every bid on a grid of coordinated bids (one price, the same
/// quantity at every seller of a pool, Lemma 5) with every other bid and the
/// sellers' reserves held fixed; each seller's book is re-cleared with the
/// engine's own allocation rule (5), reserve update (20) and payment rule (6)
/// (`clear(bids:prices:reserves:supply:options:)`, the code `settle` runs).
///
/// The grid: prices the buyer's own, its unit value, epsilon / 2, and
/// epsilon / 2 above and below every other bid price and every reserve; pools
/// every non-empty subset of sellers (2^S of them: meant for small markets),
/// plus withdrawing and holding; totals 1/4, 1/2, 3/4, 1 and 5/4 of D_i
/// split equally over the pool.
public struct ExchangeDeviation: Sendable, Equatable {
    /// The buyer's index in `ExchangeMarket.buyers`.
    public var buyer: Int
    /// Utility of the best bid on the grid less the rest point's (holding the
    /// bid gains 0, so never negative).
    public var gain: Double
    /// The best bid: its price, its pool (seller indices) and its quantity per seller.
    public var price: Double
    public var pool: [Int]
    public var perSeller: Double
}

/// The engine's rest point: final bids, prices and reserves.
package struct ExchangeRestPoint {
    package var bids: [[PoolEntry]]
    package var prices: [Double]
    package var reserves: [Double]
    /// Data on offer per auction (D^j, moved by brokers when they act).
    package var supply: [Double]
    package var outcome: ExchangeOutcome
}

extension ExchangeMarket {
    /// Settles the exchange and returns the best deviation of every buyer on
    /// the grid above.
    /// - Parameters:
    ///   - reserveFloor: only deviations priced at or above the reserve of
    ///     every seller they bid at (the reading of Algorithm 3 line 7 under
    ///     which the reserve is an entry floor).
    ///   - ownPool: only deviations inside the buyer's current pool.
    public func bestDeviations(
        options: Options, reserveFloor: Bool, ownPool: Bool = false
    ) -> (outcome: ExchangeOutcome, deviations: [ExchangeDeviation]) {
        let r = restPoint(options: options)
        return (r.outcome, bestDeviations(at: r, options: options, reserveFloor: reserveFloor, ownPool: ownPool))
    }

    package func restPoint(options: Options) -> ExchangeRestPoint {
        var run = ExchangeRun(market: self, options: options)
        while !run.finished { run.advance() }
        let o = run.outcome
        let engine = run.settledEngine
        return ExchangeRestPoint(bids: engine.bids, prices: engine.bidPrice, reserves: engine.reserve, supply: engine.supply, outcome: o)
    }

    /// Buyer i's utility for a_i units at cost c_i: its unit value on at most
    /// D_i units, less the payment, plus the ISP fallback's surplus on unmet
    /// demand (Remark 4), as in `ExchangeOutcome.utilities`.
    package func utility(buyer i: Int, allocation a: Double, payment c: Double) -> Double {
        let b = buyers[i]
        var u = b.unitPrice * min(a, b.demand) - c
        if let isp = ispPrice, b.unitPrice >= isp { u += (b.unitPrice - isp) * max(0, b.demand - a) }
        return u
    }

    /// Every non-empty subset of `sellers` sellers.
    static func pools(_ sellers: Int) -> [[Int]] {
        (1..<(1 << sellers)).map { mask in (0..<sellers).filter { mask & (1 << $0) != 0 } }
    }

    package func bestDeviations(at r: ExchangeRestPoint, options: Options, reserveFloor: Bool, ownPool: Bool) -> [ExchangeDeviation] {
        let eps = epsilon
        let base = clear(bids: r.bids, prices: r.prices, reserves: r.reserves, supply: r.supply, options: options)
        var found: [ExchangeDeviation] = []
        let levels = Set(r.prices + r.reserves)
        let allPools = Self.pools(sellers.count)
        for i in 0..<buyers.count {
            let u0 = utility(buyer: i, allocation: base.allocation[i], payment: base.payment[i])
            var prices = Set([r.prices[i], buyers[i].unitPrice, eps / 2])
            for p in levels { prices.insert(p + eps / 2); prices.insert(max(eps / 4, p - eps / 2)) }
            // Holding the current bid (gain 0 up to rounding).
            var best = ExchangeDeviation(
                buyer: i, gain: 0, price: r.prices[i], pool: r.bids[i].map(\.seller), perSeller: r.bids[i].first?.quantity ?? 0)
            var bids = r.bids
            var ps = r.prices
            func tryBid(_ price: Double, _ pool: [Int], _ q: Double) {
                bids[i] = pool.map { PoolEntry(seller: $0, quantity: q) }
                ps[i] = price
                let c = clear(bids: bids, prices: ps, reserves: r.reserves, supply: r.supply, options: options)
                let gain = utility(buyer: i, allocation: c.allocation[i], payment: c.payment[i]) - u0
                if gain > best.gain { best = ExchangeDeviation(buyer: i, gain: gain, price: price, pool: pool, perSeller: q) }
            }
            tryBid(r.prices[i], [], 0)
            let d = buyers[i].demand
            let current = Set(r.bids[i].map(\.seller))
            for price in prices.sorted() {
                for pool in allPools {
                    if ownPool && Set(pool) != current { continue }
                    if reserveFloor && pool.contains(where: { price < r.reserves[$0] }) { continue }
                    for f in [0.25, 0.5, 0.75, 1, 1.25] { tryBid(price, pool, f * d / Double(pool.count)) }
                }
            }
            found.append(best)
        }
        return found
    }
}
