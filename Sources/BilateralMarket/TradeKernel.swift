/// The per-type constants of a period in flat, unchecked storage, read eight agents at a
/// time by the population kernel (`PopulationBucket`): p_c as a threshold on 24 bits, the
/// bid intervals of each type (padded to one count with empty intervals), and the agent
/// problems whose eq. (1) settles a trade.
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

    /// p_c of each lane's type as a threshold on 24 random bits.
    @inline(__always)
    func clientThresholds(_ types: SIMD8<UInt32>) -> SIMD8<UInt32> {
        if typeCount == 1 { return SIMD8(repeating: clientThreshold[0]) }
        var result = SIMD8<UInt32>()
        for j in 0..<8 { result[j] = clientThreshold[Int(types[j])] }
        return result
    }

    /// Whether each lane's client, with its budget, bids k (eq. (5)'s policy intervals).
    @inline(__always)
    func bids(_ budgets: SIMD8<Float>, _ types: SIMD8<UInt32>) -> SIMDMask<SIMD8<Int32>> {
        var bids = SIMDMask<SIMD8<Int32>>(repeating: false)
        for k in 0..<intervalsPerType {
            var low = SIMD8<Float>(repeating: bidLow[k]), high = SIMD8<Float>(repeating: bidHigh[k])
            if typeCount > 1 {
                for j in 0..<8 {
                    let i = Int(types[j]) * intervalsPerType + k
                    low[j] = bidLow[i]
                    high[j] = bidHigh[i]
                }
            }
            bids .|= (budgets .>= low) .& (budgets .<= high)
        }
        return bids
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
