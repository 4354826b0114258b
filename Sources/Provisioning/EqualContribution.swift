import Foundation
import SurplusCore

/// Whom an agent counts in the number X of participants he expects (slides 003,
/// "Simple 'Equal Contribution' Schemes"): the slides leave this open, and the O(n)
/// terms of their formulas depend on it.
public enum ParticipantCounting: String, NamedChoice {
    /// X ~ Bin(n, p), the a-priori number who will participate, not conditioned on the
    /// agent himself joining (for E[1/X], conditioned on X >= 1). This reading
    /// reproduces the slides' -n/384 (post Q) and +7n/1536 (post phi).
    case aPriori
    /// X = 1 + Bin(n - 1, p): the agent counts himself among the participants. Then
    /// posting Q gives exactly Phi*_n = 3n^2/128 (no O(n) term) and posting phi gives
    /// 3n^2/128 + 3n/512 in the slides' example.
    case includingSelf
}

/// One of the slides' equal-contribution schemes, solved for its best posted parameter.
public struct EqualContributionResult: Sendable, Codable, Equatable {
    /// "postSize" (post Q, share the cost equally) or "postFee" (post phi, build what the fees cover).
    public let scheme: String
    public let counting: ParticipantCounting
    /// The lowest type that joins.
    public let thresholdType: Double
    /// The posted Q ("postSize"), or the expected size built ("postFee").
    public let size: Double
    /// The posted fee phi ("postFee"), or the expected share of cost c E[1/X] ("postSize").
    public let fee: Double
    /// Expected welfare at the best posted parameter.
    public let welfare: Double
    /// 1 - F(threshold).
    public let participation: Double
}

public enum EqualContribution {
    /// Post Q and share the cost equally: agent joins iff theta u(Q) - c(n, Q) E[1/X] >= 0,
    /// with p = 1 - F(theta) in X's law (a fixed point; the one with most participants is
    /// taken). Welfare n u(Q) E[theta 1{theta >= t}] - c(n, Q) P(at least one joins);
    /// Q is chosen to maximize it (scan of Q* e^{-1.5} ... Q* e^{1.5} on a log scale, then golden section).
    public static func postSize(_ model: PoolModel, counting: ParticipantCounting, reference: PostedMechanism) throws
        -> EqualContributionResult
    {
        let n = model.players
        let types = model.types
        func expectedShare(_ p: Double) -> Double {
            switch counting {
            case .includingSelf:
                // E[1/(1 + Bin(n-1, p))] = (1 - (1-p)^n) / (n p).
                return p > 0 ? -expm1(Double(n) * log1p(-p)) / (Double(n) * p) : 1
            case .aPriori:
                let r = Binomial.expectation(trials: n, probability: p, from: 1) { 1 / Double($0) }
                return r.mass > 0 ? r.value / r.mass : 1
            }
        }
        func outcome(_ q: Double) -> (t: Double, welfare: Double) {
            let u = model.utility(q), c = model.cost(n, q)
            let t = smallestJoiningType(types) { t in t * u - c * expectedShare(types.survival(t)) }
            let p = types.survival(t)
            let built = p >= 1 ? 1 : -expm1(Double(n) * log1p(-p))  // P(at least one joins)
            return (t, Double(n) * u * types.upperPartialMean(t) - c * built)
        }
        let centre = log(reference.size)
        let best = Quadrature.maximize(centre - 1.5, centre + 1.5, scan: 24, tolerance: 1e-9) { outcome(exp($0)).welfare }
        let q = exp(best.x)
        let o = outcome(q)
        let p = types.survival(o.t)
        return EqualContributionResult(
            scheme: "postSize", counting: counting, thresholdType: o.t, size: q,
            fee: model.cost(n, q) * expectedShare(p), welfare: o.welfare, participation: p)
    }

    /// Post a fee phi and build the largest pool the fees cover, Q = c^{-1}(X phi): agent joins
    /// iff theta E[u(c^{-1}(X phi))] - phi >= 0. Welfare E[N E[theta | theta >= t] u(c^{-1}(N phi)) - N phi],
    /// N ~ Bin(n, p); phi is chosen to maximize it.
    public static func postFee(_ model: PoolModel, counting: ParticipantCounting, reference: PostedMechanism) throws
        -> EqualContributionResult
    {
        let n = model.players
        let types = model.types
        // u(c^{-1}(k phi)) for k participants. With power laws it is
        // A (k phi / (B n^delta))^(alpha/beta) = A (phi / (B n^delta))^(alpha/beta) k^(alpha/beta),
        // so k^(alpha/beta) is tabulated once for k = 0...n (a lookup per binomial term).
        let table: [Double]?
        if let u = model.utility.powerLaw, let c = model.cost.powerLaw {
            let gamma = u.exponent / c.exponent
            table = (0...n).map { pow(Double($0), gamma) }
        } else {
            table = nil
        }
        func benefit(_ k: Int, _ phi: Double, _ scale: Double) -> Double {
            if let table { return scale * table[k] }
            return model.utility(model.sizeCovered(byBudget: Double(k) * phi))
        }
        func scale(_ phi: Double) -> Double {
            guard let u = model.utility.powerLaw, let c = model.cost.powerLaw else { return 1 }
            let b = c.coefficient * pow(Double(n), c.populationExponent)
            return u.coefficient * pow(phi / b, u.exponent / c.exponent)
        }
        func expectedBenefit(_ p: Double, _ phi: Double) -> Double {
            let s = scale(phi)
            switch counting {
            case .includingSelf:
                return Binomial.expectation(trials: n - 1, probability: p) { benefit($0 + 1, phi, s) }.value
            case .aPriori:
                return Binomial.expectation(trials: n, probability: p) { benefit($0, phi, s) }.value
            }
        }
        func outcome(_ phi: Double) -> (t: Double, welfare: Double, size: Double) {
            let t = smallestJoiningType(types) { t in t * expectedBenefit(types.survival(t), phi) - phi }
            let p = types.survival(t)
            guard p > 0 else { return (t, 0, 0) }
            let meanJoiner = types.upperPartialMean(t) / p
            let sc = scale(phi)
            let w = Binomial.expectation(trials: n, probability: p) { k in
                Double(k) * meanJoiner * benefit(k, phi, sc) - Double(k) * phi
            }.value
            let size = Binomial.expectation(trials: n, probability: p) { model.sizeCovered(byBudget: Double($0) * phi) }.value
            return (t, w, size)
        }
        let centre = log(reference.fee)
        let best = Quadrature.maximize(centre - 1.5, centre + 1.5, scan: 24, tolerance: 1e-9) { outcome(exp($0)).welfare }
        let phi = exp(best.x)
        let o = outcome(phi)
        return EqualContributionResult(
            scheme: "postFee", counting: counting, thresholdType: o.t, size: o.size, fee: phi, welfare: o.welfare,
            participation: types.survival(o.t))
    }

    /// The smallest type t at which `gain(t)` turns from negative to non-negative: the
    /// participation equilibrium with the most participants (what best responses reach
    /// from full participation). The support's top when no type gains.
    static func smallestJoiningType(_ types: TypeDistribution, _ gain: (Double) -> Double) -> Double {
        let lo = types.low, hi = types.high
        if gain(lo) >= 0 { return lo }
        let steps = 24
        var previous = lo
        for i in 1...steps {
            let t = lo + (hi - lo) * Double(i) / Double(steps)
            if gain(t) >= 0 {
                return (try? RootFinding.brent(in: previous...t, tolerance: 1e-14, maxEvaluations: 100, gain).x) ?? t
            }
            previous = t
        }
        return hi
    }
}
