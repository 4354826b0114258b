/// The client's best response (eq. (5) of paper 000) as the budget intervals in
/// which it bids k; it bids 0 elsewhere. Servers always bid k (Sec. III-C2).
public struct ClientPolicy: Sendable, Hashable, Codable {
    /// A closed budget interval [from, to]; `to` is nil for "and above".
    public struct Interval: Sendable, Hashable, Codable {
        public var from: Double
        public var to: Double?
    }

    public var bidIntervals: [Interval]

    /// Builds the intervals from the bid decision at each grid node: an interval
    /// starts at the first bidding node of a run and ends at its last; a run that
    /// reaches the top of the grid is open-ended.
    init(bids: [Bool], nodes: (Int) -> Double) {
        var intervals: [Interval] = []
        var start: Int? = nil
        for i in bids.indices {
            if bids[i], start == nil { start = i }
            if !bids[i], let s = start {
                intervals.append(Interval(from: nodes(s), to: nodes(i - 1)))
                start = nil
            }
        }
        if let s = start { intervals.append(Interval(from: nodes(s), to: nil)) }
        bidIntervals = intervals
    }

    /// Whether a client with budget b bids k.
    @inlinable
    public func bids(budget b: Double) -> Bool {
        for interval in bidIntervals where b >= interval.from {
            if let to = interval.to { if b <= to { return true } } else { return true }
        }
        return false
    }

    /// The lowest budget at which the client bids k, if any.
    public var threshold: Double? { bidIntervals.first?.from }
}
