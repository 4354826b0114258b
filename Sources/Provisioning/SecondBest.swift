import Foundation
import SurplusCore

/// The second-best optimum Phi_n (problem P of Theorem 1) by the slides' Lagrangian
/// ("The Equivalent Problem", "The Lagrangian"): for a multiplier lambda >= 0, agent i is
/// included iff theta_i + lambda g(theta_i) >= 0, with g the virtual type, and
/// Q(theta) = argmax_Q { A u(Q) - c(n, Q) }, A = sum_included (theta_i + lambda g(theta_i)) / (1 + lambda).
/// lambda is the root of the single constraint E[sum_i pi_i g(theta_i) u(Q) - c(n, Q)] = 0.
/// When that root exists the pointwise maximizer is optimal for P (weak duality), so this
/// is Phi_n itself, not a bound.
///
/// Exact for power laws with beta = 2 alpha (then u(Q(A)) = r A and c(n, Q(A)) = r A^2 / 2,
/// and every expectation is a second moment of sums of i.i.d. terms, integrated by
/// quadrature); by Monte Carlo with common random numbers otherwise.
public struct SecondBestResult: Sendable, Codable, Equatable {
    /// Phi_n, the expected second-best welfare.
    public let welfare: Double
    /// Its standard error (0 when exact).
    public let standardError: Double
    /// The Lagrange multiplier lambda.
    public let multiplier: Double
    /// Types below this are excluded: the root of theta + lambda g(theta) = 0
    /// (the lowest type when exclusions are not allowed).
    public let exclusionThreshold: Double
    /// "exact" or "monteCarlo".
    public let method: String
    /// Whether agents could be excluded (pi_i in {0, 1}) or all were included (pi_i = 1).
    public let exclusionsAllowed: Bool
    /// Whether the size may follow a negative weight A with u(Q(A)) = r A < 0 (a relaxation
    /// that drops the constraint Q >= 0; only the exact no-exclusion case uses it; see `SecondBest`).
    public let signConstraintDropped: Bool
}

public enum SecondBest {
    /// Phi_n. `exclusions: false` forces pi_i = 1 (slides: "What if exclusions are not allowed?").
    /// `dropSizeSign` (only with `exclusions: false` and beta = 2 alpha) lets the weight A go
    /// negative with u(Q(A)) = r A, which is what the slides' n (sqrt(1 + 3n) - 1)/27 computes.
    public static func solve(
        _ model: PoolModel, exclusions: Bool = true, dropSizeSign: Bool = false, monteCarlo options: MonteCarloOptions
    ) throws -> SecondBestResult {
        guard model.types.hasDensity else {
            throw ProvisioningError.unsupported(
                field: "types", reason: "the second best needs a density f for the virtual type g = theta - (1 - F)/f; the empirical law has none")
        }
        try checkRegular(model.types)
        if isQuadratic(model) && (exclusions || dropSizeSign) {
            return try exact(model, exclusions: exclusions)
        }
        return try monteCarlo(model, exclusions: exclusions, options: options)
    }

    /// beta = 2 alpha for power laws: the pointwise value is quadratic in A.
    static func isQuadratic(_ model: PoolModel) -> Bool {
        guard let p = model.powerLaws else { return false }
        return abs(p.beta - 2 * p.alpha) < 1e-12
    }

    /// theta + lambda g(theta) must increase in theta for the threshold rule (no ironing).
    static func checkRegular(_ types: TypeDistribution) throws {
        var previous = -Double.infinity
        for i in 1..<200 {
            let t = types.low + (types.high - types.low) * Double(i) / 200
            guard let g = types.virtualType(t) else { return }
            if g < previous - 1e-9 {
                throw ProvisioningError.unsupported(
                    field: "types", reason: "the virtual type g(theta) decreases near theta = \(InputError.format(t)); ironing is not implemented")
            }
            previous = g
        }
    }

    /// The root of theta + lambda g(theta) = 0 on the support (the exclusion threshold).
    static func threshold(_ types: TypeDistribution, lambda: Double) -> Double {
        guard lambda > 0 else { return types.low }
        let w = { (t: Double) -> Double in t + lambda * (types.virtualType(t) ?? t) }
        let lo = types.low + 1e-15 * max(1, types.high), hi = types.high
        if w(lo) >= 0 { return types.low }
        return (try? RootFinding.bisect(in: lo...hi, tolerance: 1e-15 * max(1, hi), maxEvaluations: 200, w).x) ?? hi
    }

    /// Exact (welfare, constraint, threshold) at lambda for beta = 2 alpha: with u(Q(A)) = r A and
    /// c(n, Q(A)) = r A^2/2, E[S A], E[G A], E[A^2] are second moments of sums of i.i.d. terms
    /// (n E[XZ] + n(n-1) E[X] E[Z]), each a one-dimensional integral over the types.
    /// Without exclusions A may be negative here: this is the relaxation that drops Q >= 0.
    static func exactEvaluate(_ model: PoolModel, exclusions: Bool, lambda: Double) -> (
        welfare: Double, constraint: Double, threshold: Double
    ) {
        let n = Double(model.players)
        let types = model.types
        let r = model.utility(model.optimalSize(weight: 1))
        let t = exclusions ? threshold(types, lambda: lambda) : types.low
        let g = { (x: Double) in types.virtualType(x) ?? x }
        let z = { (x: Double) in (x + lambda * g(x)) / (1 + lambda) }
        let eX = types.expectation(from: t) { $0 }
        let eG = types.expectation(from: t) { g($0) }
        let eZ = types.expectation(from: t) { z($0) }
        let eXZ = types.expectation(from: t) { $0 * z($0) }
        let eGZ = types.expectation(from: t) { g($0) * z($0) }
        let eZZ = types.expectation(from: t) { z($0) * z($0) }
        let sA = n * eXZ + n * (n - 1) * eX * eZ
        let gA = n * eGZ + n * (n - 1) * eG * eZ
        let aa = n * eZZ + n * (n - 1) * eZ * eZ
        return (r * sA - r * aa / 2, r * gA - r * aa / 2, t)
    }

    static func exact(_ model: PoolModel, exclusions: Bool) throws -> SecondBestResult {
        let lambda = try findMultiplier { exactEvaluate(model, exclusions: exclusions, lambda: $0).constraint }
        let e = exactEvaluate(model, exclusions: exclusions, lambda: lambda)
        return SecondBestResult(
            welfare: e.welfare, standardError: 0, multiplier: lambda, exclusionThreshold: e.threshold, method: "exact",
            exclusionsAllowed: exclusions, signConstraintDropped: !exclusions)
    }

    static func monteCarlo(_ model: PoolModel, exclusions: Bool, options: MonteCarloOptions) throws -> SecondBestResult {
        let n = model.players
        let r = options.replications
        guard Double(n) * Double(r) <= 2.5e7 else {
            throw InputError(
                field: "monteCarlo", value: r,
                expected: "players x samples <= 2.5e7 for the Monte Carlo second best (its profiles are kept in memory; n = \(n))")
        }
        let types = model.types
        // Control variate: the posted mechanism's realized welfare on the same profiles,
        // whose mean Phi*_n is known exactly; Phi_n - Phi*_n is then estimated with a small error.
        let posted = try PostedMechanism.solve(model)
        let postedBenefit = model.utility(posted.size), postedCost = model.cost(n, posted.size)
        // Common random numbers: one set of profiles for every lambda. Each is sorted by theta, so
        // the included set {theta + lambda g(theta) >= 0} is a suffix (g increases: `checkRegular`),
        // found by binary search; suffix sums of theta and g then give S and G in O(log n).
        let profiles: [Profile] = MonteCarlo.run(options, stage: "second best: draw types") { _, rng in
            var xs = (0..<n).map { _ in types.sample(using: &rng) }
            xs.sort()
            return Profile(sortedTypes: xs, virtualType: { types.virtualType($0) ?? $0 })
        }
        // Per replication: welfare W_r = S u(Q) - c and constraint K_r = G u(Q) - c at lambda.
        func evaluate(_ lambda: Double) -> (welfare: [Double], constraint: [Double], mean: Double) {
            var welfare = [Double](repeating: 0, count: profiles.count)
            var constraint = [Double](repeating: 0, count: profiles.count)
            for (j, profile) in profiles.enumerated() {
                let cut = exclusions ? profile.firstIncluded(lambda) { types.virtualType($0) ?? $0 } : 0
                let s = profile.typeSums[cut], g = profile.virtualSums[cut]
                let a = (s + lambda * g) / (1 + lambda)
                let q = model.optimalSize(weight: a)
                let u = model.utility(q), c = model.cost(n, q)
                welfare[j] = s * u - c
                constraint[j] = g * u - c
            }
            return (welfare, constraint, Statistics.mean(constraint))
        }
        let lambda = try findMultiplier { evaluate($0).mean }
        let e = evaluate(lambda)
        // The estimate is the sample Lagrangian L_r = W_r + lambda K_r at the fitted lambda (its
        // sample mean equals that of W_r since mean K_r = 0 there). By the envelope theorem the
        // error in lambda only enters at second order, so L_r's spread gives the standard error.
        // Control: the posted mechanism's Lagrangian W*_r + lambda K*_r on the same profiles,
        // whose mean Phi*_n + lambda (expected budget surplus of P*) is known exactly.
        // Without exclusions and with beta = 2 alpha the control is instead the relaxed Lagrangian
        // (A allowed negative, u(Q(A)) = r A), whose mean `exactEvaluate` gives; the two differ
        // only where A < 0.
        let lagrangian = profiles.indices.map { e.welfare[$0] + lambda * e.constraint[$0] }
        let estimate: Estimate
        if !exclusions && isQuadratic(model) {
            let r = model.utility(model.optimalSize(weight: 1))
            let control = profiles.map { profile -> Double in
                let s = profile.typeSums[0], g = profile.virtualSums[0]
                let a = (s + lambda * g) / (1 + lambda)
                return r * (s * a - a * a / 2) + lambda * r * (g * a - a * a / 2)
            }
            let relaxed = exactEvaluate(model, exclusions: false, lambda: lambda)
            estimate = MonteCarlo.estimate(
                lagrangian, control: control, knownMean: relaxed.welfare + lambda * relaxed.constraint)
        } else {
            let control = profiles.map { profile -> Double in
                let cut = profile.firstAtLeast(posted.thresholdType)
                let s = profile.typeSums[cut], g = profile.virtualSums[cut]
                return s * postedBenefit - postedCost + lambda * (g * postedBenefit - postedCost)
            }
            estimate = MonteCarlo.estimate(
                lagrangian, control: control, knownMean: posted.welfare + lambda * posted.expectedBudgetSurplus)
        }
        return SecondBestResult(
            welfare: estimate.mean, standardError: estimate.standardError, multiplier: lambda,
            exclusionThreshold: exclusions ? threshold(types, lambda: lambda) : types.low, method: "monteCarlo",
            exclusionsAllowed: exclusions, signConstraintDropped: false)
    }

    /// The smallest lambda >= 0 where the budget constraint E[G u - c] reaches 0
    /// (lambda = 0 when the first best already pays for itself).
    static func findMultiplier(_ constraint: (Double) -> Double) throws -> Double {
        if constraint(0) >= 0 { return 0 }
        var hi = 0.5
        var steps = 0
        while constraint(hi) < 0 {
            hi *= 2; steps += 1
            if steps > 40 {
                throw ProvisioningError.noSolution(
                    what: "the second-best multiplier lambda", reason: "no lambda up to \(InputError.format(hi)) balances the budget")
            }
        }
        return try RootFinding.bisect(in: 0...hi, tolerance: 1e-14 * hi, maxEvaluations: 200, constraint).x
    }
}

/// One Monte Carlo type profile, sorted, with suffix sums: typeSums[i] = sum of theta_j for j >= i,
/// virtualSums[i] = sum of g(theta_j) for j >= i.
struct Profile: Sendable {
    let types: [Double]
    let typeSums: [Double]
    let virtualSums: [Double]

    init(sortedTypes: [Double], virtualType: (Double) -> Double) {
        types = sortedTypes
        var s = [Double](repeating: 0, count: types.count + 1)
        var g = [Double](repeating: 0, count: types.count + 1)
        for i in stride(from: types.count - 1, through: 0, by: -1) {
            s[i] = s[i + 1] + types[i]
            g[i] = g[i + 1] + virtualType(types[i])
        }
        typeSums = s
        virtualSums = g
    }

    /// The first index whose theta + lambda g(theta) >= 0 (the weight increases along the profile).
    func firstIncluded(_ lambda: Double, virtualType: (Double) -> Double) -> Int {
        var lo = 0, hi = types.count
        while lo < hi {
            let m = (lo + hi) / 2
            if types[m] + lambda * virtualType(types[m]) < 0 { lo = m + 1 } else { hi = m }
        }
        return lo
    }

    /// The first index with theta >= t.
    func firstAtLeast(_ t: Double) -> Int {
        var lo = 0, hi = types.count
        while lo < hi {
            let m = (lo + hi) / 2
            if types[m] < t { lo = m + 1 } else { hi = m }
        }
        return lo
    }
}
