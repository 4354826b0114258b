import Provisioning
import SurplusCore

/// Shared helpers for the provisioning tests.
enum Support {
    static func options(_ replications: Int, seed: UInt64 = 7, threads: Int = 2) throws -> MonteCarloOptions {
        try MonteCarloOptions(replications: replications, run: RunOptions(seed: seed, threads: threads))
    }

    /// The slides' example with its laws given as closures, so that the solvers take their
    /// numerical paths (inner maximization, root finding) instead of the power-law closed forms.
    static func closureExample(players: Int) throws -> PoolModel {
        let example = try PoolModel.slidesExample(players: players)
        let utility = example.utility, cost = example.cost
        return try PoolModel(
            players: players, utility: .custom(name: "\(utility) (closure)") { utility($0) },
            cost: .custom(name: "\(cost) (closure)") { cost($0, $1) }, types: example.types)
    }

    /// The model the slides do not print: u = Q^0.3, c = 2Q, theta ~ Beta(2, 2).
    static func unprintedModel(players: Int) throws -> PoolModel {
        try PoolModel(
            players: players, utility: .power(coefficient: 1, exponent: 0.3), cost: .power(coefficient: 2, exponent: 1),
            types: .beta(2, 2))
    }
}
