/// Brokers (Sec. 5).
extension ExchangeEngine {
    /// Broker actions allowed in one run (each one re-runs the dynamics).
    package static func brokerActionCap(sellers: Int) -> Int { 4 * sellers + 16 }

    /// Data left in auction j after the last clearing.
    func unsold(at j: Int) -> Double {
        var sold = 0.0
        for e in offsets[j]..<offsets[j + 1] { sold += bidAllocations[entryBuyer[e]][entryIndex[e]] }
        return max(0, supply[j] - sold)
    }

    /// One broker action at a rest point (Sec. 5, Theorem 1's proof): for the
    /// pair of sellers with the widest reserve gap p_*^k >= p_*^j + epsilon
    /// where j has data left, a broker bids for that data in j's auction and
    /// gets it at what rule (6) charges a bid that displaces nobody (the
    /// ``PaymentRule``'s floor: p_*^j by default), then offers it as more
    /// supply in auction k. Seller k "will have additional data to sell, and
    /// so will lower [its] reserve price": p_*^k drops to p_*^j + epsilon (the
    /// broker's cost plus the increment), and (20) raises it again if bids
    /// lose there. A seller is a broker's source or its destination, never
    /// both, so data never flows back. Returns false when no pair qualifies.
    package mutating func brokerAction() -> Bool {
        let eps = market.epsilon
        let sources = Set(brokerPurchases.map(\.from)), destinations = Set(brokerPurchases.map(\.to))
        var best: (j: Int, k: Int, gap: Double, data: Double)?
        for j in 0..<sellerCount where !destinations.contains(j) {
            let data = unsold(at: j)
            guard data > Self.tolerance * max(1, ownSupply[j]) else { continue }
            for k in 0..<sellerCount where k != j && !sources.contains(k) {
                let gap = reserve[k] - reserve[j]
                guard gap >= eps * (1 - Self.tolerance) else { continue }
                if best == nil || gap > best!.gap { best = (j, k, gap, data) }
            }
        }
        guard let b = best else { return false }
        let unitPrice: Double
        switch options.paymentRule {
        case .reserveAsBidder: unitPrice = reserve[b.j]
        case .openingBid: unitPrice = eps
        case .buyersOnly: unitPrice = 0
        }
        brokerPurchases.append(BrokerPurchase(from: b.j, to: b.k, quantity: b.data, unitPrice: unitPrice))
        supply[b.j] = max(0, supply[b.j] - b.data)
        supply[b.k] += b.data
        reserve[b.k] = reserve[b.j] + eps
        return true
    }
}
