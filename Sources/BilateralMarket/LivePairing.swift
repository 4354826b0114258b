import SurplusCore

/// The random matching of a period (paper 000, Sec. II): clients and servers are paired
/// uniformly at random, as many pairs as the shorter list has members. The population
/// simulation and a live market (`LiveMarkets`) both pair through ``shuffle(_:using:)``,
/// so the same lists and stream give the same pairs.
public enum RandomMatching {
    /// Fisher-Yates from the last element down: element i swaps with one drawn below i + 1
    /// (`RandomStream.nextIndex(below:)`). Shuffling the longer of the two lists makes the
    /// pairing a uniform random maximum matching and its leftover tail a uniform random subset.
    @inline(__always)
    public static func shuffle<C: MutableCollection & RandomAccessCollection>(_ list: inout C, using rng: inout RandomStream)
    where C.Index == Int {
        var i = list.count - 1
        while i > 0 {
            let j = rng.nextIndex(below: i + 1)
            list.swapAt(list.startIndex + i, list.startIndex + j)
            i -= 1
        }
    }

    /// The pairs of `clients` clients and `servers` servers (indices into the two lists in
    /// their given order): the longer list shuffled, then the k-th client meets the k-th server.
    public static func pairs(clients: Int, servers: Int, using rng: inout RandomStream) -> [(client: Int, server: Int)] {
        var clientOrder = Array(0..<max(0, clients)), serverOrder = Array(0..<max(0, servers))
        if clients >= servers { shuffle(&clientOrder, using: &rng) } else { shuffle(&serverOrder, using: &rng) }
        return (0..<min(clientOrder.count, serverOrder.count)).map { (clientOrder[$0], serverOrder[$0]) }
    }
}

/// One matched pair's trade at the unified price k by eq. (1) of paper 000, for a client of
/// budget b: the overdraft d = (k - b)^+, the interest on it, and both budgets after the trade.
public struct PairTrade: Sendable, Hashable, Codable {
    /// d = (k - b)^+: what the client lacks to pay k (0 in `hard`, where b >= k).
    public var overdraft: Double
    /// interest(d): alpha d or (alpha - 1) d by the ``InterestReading``; 0 in `hard`.
    public var interest: Double
    /// h(b) = b + s - k - interest(d).
    public var clientBudget: Double
    /// b' + k - c_serve (+ the interest in `loan`) for a server of budget b'.
    public var serverBudget: Double
}

extension MarketParameters {
    /// Whether a client of type `type` with budget b may bid k: b >= k in `hard`; otherwise
    /// h(b) >= 0 (eq. (5)'s limit k <= b + s/(1 + alpha) under eq. (1)).
    /// - Throws: ``InputError`` for a type index outside `types`.
    public func canBid(budget: Double, type: Int = 0) throws -> Bool {
        try problem(type: type, field: "type").canBid(budget: budget)
    }

    /// The trade of a client of type `clientType` and budget `clientBudget` with a server of
    /// type `serverType` and budget `serverBudget` (eq. (1); the server receives the interest
    /// in the `loan` model), as the population simulation settles a pair.
    /// - Throws: ``InputError`` for a type index outside `types`.
    public func trade(clientBudget: Double, serverBudget: Double, clientType: Int = 0, serverType: Int = 0) throws -> PairTrade {
        let buyer = try problem(type: clientType, field: "clientType")
        let seller = try problem(type: serverType, field: "serverType")
        let (after, interest) = buyer.winning(budget: clientBudget)
        return PairTrade(
            overdraft: max(0, price - clientBudget), interest: interest, clientBudget: after,
            serverBudget: seller.budgetAfterServing(budget: serverBudget, interestReceived: model == .loan ? interest : 0))
    }

    private func problem(type: Int, field: String) throws(InputError) -> AgentProblem {
        guard types.indices.contains(type) else {
            throw InputError(field: field, value: type, expected: "a type index in 0..<\(types.count)")
        }
        return AgentProblem(market: self, type: types[type])
    }
}
