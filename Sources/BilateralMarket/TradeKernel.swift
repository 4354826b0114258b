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

    /// The rules from registers when there is one type with at most one bid interval.
    var singleType: SingleTypeRules? {
        guard typeCount == 1, intervalsPerType == 1 else { return nil }
        return SingleTypeRules(
            threshold: UInt64(clientThreshold[0]), low: bidLow[0], high: bidHigh[0], problem: problems[0], lends: lends)
    }

    /// The rules of any number of types and intervals, read from the tables.
    var typed: TypedRules {
        TypedRules(
            intervalsPerType: intervalsPerType, bidLow: bidLow, bidHigh: bidHigh, clientThreshold: clientThreshold,
            problems: problems, lends: lends)
    }
}

/// What the kernel's loops ask of the per-type rules (`PeriodJob.process`), branch-free.
protocol SlotRules {
    /// 1 if a slot draw makes an agent of this type a client (24 bits against p_c), else 0.
    func isClient(_ draw: UInt64, type: Int) -> Int
    /// 1 if a client of this type with budget b bids k (eq. (5)'s policy intervals), else 0.
    func bids(_ budget: Float, type: Int) -> Int
    /// A matched pair in which the client bids k trades (eq. (1)): the client moves to
    /// max(0, h(b)), the server gains k - c_serve and, in the loan model, the interest.
    /// Computed in `Double` from the stored budgets, rounded once on the way back.
    func trade(client: Float, clientType: UInt8, server: Float, serverType: UInt8)
        -> (client: Float, server: Float, interest: Double)
}

extension SlotRules {
    @inline(__always)
    static func settle(client: Float, buyer: AgentProblem, server: Float, seller: AgentProblem, lends: Bool)
        -> (client: Float, server: Float, interest: Double)
    {
        let (after, interest) = buyer.winning(budget: Double(client))
        let received = lends ? interest : 0
        let served = seller.budgetAfterServing(budget: Double(server), interestReceived: received)
        return (Float(max(0, after)), Float(served), received)
    }
}

/// One type whose policy is one interval [low, high] (or none: low = +infinity).
struct SingleTypeRules: SlotRules {
    let threshold: UInt64
    let low: Float
    let high: Float
    let problem: AgentProblem
    let lends: Bool

    @inline(__always)
    func isClient(_ draw: UInt64, type: Int) -> Int { draw & 0xFF_FFFF < threshold ? 1 : 0 }

    @inline(__always)
    func bids(_ budget: Float, type: Int) -> Int { (budget >= low ? 1 : 0) & (budget <= high ? 1 : 0) }

    @inline(__always)
    func trade(client: Float, clientType: UInt8, server: Float, serverType: UInt8)
        -> (client: Float, server: Float, interest: Double)
    {
        Self.settle(client: client, buyer: problem, server: server, seller: problem, lends: lends)
    }
}

/// Any number of types, each with up to `intervalsPerType` intervals (`TradeKernel`'s tables).
struct TypedRules: SlotRules {
    let intervalsPerType: Int
    let bidLow: UnsafeMutablePointer<Float>
    let bidHigh: UnsafeMutablePointer<Float>
    let clientThreshold: UnsafeMutablePointer<UInt32>
    let problems: UnsafeMutablePointer<AgentProblem>
    let lends: Bool

    @inline(__always)
    func isClient(_ draw: UInt64, type: Int) -> Int { draw & 0xFF_FFFF < UInt64(clientThreshold[type]) ? 1 : 0 }

    @inline(__always)
    func bids(_ budget: Float, type: Int) -> Int {
        var inside = 0
        var k = type &* intervalsPerType
        let end = k &+ intervalsPerType
        while k < end {
            inside |= (budget >= bidLow[k] ? 1 : 0) & (budget <= bidHigh[k] ? 1 : 0)
            k &+= 1
        }
        return inside
    }

    @inline(__always)
    func trade(client: Float, clientType: UInt8, server: Float, serverType: UInt8)
        -> (client: Float, server: Float, interest: Double)
    {
        Self.settle(
            client: client, buyer: problems[Int(clientType)], server: server, seller: problems[Int(serverType)],
            lends: lends)
    }
}
