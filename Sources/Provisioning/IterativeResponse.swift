import Foundation
import SurplusCore

/// The slides' robustness claim (003, Summary): "when users respond iteratively to the size
/// of system they see produced then the system converges to an equilibrium where social
/// welfare is maximized". Simulated here for a fixed population of n drawn types:
/// a fee phi is posted; in round t every peer with theta_i u(Q_t) >= phi joins, and the
/// pool built is the largest the fees pay for, Q_{t+1} = c^{-1}(n, N_t phi).
///
/// Converged means Q_{t+1} = Q_t (the number N_t who join is an integer, so the map
/// reaches its fixed point exactly after finitely many rounds) or |Q_{t+1} - Q_t| <= 1e-12 Q_t.
public struct IterativeResponseResult: Sendable, Codable, Equatable {
    public struct Round: Sendable, Codable, Equatable {
        public let round: Int
        /// Q_t, the size the peers see.
        public let size: Double
        /// N_t, the peers who join at that size.
        public let participants: Int
        /// Realized welfare sum_{joined} theta_i u(Q_t) - c(n, Q_t).
        public let welfare: Double
    }
    public let fee: Double
    public let rounds: [Round]
    public let converged: Bool
    /// The size where the dynamics stopped.
    public let finalSize: Double
    /// Realized welfare there, to compare with Phi*_n.
    public let finalWelfare: Double
}

public enum IterativeResponse {
    /// Runs the dynamics from `initialSize` for at most `maxRounds` rounds with the types drawn
    /// from the `iterativePopulation` stream of `run` (its seed; one thread suffices).
    /// - Throws: `InputError` for a fee that is not > 0, a negative initial size, or `maxRounds` outside 1...100,000.
    public static func simulate(
        _ model: PoolModel, fee: Double, initialSize: Double, maxRounds: Int = 200, run: RunOptions = .serial
    ) throws -> IterativeResponseResult {
        try Validate.positive(fee, "fee")
        try Validate.nonNegative(initialSize, "initialSize")
        try Validate.count(maxRounds, 1...100_000, "maxRounds")
        let n = model.players
        var rng = run.stream(.iterativePopulation)
        var thetas = (0..<n).map { _ in model.types.sample(using: &rng) }
        thetas.sort()
        var suffix = [Double](repeating: 0, count: n + 1)
        for i in stride(from: n - 1, through: 0, by: -1) { suffix[i] = suffix[i + 1] + thetas[i] }
        func joiners(_ q: Double) -> Int {
            let u = model.utility(q)
            guard u > 0 else { return 0 }
            let cut = fee / u
            var lo = 0, hi = n
            while lo < hi { let m = (lo + hi) / 2; if thetas[m] < cut { lo = m + 1 } else { hi = m } }
            return n - lo
        }
        var rounds: [IterativeResponseResult.Round] = []
        var q = initialSize
        var converged = false
        for t in 0..<maxRounds {
            let joined = joiners(q)
            let welfare = suffix[n - joined] * model.utility(q) - model.cost(n, q)
            rounds.append(.init(round: t, size: q, participants: joined, welfare: welfare))
            let next = model.sizeCovered(byBudget: Double(joined) * fee)
            if next == q || abs(next - q) <= 1e-12 * q {
                converged = true
                break
            }
            q = next
        }
        let last = rounds[rounds.count - 1]
        return IterativeResponseResult(
            fee: fee, rounds: rounds, converged: converged, finalSize: last.size, finalWelfare: last.welfare)
    }
}
