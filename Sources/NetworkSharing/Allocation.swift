import SurplusCore

/// An allocation x of one round: for every directed entry e = (i -> j) of the network, the
/// share of agent i's endowment epsilon_i that it sends to neighbour j, so
/// x_ij = epsilon_i * shares[e] (document 004, Sec. 5).
///
/// Feasibility (every agent sends exactly its endowment, nothing negative, nothing to a
/// non-neighbour) is built in: shares are non-negative, indexed by edges only, and sum to 1
/// over each agent's row (up to rounding, about 1e-15 per row).
public struct Allocation: Sendable, Equatable {
    /// shares[e] for e in network.entries(of: i) sum to 1.
    public var shares: [Double]

    public init(shares: [Double]) { self.shares = shares }

    /// Every agent splits its endowment equally among its neighbours.
    public static func uniform(on network: SharingNetwork) -> Allocation {
        var shares = [Double](repeating: 0, count: network.entryCount)
        for i in 0..<network.agentCount where network.degree(i) > 0 {
            let s = 1 / Double(network.degree(i))
            for e in network.entries(of: i) { shares[e] = s }
        }
        return Allocation(shares: shares)
    }

    /// Every agent splits its endowment in random proportions (uniform draws, normalized),
    /// from the initial-shares stream of `options`.
    public static func random(on network: SharingNetwork, options: RunOptions) -> Allocation {
        var rng = options.stream(.initialShares)
        var shares = [Double](repeating: 0, count: network.entryCount)
        for i in 0..<network.agentCount where network.degree(i) > 0 {
            var total = 0.0
            for e in network.entries(of: i) {
                shares[e] = 0.05 + rng.nextUnit()
                total += shares[e]
            }
            for e in network.entries(of: i) { shares[e] /= total }
        }
        return Allocation(shares: shares)
    }

    /// x_ij: the amount agent i sends along entry e of its row.
    public func quantity(_ network: SharingNetwork, agent i: Int, entry e: Int) -> Double {
        network.endowments[i] * shares[e]
    }

    /// u_j = sum over neighbours p of x_pj * v_p: the value each agent receives (Sec. 5).
    public func utilities(on network: SharingNetwork) -> [Double] {
        var u = [Double](repeating: 0, count: network.agentCount)
        for i in 0..<network.agentCount {
            let w = network.weights[i]
            for e in network.entries(of: i) { u[Int(network.neighbours[e])] += w * shares[e] }
        }
        return u
    }
}

/// How the dynamics start.
public enum InitialAllocation: String, NamedChoice {
    /// Equal shares to every neighbour.
    case uniform
    /// Random shares (seeded).
    case random

    /// The starting allocation; a random one draws from `options`.
    public func allocation(on network: SharingNetwork, options: RunOptions) -> Allocation {
        switch self {
        case .uniform: return .uniform(on: network)
        case .random: return .random(on: network, options: options)
        }
    }
}
