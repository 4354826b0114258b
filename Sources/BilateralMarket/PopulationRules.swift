import SurplusCore

/// Per-type trading rules in the flat form the simulation's inner loop reads.
struct PopulationRules: Sendable {
    /// p_c of each type as a threshold on 24 random bits (p_c to within 6e-8).
    let clientThreshold: [UInt32]
    let problems: [AgentProblem]
    /// Bid intervals of each type, flattened: type t owns intervals
    /// `intervalStart[t] ..< intervalStart[t + 1]` of `lower`/`upper`.
    private(set) var intervalStart: [Int]
    private(set) var lower: [Double]
    private(set) var upper: [Double]
    /// Cumulative type shares for drawing a new agent's type.
    let cumulativeShare: [Double]
    let initialBudget: BudgetRange

    init(market: MarketParameters, problems: [AgentProblem]) {
        self.problems = problems
        clientThreshold = problems.map { UInt32(($0.clientProbability * 16_777_216).rounded()) }
        var running = 0.0
        cumulativeShare = market.types.map { running += $0.share; return running }
        initialBudget = market.initialBudget
        intervalStart = [Int](repeating: 0, count: problems.count + 1)
        lower = []
        upper = []
    }

    mutating func setPolicies(_ policies: [ClientPolicy]) {
        lower.removeAll(keepingCapacity: true)
        upper.removeAll(keepingCapacity: true)
        for (t, policy) in policies.enumerated() {
            intervalStart[t] = lower.count
            for interval in policy.bidIntervals {
                lower.append(interval.from)
                upper.append(interval.to ?? .infinity)
            }
        }
        intervalStart[policies.count] = lower.count
    }

    /// Whether a client of type `type` with budget b bids k.
    @inline(__always)
    func bids(type: Int, budget: Double) -> Bool {
        var k = intervalStart[type]
        let end = intervalStart[type + 1]
        while k < end {
            if budget >= lower[k] && budget <= upper[k] { return true }
            k += 1
        }
        return false
    }

    /// A new agent: its type by share and its budget from Psi.
    @inline(__always)
    func newcomer(using rng: inout RandomStream) -> (type: UInt8, budget: Double) {
        var type = 0
        if cumulativeShare.count > 1 {
            let u = rng.nextUnit()
            while type < cumulativeShare.count - 1 && u >= cumulativeShare[type] { type += 1 }
        }
        let budget = initialBudget.low + (initialBudget.high - initialBudget.low) * rng.nextUnit()
        return (UInt8(type), budget)
    }
}
