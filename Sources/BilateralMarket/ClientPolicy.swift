/// The client's best response (eq. (5) of paper 000) as the budget intervals in
/// which it bids k; it bids 0 elsewhere. Servers always bid k (Sec. III-C2).
public struct ClientPolicy: Sendable, Hashable, Codable {
    /// A closed budget interval [from, to]; `to` is nil for "and above".
    public struct Interval: Sendable, Hashable, Codable {
        public var from: Double
        public var to: Double?
    }

    public var bidIntervals: [Interval]

    public init(bidIntervals: [Interval]) {
        self.bidIntervals = bidIntervals
    }

    /// Builds the intervals from the gain of bidding k over 0 at the grid nodes
    /// (v_c_win - v_c_lose, -infinity where k is unaffordable). An interval's ends
    /// lie where the gain crosses 0, located by linear interpolation between the
    /// two nodes on either side, and never below the smallest budget that can
    /// afford k; a run of bidding nodes that reaches the top of the grid is open-ended.
    init(advantage: [Double], nodes: (Int) -> Double, smallestBiddingBudget: Double) {
        func crossing(_ i: Int) -> Double {
            let a = advantage[i], b = advantage[i + 1]
            guard a.isFinite, b.isFinite, a != b else { return (nodes(i) + nodes(i + 1)) / 2 }
            let t = a / (a - b)
            return nodes(i) + t * (nodes(i + 1) - nodes(i))
        }
        var intervals: [Interval] = []
        var start: Double? = nil
        for i in advantage.indices {
            let bids = advantage[i] >= 0
            if bids, start == nil {
                start = i == 0 ? nodes(0) : max(smallestBiddingBudget, crossing(i - 1))
            }
            if !bids, let s = start {
                intervals.append(Interval(from: s, to: crossing(i - 1)))
                start = nil
            }
        }
        if let s = start { intervals.append(Interval(from: s, to: nil)) }
        bidIntervals = intervals
    }

    /// Whether a client with budget b bids k.
    @inlinable
    public func bids(budget b: Double) -> Bool {
        for interval in bidIntervals where b >= interval.from {
            guard let to = interval.to else { return true }
            if b <= to { return true }
        }
        return false
    }

    /// The lowest budget at which the client bids k, if any.
    public var threshold: Double? { bidIntervals.first?.from }
}
