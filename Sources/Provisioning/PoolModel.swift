import Foundation
import SurplusCore

/// The benefit function u(Q) of the pool size Q: agent i gains theta_i u(Q) (slides 003).
///
/// Either the power law of Assumption 1, u(Q) = A Q^alpha with A > 0, 0 < alpha <= 1,
/// for which the solvers use closed forms, or any increasing concave closure
/// (checked numerically on a grid of sizes from 1e-6 to 1e6 when it is built).
public struct Utility: Sendable, CustomStringConvertible {
    /// A Q^alpha, when the utility is a power law.
    public struct PowerLaw: Sendable, Hashable, Codable, CustomStringConvertible {
        /// Coefficient A of Assumption 1.
        public let coefficient: Double
        /// Exponent alpha of Assumption 1.
        public let exponent: Double

        /// The parameters as given; `Utility.power` and `TariffProblem` validate them.
        public init(coefficient: Double, exponent: Double) {
            self.coefficient = coefficient
            self.exponent = exponent
        }

        /// `A Q^alpha`, e.g. `0.6666666666666666 Q^0.5`.
        public var description: String { "\(InputError.format(coefficient)) Q^\(InputError.format(exponent))" }
    }

    public let powerLaw: PowerLaw?
    public let name: String
    private let function: @Sendable (Double) -> Double

    /// u(Q).
    @inline(__always) public func callAsFunction(_ q: Double) -> Double { function(q) }

    public var description: String { name }

    /// u(Q) = A Q^alpha (Assumption 1): A > 0 and 0 < alpha <= 1 (concave).
    public static func power(coefficient a: Double, exponent alpha: Double) throws -> Utility {
        try Validate.positive(a, "utility.A")
        guard alpha.isFinite, alpha > 0, alpha <= 1 else {
            throw InputError(
                field: "utility.alpha", value: alpha, expected: "0 < alpha <= 1 (u must be increasing and concave)")
        }
        let law = PowerLaw(coefficient: a, exponent: alpha)
        return Utility(powerLaw: law, name: law.description, function: { q in q > 0 ? a * pow(q, alpha) : 0 })
    }

    /// Any utility given as a closure; it must be finite, non-decreasing and concave
    /// on Q >= 0, which is checked on three-point stencils Q, 2Q, 3Q for Q = 1e-6 ... 1e6.
    public static func custom(name: String, _ u: @escaping @Sendable (Double) -> Double) throws -> Utility {
        try checkShape(field: "utility", name: name, curvature: "concave", sign: 1, u)
        return Utility(powerLaw: nil, name: name, function: u)
    }
}

/// The cost c(n, Q) of providing a pool of size Q to n agents (slides 003).
///
/// Either Assumption 1's c(n, Q) = B n^delta Q^beta with B > 0, beta >= 1, delta >= 0,
/// or any closure convex and non-decreasing in Q (checked like `Utility.custom`).
public struct Cost: Sendable, CustomStringConvertible {
    /// B n^delta Q^beta, when the cost is a power law.
    public struct PowerLaw: Sendable, Hashable, Codable, CustomStringConvertible {
        /// Coefficient B of Assumption 1.
        public let coefficient: Double
        /// Exponent beta of Assumption 1.
        public let exponent: Double
        /// Exponent delta of n (0: the cost does not depend on the number of peers).
        public let populationExponent: Double

        /// The parameters as given; `Cost.power` validates them.
        public init(coefficient: Double, exponent: Double, populationExponent: Double = 0) {
            self.coefficient = coefficient
            self.exponent = exponent
            self.populationExponent = populationExponent
        }

        /// `B Q^beta`, or `B n^delta Q^beta` when delta != 0.
        public var description: String {
            let b = InputError.format(coefficient), beta = InputError.format(exponent)
            return populationExponent == 0 ? "\(b) Q^\(beta)" : "\(b) n^\(InputError.format(populationExponent)) Q^\(beta)"
        }
    }

    public let powerLaw: PowerLaw?
    public let name: String
    private let function: @Sendable (Int, Double) -> Double

    /// c(n, Q).
    @inline(__always) public func callAsFunction(_ n: Int, _ q: Double) -> Double { function(n, q) }

    public var description: String { name }

    /// c(n, Q) = B n^delta Q^beta (Assumption 1).
    public static func power(coefficient b: Double, exponent beta: Double, populationExponent delta: Double = 0) throws
        -> Cost
    {
        try Validate.positive(b, "cost.B")
        guard beta.isFinite, beta >= 1, beta <= 100 else {
            throw InputError(field: "cost.beta", value: beta, expected: "1 <= beta <= 100 (c must be convex; Q^beta must stay finite)")
        }
        guard delta.isFinite, delta >= 0, delta <= 10 else {
            throw InputError(field: "cost.delta", value: delta, expected: "0 <= delta <= 10 (n^delta must stay finite)")
        }
        let law = PowerLaw(coefficient: b, exponent: beta, populationExponent: delta)
        return Cost(
            powerLaw: law, name: law.description, function: { n, q in q > 0 ? b * pow(Double(n), delta) * pow(q, beta) : 0 })
    }

    /// Any cost given as a closure, convex and non-decreasing in Q for every n
    /// (checked at n = 1 on stencils Q, 2Q, 3Q for Q = 1e-6 ... 1e6), with c(n, 0) = 0.
    public static func custom(name: String, _ c: @escaping @Sendable (Int, Double) -> Double) throws -> Cost {
        guard c(1, 0) == 0 else {
            throw InputError(field: "cost", value: name, expected: "c(n, 0) = 0")
        }
        try checkShape(field: "cost", name: name, curvature: "convex", sign: -1) { c(1, $0) }
        return Cost(powerLaw: nil, name: name, function: c)
    }
}

/// Checks that `f` is finite and non-decreasing and, for `sign` = 1, concave (for -1, convex)
/// on three-point stencils Q, 2Q, 3Q for Q = 1e-6, 1.5e-6, ..., 1e6 (relative slack 1e-9).
func checkShape(
    field: String, name: String, curvature: String, sign: Double, _ f: (Double) -> Double
) throws {
    var q = 1e-6
    while q <= 1e6 {
        let a = f(q), b = f(2 * q), c = f(3 * q)
        guard a.isFinite, b.isFinite, c.isFinite else {
            throw InputError(field: field, value: name, expected: "finite values for Q >= 0")
        }
        let scale = max(abs(a), abs(b), abs(c), 1e-300)
        if b < a - 1e-12 * scale || c < b - 1e-12 * scale {
            throw InputError(
                field: field, value: name, expected: "a non-decreasing function (it falls near Q = \(InputError.format(q)))")
        }
        if sign * (a + c - 2 * b) > 1e-9 * scale {
            throw InputError(
                field: field, value: name, expected: "a \(curvature) function (it is not near Q = \(InputError.format(2 * q)))")
        }
        q *= 1.5
    }
}

/// A shared pool: n peers with private types theta_i ~ F, benefit theta_i u(Q), cost c(n, Q)
/// (slides 003, "Economic Model" and "The Social Welfare Maximization Problem").
/// The pool is nonrivalrous and nonexcludable in use: whoever joins enjoys all of Q.
public struct PoolModel: Sendable {
    /// Number of peers n >= 1.
    public let players: Int
    /// The most peers a model may have: the iterative response keeps one type per peer in memory.
    public static let maximumPlayers = 100_000_000
    public let utility: Utility
    public let cost: Cost
    public let types: TypeDistribution

    /// - Throws: `InputError` if n is outside 1...``maximumPlayers`` or, for power laws, alpha >= beta
    ///   (then the welfare-maximizing size is infinite or zero).
    public init(players: Int, utility: Utility, cost: Cost, types: TypeDistribution) throws {
        guard players >= 1 else { throw InputError(field: "players", value: players, expected: "n >= 1") }
        guard players <= Self.maximumPlayers else {
            throw InputError(field: "players", value: players, expected: "n <= \(Self.maximumPlayers) (a profile of n types is kept in memory)")
        }
        if let u = utility.powerLaw, let c = cost.powerLaw, !(u.exponent < c.exponent) {
            throw InputError(
                field: "utility.alpha", value: u.exponent,
                expected: "alpha < beta = \(InputError.format(c.exponent)) (Assumption 1); otherwise the optimal size is unbounded")
        }
        self.players = players
        self.utility = utility
        self.cost = cost
        self.types = types
    }

    /// The slides' running example with n peers: u(Q) = (2/3) Q^(1/2), c(Q) = Q, theta_i ~ U[0, 1].
    public static func slidesExample(players: Int) throws -> PoolModel {
        try ProvisioningScenario.slidesExample(players: players).model()
    }

    /// The same model with another number of peers.
    public func with(players: Int) throws -> PoolModel {
        try PoolModel(players: players, utility: utility, cost: cost, types: types)
    }

    /// Both laws are power laws (Assumption 1): (A, alpha, B n^delta, beta).
    var powerLaws: (a: Double, alpha: Double, scaledB: Double, beta: Double)? {
        guard let u = utility.powerLaw, let c = cost.powerLaw else { return nil }
        return (u.coefficient, u.exponent, c.coefficient * pow(Double(players), c.populationExponent), c.exponent)
    }

    /// The size maximizing w u(Q) - c(n, Q) for a total benefit weight w >= 0
    /// (w = sum of the included theta_i). Power laws: Q = (w A alpha / (B n^delta beta))^(1/(beta-alpha)).
    /// Closures: golden-section search on log Q after bracketing (relative tolerance 1e-10).
    public func optimalSize(weight w: Double) -> Double {
        guard w > 0 else { return 0 }
        if let p = powerLaws {
            return pow(w * p.a * p.alpha / (p.scaledB * p.beta), 1 / (p.beta - p.alpha))
        }
        let n = players
        let objective = { (q: Double) in w * utility(q) - cost(n, q) }
        // Bracket: grow Q until the objective falls below its value at a smaller Q.
        var hi = 1.0
        var best = objective(hi)
        for _ in 0..<200 {
            let next = objective(hi * 4)
            if next <= best { break }
            best = next; hi *= 4
        }
        var lo = 1.0
        for _ in 0..<200 {
            let next = objective(lo / 4)
            if next < objective(lo) || lo < 1e-300 { break }
            lo /= 4
        }
        let found = Quadrature.maximize(log(lo / 4), log(hi * 4), scan: 64, tolerance: 1e-12) { objective(exp($0)) }
        return found.value > 0 ? exp(found.x) : 0
    }

    /// The largest size whose cost the fees b u(Q) cover: max{Q : b u(Q) >= c(n, Q)},
    /// for the fee base b = (number joining) x (threshold type). Power laws:
    /// Q = (b A / (B n^delta))^(1/(beta - alpha)). Closures: bracketing and Brent on b u - c.
    public func largestFundedSize(feeBase b: Double) -> Double {
        guard b > 0 else { return 0 }
        if let p = powerLaws {
            return pow(b * p.a / p.scaledB, 1 / (p.beta - p.alpha))
        }
        let n = players
        let surplus = { (q: Double) in b * utility(q) - cost(n, q) }
        var hi = 1.0
        if surplus(hi) >= 0 {
            var steps = 0
            while surplus(hi) >= 0 && steps < 400 { hi *= 2; steps += 1 }
            if steps >= 400 { return .infinity }
        } else {
            var steps = 0
            while surplus(hi / 2) < 0 && steps < 1000 { hi /= 2; steps += 1 }
            if steps >= 1000 { return 0 }
        }
        let lo = hi / 2
        guard let root = try? SurplusCoreRoot.brent(lo, hi, surplus) else { return lo }
        return root
    }

    /// The largest size c^{-1}(total) that a budget `total` pays for.
    public func sizeCovered(byBudget total: Double) -> Double {
        guard total > 0 else { return 0 }
        if let c = cost.powerLaw {
            let scaled = c.coefficient * pow(Double(players), c.populationExponent)
            return pow(total / scaled, 1 / c.exponent)
        }
        let n = players
        var hi = 1.0
        var steps = 0
        while cost(n, hi) < total && steps < 2000 { hi *= 2; steps += 1 }
        guard let root = try? SurplusCoreRoot.brent(0, hi, { total - cost(n, $0) }) else { return hi }
        return root
    }

    /// max_Q { w u(Q) - c(n, Q) } and the maximizing Q.
    public func bestWelfare(weight w: Double) -> (size: Double, value: Double) {
        let q = optimalSize(weight: w)
        return (q, w * utility(q) - cost(players, q))
    }
}

/// Thin wrapper over SurplusCore's Brent search returning just the root.
enum SurplusCoreRoot {
    static func brent(_ a: Double, _ b: Double, tolerance: Double = 1e-13, _ f: (Double) -> Double) throws -> Double {
        let tol = tolerance * max(1, abs(a), abs(b))
        return try RootFinding.brent(in: a...b, tolerance: tol, maxEvaluations: 400, f).x
    }
}
