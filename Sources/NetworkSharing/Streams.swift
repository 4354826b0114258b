import SurplusCore

/// The random stream families of the module, each drawn through `RunOptions.stream`.
extension StreamName {
    /// The edges of a generated network (`NetworkGenerator`).
    static let generatedEdges = StreamName(1, "generated edges")
    /// The endowments epsilon_j of a generated network.
    static let generatedEndowments = StreamName(2, "generated endowments")
    /// The values v_j of a generated network.
    static let generatedValues = StreamName(3, "generated values")
    /// Random initial shares (`Allocation.random`).
    static let initialShares = StreamName(4, "random initial shares")
    /// The permutation of agents of each sweep of the sequential schedule with random order (`Dynamics`).
    static let agentOrder = StreamName(5, "sequential agent order")
}
