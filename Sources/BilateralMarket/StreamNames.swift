import SurplusCore

/// The random streams of a population simulation. Stream ids are those the simulation
/// has always used, so every published number stays bit-identical.
extension StreamName {
    /// The initial agents of chunk c: stream 0xFFFF_0000 + c.
    static let initialAgents = StreamName(0xFFFF_0000, "initial agents, one stream per chunk")
    /// Roles, next buckets, departures and the pairing shuffle of bucket d in period p:
    /// stream p << 20 | d.
    static let periodDraws = StreamName(0, "period draws, one stream per period and bucket")
    /// The newcomers that replace bucket d's leavers in period p: stream p << 20 | 1 << 19 | d.
    static let newcomers = StreamName(1 << 19, "newcomers, one stream per period and bucket")
}

extension Population {
    /// The index of bucket `bucket`'s stream in period `period`, within `periodDraws` and
    /// `newcomers` (a bucket index stays below 2^19, so the families never meet).
    static func streamIndex(period: Int, bucket: Int) -> UInt64 {
        UInt64(period) << 20 | UInt64(bucket)
    }
}
