import SurplusCore

/// The random streams of a population simulation. The period's streams key one
/// `CounterRandom` per period and bucket each (`Population.random(_:_:period:bucket:)`),
/// drawn at the slot's index; no two purposes share a stream.
extension StreamName {
    /// The initial agents of chunk c: stream 0xFFFF_0000, split c ways.
    static let initialAgents = StreamName(0xFFFF_0000, "initial agents, one stream per chunk")
    /// A slot's role, departure and next bucket (`PeriodJob.destination`).
    static let slotDraws = StreamName(0xFFFD_0001, "roles, departures and next buckets, per period and bucket")
    /// Fisher-Yates indices of the longer of a bucket's client and server lists.
    static let pairing = StreamName(0xFFFD_0002, "pairing order, per period and bucket")
    /// A newcomer's budget from Psi and its type by share.
    static let newcomers = StreamName(0xFFFD_0003, "newcomers, per period and bucket")
}
