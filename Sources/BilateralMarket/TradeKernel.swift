/// The per-type constants of a period in flat, unchecked storage, read by the population
/// kernel (`PeriodJob`): p_c as a threshold on 24 bits, the bid intervals of each type
/// (padded to one count with empty intervals), and the agent problems whose eq. (1)
/// settles a trade.
final class TradeKernel: @unchecked Sendable {
    let typeCount: Int
    /// Intervals per type: the most any type's policy has (at least 1).
    let intervalsPerType: Int
    /// Interval k of type t at `t * intervalsPerType + k`, ends rounded inward to `Float`
    /// (the smallest float >= from, the largest <= to), so a stored budget bids exactly
    /// when the policy says it does; padding intervals are empty (+infinity, -infinity).
    private let bidLow: UnsafeMutablePointer<Float>
    private let bidHigh: UnsafeMutablePointer<Float>
    private let clientThreshold: UnsafeMutablePointer<UInt32>
    private let problems: UnsafeMutablePointer<AgentProblem>
    /// Whether the server receives the interest (the `loan` model).
    let lends: Bool

    init(rules: PopulationRules) {
        typeCount = rules.problems.count
        var widest = 1
        for t in 0..<typeCount { widest = max(widest, rules.intervalStart[t + 1] - rules.intervalStart[t]) }
        intervalsPerType = widest
        bidLow = .allocate(capacity: typeCount * widest)
        bidLow.initialize(repeating: .infinity, count: typeCount * widest)
        bidHigh = .allocate(capacity: typeCount * widest)
        bidHigh.initialize(repeating: -.infinity, count: typeCount * widest)
        for t in 0..<typeCount {
            for (k, i) in (rules.intervalStart[t]..<rules.intervalStart[t + 1]).enumerated() {
                bidLow[t * widest + k] = TradeKernel.smallestFloat(atLeast: rules.lower[i])
                bidHigh[t * widest + k] = TradeKernel.largestFloat(atMost: rules.upper[i])
            }
        }
        clientThreshold = .allocate(capacity: typeCount)
        clientThreshold.initialize(from: rules.clientThreshold, count: typeCount)
        problems = .allocate(capacity: typeCount)
        problems.initialize(from: rules.problems, count: typeCount)
        lends = rules.problems.first?.model == .loan
    }

    deinit {
        bidLow.deallocate()
        bidHigh.deallocate()
        clientThreshold.deallocate()
        problems.deinitialize(count: typeCount)
        problems.deallocate()
    }

    static func smallestFloat(atLeast x: Double) -> Float {
        let f = Float(x)
        return Double(f) < x ? f.nextUp : f
    }

    static func largestFloat(atMost x: Double) -> Float {
        let f = Float(x)
        return Double(f) > x ? f.nextDown : f
    }

    /// p_c of type `type` as a threshold on 24 random bits.
    @inline(__always)
    func clientThreshold(type: Int) -> UInt64 { UInt64(clientThreshold[type]) }

    /// Whether a client of type `type` with budget b bids k (eq. (5)'s policy intervals),
    /// without branches.
    @inline(__always)
    func bids(budget: Float, type: Int) -> Bool {
        var inside: UInt8 = 0
        var k = type &* intervalsPerType
        let end = k &+ intervalsPerType
        while k < end {
            inside |= (budget >= bidLow[k] ? 1 : 0) & (budget <= bidHigh[k] ? 1 : 0)
            k &+= 1
        }
        return inside != 0
    }

    /// A matched pair in which the client bids k trades (eq. (1)): the client moves to
    /// max(0, h(b)), the server gains k - c_serve and, in the loan model, the interest.
    /// Computed in `Double` from the stored budgets, rounded once on the way back.
    @inline(__always)
    func trade(client: Float, clientType: UInt8, server: Float, serverType: UInt8)
        -> (client: Float, server: Float, interest: Double)
    {
        let buyer = problems[Int(clientType)]
        let (after, interest) = buyer.winning(budget: Double(client))
        let received = lends ? interest : 0
        let served = problems[Int(serverType)].budgetAfterServing(budget: Double(server), interestReceived: received)
        return (Float(max(0, after)), Float(served), received)
    }
}
