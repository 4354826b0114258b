import Foundation

/// The k-hop community C_i^k and the community utility of the poster's program (document 004,
/// Sec. 5): agent i chooses its own allocation x_i to maximize
///
///     sum_{j in C_i^k} (epsilon_j v_j) log( sum_{p in N_j} x_pj v_p ),   x_p fixed for p != i.
///
/// Only the terms j in N_i depend on x_i (i sends only to neighbours, and there are no
/// self-loops), and N_i is inside C_i^k for every k >= 1; the other terms are constants. So
/// the program, and with it CMAP's behaviour, is the same for every k >= 1: the poster's
/// "behaviour is identical for k >= 1" (Sec. 6) holds exactly, and each agent's program is a
/// water-filling problem over its neighbours (`Workspace.waterFill`). For k = 0 the community
/// is {i}, whose utility does not depend on x_i: every allocation is optimal, and Surplus lets
/// the agent keep its current one.
public enum Community {
    /// The agents within `hops` hops of `agent` (itself included), in increasing index order.
    public static func members(of agent: Int, hops: Int, in network: SharingNetwork) -> [Int] {
        var distance = [Int: Int]()
        distance[agent] = 0
        var frontier = [agent]
        var level = 0
        while level < hops && !frontier.isEmpty {
            var nextFrontier: [Int] = []
            for i in frontier {
                for e in network.entries(of: i) {
                    let j = Int(network.neighbours[e])
                    if distance[j] == nil { distance[j] = level + 1; nextFrontier.append(j) }
                }
            }
            frontier = nextFrontier
            level += 1
        }
        return distance.keys.sorted()
    }

    /// The community utility sum_{j in C} w_j log u_j of the poster's program for `allocation`.
    public static func utility(of members: [Int], allocation: Allocation, in network: SharingNetwork) -> Double {
        let u = allocation.utilities(on: network)
        return members.reduce(0) { sum, j in
            network.weights[j] > 0 ? sum + network.weights[j] * Foundation.log(u[j]) : sum
        }
    }

    /// The allocation after `agent` solves its community program exactly (water-filling),
    /// others' allocations fixed. For k = 0, or an agent with nothing of value to send, the
    /// allocation is returned unchanged.
    public static func bestResponse(of agent: Int, community k: Int, allocation: Allocation,
                                    in network: SharingNetwork) -> Allocation {
        guard k >= 1 else { return allocation }
        let workspace = Workspace(network: network, initial: allocation, threads: 1)
        workspace.sequentialStep(agent: agent)
        return workspace.allocation()
    }
}
