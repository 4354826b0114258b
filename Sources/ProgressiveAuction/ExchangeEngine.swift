import SurplusCore

extension ExchangeMarket {
    /// Runs the exchange until no buyer changes its bids, then prices the
    /// trades and sends unmet demand to the ISP. Deterministic.
    ///
    /// Cost: each clearing sorts all bids once, O(E log E) for E bids; a
    /// synchronous response costs O(S log S) per re-bidding buyer (S sellers);
    /// a priority-ordered response costs O(k log S) for a pool of k sellers.
    public func settle(options: Options = Options(), progress: ProgressHandler? = nil) -> ExchangeOutcome {
        var run = ExchangeRun(market: self, options: options)
        while !run.finished {
            run.advance()
            progress?(ProgressUpdate(stage: "exchange rounds", completed: run.rounds, total: options.maxRounds))
        }
        return run.outcome
    }
}

/// One bid of an opt-out buyer: quantity sigma_i^j at seller j (the price is
/// the buyer's, the same at every seller: a coordinated bid, Lemma 5).
package struct PoolEntry: Equatable, Sendable {
    package var seller: Int
    package var quantity: Double
}

/// A Sec. 5 broker's purchase: `quantity` units seller `from` had left, at
/// `unitPrice`, offered as more supply in the auction of seller `to`.
package struct BrokerPurchase: Equatable, Sendable {
    package var from: Int
    package var to: Int
    package var quantity: Double
    package var unitPrice: Double
}

/// The state machine behind `ExchangeMarket.settle` (package access for the tests).
/// Its state is declared here; each concern is an extension of its own: the
/// clearing (rules (5) and (20)), the buyers' responses (Lemma 3, Algorithm 2),
/// the run and its termination rules, Sec. 5 brokers, the trace, and pricing
/// (rule (6), the ISP fallback of Remark 4).
package struct ExchangeEngine: Sendable {
    let market: ExchangeMarket
    let options: ExchangeMarket.Options
    let sellerCount: Int
    let buyerCount: Int
    /// Data on offer in auction j: D^j, less what brokers bought there, plus
    /// what brokers bought elsewhere and offer here (Sec. 5).
    var supply: [Double]
    /// D^j, the seller's own data.
    let ownSupply: [Double]
    /// Sec. 5 brokers' purchases, in the order they happened.
    package var brokerPurchases: [BrokerPurchase] = []
    /// D_i.
    let demand: [Double]
    /// p_i = min(unitPrice_i, p^kappa): truthful, and never above the ISP's
    /// price, which bounds what data is worth to anyone (Lemma 3's proof).
    /// (A `var` so that `ExchangeMarket.clear(bids:prices:reserves:supply:options:)`
    /// can price a deviating buyer's bid differently.)
    var bidPrice: [Double]
    /// Buyers by (bid price desc, index asc).
    let priorityOrder: [Int]
    /// Sellers ranked for ties in availability: larger D^j first (the order
    /// of I_i(n), "sellers with the largest quantities").
    let sellerRank: [Int]

    /// s_i for every buyer.
    var bids: [[PoolEntry]]
    /// A manual buyer's prices, aligned with its `bids` (each capped at p^kappa like
    /// `bidPrice`); nil for a managed buyer. Manual bids never move.
    let fixedPrices: [[Double]?]
    /// a_i^j for every bid, aligned with `bids`.
    var bidAllocations: [[Double]]
    /// p_*^j.
    var reserve: [Double]
    var satisfied: [Bool]

    // The cleared books: entries grouped by seller, price desc within a seller.
    var offsets: [Int]
    var entryBuyer: [Int] = []
    var entryIndex: [Int] = []
    var entryPrice: [Double] = []
    var entryQuantity: [Double] = []
    var entryCum: [Double] = [0]

    // Scratch for responses.
    var available: [Double]
    var candidates: [Int] = []
    var residual: [Double]
    var heap: SellerHeap
    /// What a buyer keeps and adds at each seller in step 2 of its response
    /// (zero between uses), and the sellers it touched.
    var heldAt: [Double]
    var addAt: [Double]
    var touched: [Int] = []

    package init(market: ExchangeMarket, options: ExchangeMarket.Options) {
        self.market = market
        self.options = options
        sellerCount = market.sellers.count
        buyerCount = market.buyers.count
        supply = market.sellers.map(\.quantity)
        ownSupply = market.sellers.map(\.quantity)
        demand = market.buyers.map(\.demand)
        let cap = market.ispPrice ?? .infinity
        let prices = market.buyers.map { min($0.unitPrice, cap) }
        bidPrice = prices
        priorityOrder = (0..<market.buyers.count).sorted { prices[$0] != prices[$1] ? prices[$0] > prices[$1] : $0 < $1 }
        let quantities = market.sellers.map(\.quantity)
        let byQuantity = (0..<market.sellers.count).sorted { quantities[$0] != quantities[$1] ? quantities[$0] > quantities[$1] : $0 < $1 }
        var rank = Array(repeating: 0, count: market.sellers.count)
        for (r, j) in byQuantity.enumerated() { rank[j] = r }
        sellerRank = rank
        var bids = [[PoolEntry]](repeating: [], count: market.buyers.count)
        var fixedPrices = [[Double]?](repeating: nil, count: market.buyers.count)
        let sellerIndex = Dictionary(uniqueKeysWithValues: market.sellers.enumerated().map { ($1.id, $0) })
        for (i, buyer) in market.buyers.enumerated() {
            guard let fixed = buyer.bids else { continue }
            let entries = fixed.compactMap { bid in sellerIndex[bid.seller].map { (j: $0, bid: bid) } }.sorted { $0.j < $1.j }
            bids[i] = entries.map { PoolEntry(seller: $0.j, quantity: $0.bid.quantity) }
            fixedPrices[i] = entries.map { min($0.bid.unitPrice, cap) }
        }
        self.bids = bids
        self.fixedPrices = fixedPrices
        bidAllocations = bids.map { Array(repeating: 0, count: $0.count) }
        reserve = Array(repeating: market.epsilon, count: market.sellers.count)
        satisfied = market.buyers.map { $0.demand <= 0 }
        offsets = Array(repeating: 0, count: market.sellers.count + 1)
        available = Array(repeating: 0, count: market.sellers.count)
        residual = quantities
        heap = SellerHeap(count: market.sellers.count)
        heldAt = Array(repeating: 0, count: market.sellers.count)
        addAt = Array(repeating: 0, count: market.sellers.count)
    }

    /// Relative tolerance for "fully served" and "covers the demand".
    static let tolerance = 1e-9

    @inline(__always)
    func covers(_ amount: Double, _ target: Double) -> Bool {
        amount >= target - Self.tolerance * max(1, target)
    }
}
