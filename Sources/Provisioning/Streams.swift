import SurplusCore

/// The random stream families of the provisioning module.
extension StreamName {
    /// Replication r of every Monte Carlo estimate draws its type profile from stream r of this
    /// family, so an estimate is the same whatever the thread count.
    static let replication = StreamName(0, "Monte Carlo replication")
    /// The population whose iterative response is simulated. It is stream 0, the stream of
    /// replication 0: the two never meet in one computation, and keeping the number keeps
    /// every published population.
    static let iterativePopulation = StreamName(0, "iterative-response population")
}
