/// The per-type constants of a period's trades in flat, unchecked storage, so the
/// simulation's inner loops read plain memory (see `Population.step`).
struct TradeKernel: @unchecked Sendable {
    struct TypeConstants {
        var clientThreshold: UInt32
        /// The type's single bid interval [bidLow, bidHigh], when it has one.
        var singleInterval: Bool
        var bidLow: Double
        var bidHigh: Double
        var surplus: Double
        var price: Double
        var serveCost: Double
        /// Interest per unit of overdraft (0 in `hard`).
        var interestFactor: Double
        /// Whether the server receives the interest (`loan`).
        var lends: Bool
    }

    let types: UnsafeMutableBufferPointer<TypeConstants>

    init(rules: PopulationRules) {
        types = .allocate(capacity: rules.problems.count)
        for (t, p) in rules.problems.enumerated() {
            let first = rules.firstInterval[t]
            types[t] = TypeConstants(
                clientThreshold: rules.clientThreshold[t], singleInterval: first.count <= 1, bidLow: first.lower,
                bidHigh: first.upper, surplus: p.surplus, price: p.price, serveCost: p.serveCost,
                interestFactor: p.model == .hard ? 0 : p.interestFactor, lends: p.model == .loan)
        }
    }

    func deallocate() { types.deallocate() }

    /// Whether a client of type `type` with budget b bids k.
    @inline(__always)
    func bids(type: Int, budget: Double, rules: PopulationRules) -> Bool {
        let c = types[type]
        return c.singleInterval ? (budget >= c.bidLow && budget <= c.bidHigh) : rules.bids(type: type, budget: budget)
    }

    /// A matched pair in which the client bids k trades (eq. (1)): the client moves
    /// to h(b) = b + s - k - interest, the server gains k - c_serve and, in the loan
    /// model, the interest. Returns the interest the server received.
    @inline(__always)
    func trade(client: Int, server: Int, budgets: UnsafeMutablePointer<Double>, types agentTypes: UnsafeMutablePointer<UInt8>) -> Double {
        let buyer = types[Int(agentTypes[client])]
        let seller = types[Int(agentTypes[server])]
        let b = budgets[client]
        let interest = buyer.interestFactor * max(0, buyer.price - b)
        budgets[client] = max(0, b + buyer.surplus - buyer.price - interest)
        let received = buyer.lends ? interest : 0
        budgets[server] += seller.price - seller.serveCost + received
        return received
    }
}
