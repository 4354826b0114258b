/// The per-type constants of a period's trades in flat, unchecked storage, so the
/// simulation's inner loops read plain memory (see `Population.step`).
struct TradeKernel: @unchecked Sendable {
    struct TypeConstants {
        var clientThreshold: UInt32
        /// Whether the type bids on one interval [bidLow, bidHigh] (the common case),
        /// tested inline; other policies go through `PopulationRules.bids`.
        var singleInterval: Bool
        var bidLow: Double
        var bidHigh: Double
        var problem: AgentProblem
    }

    let types: UnsafeMutableBufferPointer<TypeConstants>

    init(rules: PopulationRules) {
        types = .allocate(capacity: rules.problems.count)
        for (t, problem) in rules.problems.enumerated() {
            let first = rules.intervalStart[t], count = rules.intervalStart[t + 1] - first
            types[t] = TypeConstants(
                clientThreshold: rules.clientThreshold[t], singleInterval: count <= 1,
                bidLow: count == 1 ? rules.lower[first] : .infinity, bidHigh: count == 1 ? rules.upper[first] : -.infinity,
                problem: problem)
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
    /// to h(b), the server gains k - c_serve and, in the loan model, the interest.
    /// Returns the interest the server received.
    @inline(__always)
    func trade(client: Int, server: Int, budgets: UnsafeMutablePointer<Double>, types agentTypes: UnsafeMutablePointer<UInt8>) -> Double {
        let buyer = types[Int(agentTypes[client])].problem
        let seller = types[Int(agentTypes[server])].problem
        let (after, interest) = buyer.winning(budget: budgets[client])
        let received = buyer.model == .loan ? interest : 0
        budgets[client] = max(0, after)
        budgets[server] = seller.budgetAfterServing(budget: budgets[server], interestReceived: received)
        return received
    }
}
