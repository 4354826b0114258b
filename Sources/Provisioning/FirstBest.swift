import Foundation
import SurplusCore

/// The first-best optimum: a planner who knows theta_1..theta_n builds
/// Q = argmax { S u(Q) - c(n, Q) }, S = theta_1 + ... + theta_n, and
/// SW = E[ max_Q { S u(Q) - c(n, Q) } ] (slides 003, "Example").
public struct FirstBestResult: Sendable, Codable, Equatable {
    /// Expected first-best welfare.
    public let expectedWelfare: Double
    /// Standard error of `expectedWelfare` (0 when exact).
    public let standardError: Double
    /// "exact" (power laws with an integer k = beta/(beta - alpha): moments of S from
    /// its cumulants) or "monteCarlo".
    public let method: String
    /// Monte Carlo replications (0 when exact).
    public let replications: Int
}

public enum FirstBest {
    /// With power laws, max_Q { S A Q^alpha - B n^delta Q^beta } = K S^k with
    /// k = beta/(beta - alpha) and K = (1 - alpha/beta) A^k (alpha/(B n^delta beta))^(alpha/(beta-alpha)).
    static func powerLawWelfare(_ model: PoolModel) -> (factor: Double, power: Double)? {
        guard let p = model.powerLaws else { return nil }
        let k = p.beta / (p.beta - p.alpha)
        let factor = (1 - p.alpha / p.beta) * pow(p.a, k) * pow(p.alpha / (p.scaledB * p.beta), p.alpha / (p.beta - p.alpha))
        return (factor, k)
    }

    /// E[S^j] for j = 0...k, S the sum of n i.i.d. types: cumulants add over agents,
    /// kappa_j(S) = n kappa_j(theta), and moments follow from the recursion
    /// m_j = sum_{i=1}^{j} C(j-1, i-1) kappa_i m_{j-i}.
    static func momentsOfSum(_ types: TypeDistribution, players n: Int, upTo k: Int) -> [Double] {
        let raw = (0...k).map { types.rawMoment($0) }
        var kappa = [Double](repeating: 0, count: k + 1)
        for j in 1...k {
            var s = raw[j]
            for i in 1..<j { s -= binomial(j - 1, i - 1) * kappa[i] * raw[j - i] }
            kappa[j] = s
        }
        var m = [Double](repeating: 0, count: k + 1)
        m[0] = 1
        for j in stride(from: 1, through: k, by: 1) {
            var s = 0.0
            for i in 1...j { s += binomial(j - 1, i - 1) * Double(n) * kappa[i] * m[j - i] }
            m[j] = s
        }
        return m
    }

    static func binomial(_ n: Int, _ k: Int) -> Double {
        guard k >= 0, k <= n else { return 0 }
        var r = 1.0
        for i in 0..<min(k, n - k) { r = r * Double(n - i) / Double(i + 1) }
        return r
    }

    /// Whether the exact method applies: power laws with k = beta/(beta - alpha) an integer <= 16.
    public static func hasClosedForm(_ model: PoolModel) -> Bool {
        guard let w = powerLawWelfare(model) else { return false }
        return abs(w.power - w.power.rounded()) < 1e-9 && w.power.rounded() <= 16
    }

    /// Expected first-best welfare: exact when `hasClosedForm`, else Monte Carlo over
    /// `options.replications` type profiles (each of n draws) with its standard error.
    /// The Monte Carlo uses a control variate of known mean: for power laws the second-order
    /// Taylor polynomial of K S^k around E[S] (its mean needs only E[S] and Var S), for closures S itself.
    /// For the slides' example (k = 2, K = 1/9) the exact value is
    /// E[S^2]/9 = (n/12 + n^2/4)/9 = n^2/36 + n/108.
    public static func solve(_ model: PoolModel, monteCarlo options: MonteCarloOptions) -> FirstBestResult {
        if hasClosedForm(model), let w = powerLawWelfare(model) {
            let k = Int(w.power.rounded())
            let m = momentsOfSum(model.types, players: model.players, upTo: k)
            return FirstBestResult(expectedWelfare: w.factor * m[k], standardError: 0, method: "exact", replications: 0)
        }
        let n = model.players
        let types = model.types
        let power = powerLawWelfare(model)
        let m = momentsOfSum(types, players: n, upTo: 2)
        let mean = m[1], variance = m[2] - m[1] * m[1]
        // Control: T(S) = K (mu^k + k mu^(k-1) (S - mu) + k (k-1)/2 mu^(k-2) (S - mu)^2), E[T] known.
        let taylor: @Sendable (Double) -> Double = { s in
            guard let power, mean > 0 else { return s }
            let k = power.power
            let d = s - mean
            return power.factor * (pow(mean, k) + k * pow(mean, k - 1) * d + k * (k - 1) / 2 * pow(mean, k - 2) * d * d)
        }
        let controlMean: Double
        if let power, mean > 0 {
            let k = power.power
            controlMean = power.factor * (pow(mean, k) + k * (k - 1) / 2 * pow(mean, k - 2) * variance)
        } else {
            controlMean = mean
        }
        let rows = MonteCarlo.run(options, stage: "first best") { _, rng -> (Double, Double) in
            var s = 0.0
            for _ in 0..<n { s += types.sample(using: &rng) }
            if let power { return (power.factor * pow(s, power.power), taylor(s)) }
            return (model.bestWelfare(weight: s).value, taylor(s))
        }
        let e = MonteCarlo.estimate(rows.map(\.0), control: rows.map(\.1), knownMean: controlMean)
        return FirstBestResult(
            expectedWelfare: e.mean, standardError: e.standardError, method: "monteCarlo", replications: e.replications)
    }
}
