/// Every buyer's allocation and payment for one bid profile.
package struct ExchangeClearing: Sendable {
    /// sum_j a_i^j by buyer.
    package var allocation: [Double]
    /// sum_j c_i^j by buyer.
    package var payment: [Double]
    /// p_*^j after the clearing (never below the reserves passed in).
    package var reserves: [Double]
}

extension ExchangeMarket {
    /// Clears every seller's book for the given bids with the engine's own
    /// allocation rule (5), reserve update (20) and payment rule (6) (the
    /// same code `settle` runs): `bids[i]` are buyer i's pool bids, all at
    /// `prices[i]` (a coordinated bid, Lemma 5), and `reserves` the p_*^j
    /// the clearing starts from; `supply` the data on offer per auction
    /// (default D^j; with Sec. 5 brokers, what the engine's `supply` holds).
    /// Used to test unilateral deviations.
    package func clear(bids: [[PoolEntry]], prices: [Double], reserves: [Double], supply: [Double]? = nil, options: Options) -> ExchangeClearing {
        var engine = ExchangeEngine(market: self, options: options)
        if let supply { engine.supply = supply }
        engine.bids = bids
        engine.bidPrice = prices
        engine.reserve = reserves
        engine.clear()
        var allocation = Array(repeating: 0.0, count: buyers.count)
        var payment = allocation
        for t in engine.pricedBooks() {
            allocation[t.buyer] += t.allocation
            payment[t.buyer] += t.payment
        }
        return ExchangeClearing(allocation: allocation, payment: payment, reserves: engine.reserve)
    }
}
