import Foundation
import SurplusCore

/// The posted fee-and-size mechanism of Theorem 1 (slides 003, "The Asymptotically
/// Optimal Mechanism"): post a size Q* and a fee phi* = theta* u(Q*); exactly the peers
/// with theta_i >= theta* join, pay phi*, and enjoy Q*.
///
/// (theta*, Q*) solve problem P*:
///   maximize over theta in [low, high], Q >= 0:  n (integral_theta^high eta f(eta) d eta) u(Q) - c(n, Q)
///   subject to                                   n [1 - F(theta)] theta u(Q) - c(n, Q) >= 0,
/// whose optimal value is Phi*_n. Because the rule is fixed in advance, the expected welfare
/// of the mechanism at any finite n is exactly Phi*_n; the fees cover the cost in expectation.
public struct PostedMechanism: Sendable, Codable, Equatable {
    /// theta*: the lowest type that joins.
    public let thresholdType: Double
    /// Q*: the size posted.
    public let size: Double
    /// phi* = theta* u(Q*): the fee posted.
    public let fee: Double
    /// Phi*_n, the optimal value of P* (= expected welfare of the mechanism at this n).
    public let welfare: Double
    /// 1 - F(theta*): the expected share of peers who join.
    public let participation: Double
    /// Whether the budget constraint of P* binds (n [1 - F] phi* = c(n, Q*)).
    public let budgetBinds: Bool
    /// n [1 - F(theta*)] phi* - c(n, Q*): the expected budget surplus (0 when it binds).
    public let expectedBudgetSurplus: Double

    /// Solves P*: for each threshold theta the inner problem ``outcome(at:_:)``; the outer
    /// search over theta is a 400-point scan plus golden section (theta to about 1e-8, the welfare to about 1e-15 relative); for the
    /// empirical law every observation is tried as the threshold.
    ///
    /// Slides' example: theta* = 1/4, Q* = n^2/64, phi* = n/48, Phi*_n = 3 n^2/128.
    public static func solve(_ model: PoolModel) throws -> PostedMechanism {
        let types = model.types
        var best: Double
        if types.kind == .empirical, let samples = types.samples {
            var bestValue = -Double.infinity
            best = samples[0]
            var previous = -Double.infinity
            for x in samples where x != previous {
                previous = x
                let v = outcome(at: x, model).welfare
                if v > bestValue { bestValue = v; best = x }
            }
        } else {
            best = Quadrature.maximize(types.low, types.high, scan: 400, tolerance: 1e-13) { outcome(at: $0, model).welfare }.x
        }
        let solution = outcome(at: best, model)
        guard solution.welfare > 0, solution.size > 0 else {
            throw ProvisioningError.noSolution(
                what: "problem P*", reason: "no threshold gives positive welfare with fees covering the cost")
        }
        let share = types.survival(best)
        let surplus = Double(model.players) * share * solution.fee - model.cost(model.players, solution.size)
        return PostedMechanism(
            thresholdType: best, size: solution.size, fee: solution.fee, welfare: solution.welfare, participation: share,
            budgetBinds: solution.budgetBinds, expectedBudgetSurplus: solution.budgetBinds ? 0 : surplus)
    }

    /// The inner problem of P* at a fixed threshold t (slides 003, Theorem 1): the size that
    /// maximizes n (integral_t^high eta f(eta) d eta) u(Q) - c(n, Q) subject to the fees
    /// n [1 - F(t)] t u(Q) covering c(n, Q), with the fee phi = t u(Q) it posts. The problem is
    /// concave in Q: the welfare-maximizing size for the weight a = n E[theta 1{theta >= t}]
    /// unless the fee base b = n [1 - F(t)] t cannot pay for it, in which case the largest
    /// size it pays for (`PoolModel.largestFundedSize`). A threshold no peer passes, or whose
    /// fee base is zero, gives size, fee and welfare 0.
    public static func outcome(at threshold: Double, _ model: PoolModel) -> ThresholdOutcome {
        let n = Double(model.players)
        let a = n * model.types.upperPartialMean(threshold)
        let b = n * model.types.survival(threshold) * threshold
        guard b > 0, a > 0 else { return ThresholdOutcome(size: 0, fee: 0, welfare: 0, budgetBinds: false) }
        let unconstrained = model.optimalSize(weight: a)
        let binds = b * model.utility(unconstrained) < model.cost(model.players, unconstrained)
        let q = binds ? model.largestFundedSize(feeBase: b) : unconstrained
        return ThresholdOutcome(
            size: q, fee: threshold * model.utility(q), welfare: a * model.utility(q) - model.cost(model.players, q),
            budgetBinds: binds)
    }

    /// Realized welfare and budget of the posted mechanism at finite n, by Monte Carlo:
    /// in each replication n types are drawn, those with theta_i >= theta* join and pay phi*.
    public func simulate(_ model: PoolModel, options: MonteCarloOptions) -> PostedMechanismSimulation {
        let n = model.players
        let types = model.types
        let threshold = thresholdType
        let benefit = model.utility(size)
        let cost = model.cost(n, size)
        let fee = self.fee
        let rows = MonteCarlo.run(options, stage: "posted mechanism") { _, rng -> (Double, Double, Int) in
            var sum = 0.0
            var joined = 0
            for _ in 0..<n {
                let theta = types.sample(using: &rng)
                if theta >= threshold { sum += theta; joined += 1 }
            }
            return (sum * benefit - cost, Double(joined) * fee - cost, joined)
        }
        let welfare = MonteCarlo.estimate(rows.map(\.0))
        let budget = MonteCarlo.estimate(rows.map(\.1))
        let deficits = rows.reduce(0) { $0 + ($1.1 < -1e-9 * max(1, cost) ? 1 : 0) }
        let joined = Statistics.mean(rows.map { Double($0.2) })
        return PostedMechanismSimulation(
            welfare: welfare, budgetSurplus: budget, deficitProbability: Double(deficits) / Double(rows.count),
            meanParticipants: joined)
    }
}

/// Finite-n behaviour of the posted mechanism (Monte Carlo).
public struct PostedMechanismSimulation: Sendable, Codable, Equatable {
    /// Realized welfare sum_{theta_i >= theta*} theta_i u(Q*) - c(n, Q*).
    public let welfare: Estimate
    /// Fees collected minus cost, N phi* - c(n, Q*).
    public let budgetSurplus: Estimate
    /// Share of replications whose fees fell short of the cost.
    public let deficitProbability: Double
    /// Mean number of peers who joined.
    public let meanParticipants: Double
}

/// The posted mechanism at one threshold t: the size q(t) of P*'s inner problem, the fee
/// phi = t u(q(t)) and the expected welfare there.
public struct ThresholdOutcome: Sendable, Codable, Equatable {
    public let size: Double
    public let fee: Double
    public let welfare: Double
    /// Whether the fees n [1 - F(t)] phi only just cover c(n, q(t)).
    public let budgetBinds: Bool
}
