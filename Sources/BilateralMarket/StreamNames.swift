import SurplusCore

/// The random streams of a population simulation. The period's streams key one
/// `CounterRandom` per period and bucket each (`Population.random(_:_:period:bucket:)`),
/// drawn at the slot's index; no two purposes share a stream.
extension StreamName {
    /// The initial agents of chunk c: stream 0xFFFF_0000, split c ways.
    static let initialAgents = StreamName(0xFFFF_0000, "initial agents, one stream per chunk")
    /// Whether the agent in a slot is a client (24 bits against p_c).
    static let roles = StreamName(0xFFFD_0001, "roles, per period and bucket")
    /// Fisher-Yates indices of the longer of a bucket's client and server lists, and their redraws.
    static let pairing = StreamName(0xFFFD_0002, "pairing order, per period and bucket")
    static let pairingRetries = StreamName(0xFFFD_0003, "pairing order redraws, per period and bucket")
    /// Whether the agent in a slot leaves at the end of the period (28 bits against 1 - beta).
    static let departures = StreamName(0xFFFD_0004, "departures, per period and bucket")
    /// The bucket the agent in a slot moves to for the next period.
    static let destinations = StreamName(0xFFFD_0005, "next buckets, per period and bucket")
    /// A newcomer's budget from Psi and its type by share.
    static let newcomerBudgets = StreamName(0xFFFD_0006, "newcomer budgets, per period and bucket")
    static let newcomerTypes = StreamName(0xFFFD_0007, "newcomer types, per period and bucket")
}
