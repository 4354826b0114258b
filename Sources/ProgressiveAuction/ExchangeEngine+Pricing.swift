/// Pricing (rule (6)) and the ISP fallback (Remark 4).
extension ExchangeEngine {
    /// Rule (6) at every seller over the cleared books (call `clear()` first):
    /// one entry per bid that got data, with a_i^j and c_i^j. The seller's
    /// reserve acts as a bidder for its own data as the ``PaymentRule`` says.
    func pricedBooks() -> [(buyer: Int, seller: Int, allocation: Double, payment: Double)] {
        var out: [(buyer: Int, seller: Int, allocation: Double, payment: Double)] = []
        for j in 0..<sellerCount {
            let range = offsets[j]..<offsets[j + 1]
            guard !range.isEmpty else { continue }
            let book = PSPBook(
                supply: supply[j],
                bids: range.map { Bid(quantity: entryQuantity[$0], price: entryPrice[$0]) })
            let rho: Double
            switch options.paymentRule {
            case .reserveAsBidder: rho = reserve[j]
            case .openingBid: rho = market.epsilon
            case .buyersOnly: rho = 0
            }
            let (a, c) = book.clear(reservation: rho)
            for (k, e) in range.enumerated() where a[k] > 0 {
                out.append((entryBuyer[e], j, a[k], c[k]))
            }
        }
        return out
    }

    func outcome(rounds: Int, converged: Bool, rule: TerminationRule, cycleRound: Int?, trace: [ExchangeRound]?) -> ExchangeOutcome {
        var trades: [ExchangeTrade] = []
        var received = Array(repeating: 0.0, count: buyerCount)
        var paid = Array(repeating: 0.0, count: buyerCount)
        var unsold: [(seller: String, quantity: Double)] = []
        var welfare = 0.0
        // Sec. 5 brokers: their purchases, then seller j's share of what
        // auction j sells is its own stock over the supply on offer there;
        // the rest is the brokers' (sold pro rata with the seller's data).
        var stock = ownSupply
        var brokerPaid = 0.0, brokerRevenue = 0.0
        var sold = Array(repeating: 0.0, count: sellerCount)
        for b in brokerPurchases {
            trades.append(ExchangeTrade(
                buyer: ExchangeMarket.brokerID, seller: market.sellers[b.from].id, quantity: b.quantity,
                unitPrice: b.unitPrice, payment: b.unitPrice * b.quantity))
            brokerPaid += b.unitPrice * b.quantity
            stock[b.from] -= b.quantity
            sold[b.from] += b.quantity
        }
        let ownShare = (0..<sellerCount).map { supply[$0] > 0 ? min(1, max(0, stock[$0]) / supply[$0]) : 1 }
        for t in pricedBooks() {
            let j = t.seller
            let f = ownShare[j]
            if f > 0 {
                trades.append(ExchangeTrade(
                    buyer: market.buyers[t.buyer].id, seller: market.sellers[j].id, quantity: t.allocation * f,
                    unitPrice: t.payment / t.allocation, payment: t.payment * f))
            }
            if f < 1 {
                trades.append(ExchangeTrade(
                    buyer: market.buyers[t.buyer].id, seller: ExchangeMarket.brokerID, quantity: t.allocation * (1 - f),
                    unitPrice: t.payment / t.allocation, payment: t.payment * (1 - f)))
                brokerRevenue += t.payment * (1 - f)
            }
            received[t.buyer] += t.allocation
            paid[t.buyer] += t.payment
            sold[j] += t.allocation * f
            welfare += market.buyers[t.buyer].unitPrice * t.allocation
        }
        for j in 0..<sellerCount { unsold.append((market.sellers[j].id, max(0, ownSupply[j] - sold[j]))) }
        var unmet: [(buyer: String, quantity: Double)] = []
        var utilities: [(buyer: String, utility: Double)] = []
        for i in 0..<buyerCount {
            let b = market.buyers[i]
            var missing = max(0, b.demand - received[i])
            if missing <= Self.tolerance * max(1, b.demand) { missing = 0 }
            var utility = b.unitPrice * received[i] - paid[i]
            if missing > 0, let isp = market.ispPrice, b.unitPrice >= isp {
                trades.append(ExchangeTrade(buyer: b.id, seller: ExchangeMarket.ispID, quantity: missing, unitPrice: isp, payment: isp * missing))
                utility += (b.unitPrice - isp) * missing
                missing = 0
            }
            unmet.append((b.id, missing))
            utilities.append((b.id, utility))
        }
        return ExchangeOutcome(
            trades: trades,
            reservePrices: (0..<sellerCount).map { (market.sellers[$0].id, reserve[$0]) },
            unmetDemand: unmet, unsoldSupply: unsold, utilities: utilities,
            rounds: rounds, converged: converged, terminationRule: rule, cycleDetectedAtRound: cycleRound, patienceExhaustedAtRound: nil,
            welfare: welfare, brokerProfit: brokerRevenue - brokerPaid, optimalWelfare: ExchangeMarket.optimalWelfare(sellers: market.sellers, buyers: market.buyers),
            trace: trace)
    }
}
