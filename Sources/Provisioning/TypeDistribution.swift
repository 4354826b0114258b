import Foundation
import SurplusCore

/// The law F of the private preference parameters theta_i (slides 003,
/// "theta_1, ..., theta_n i.i.d. samples from some distribution with known
/// distribution function F and density f").
///
/// Three kinds: `uniform` on [low, high], `beta` with shapes (a, b) on [0, 1], and
/// `empirical`, the law of a sample (each observation equally likely). Types must be
/// non-negative: theta_i u(Q) is a benefit. Built only through the throwing factories
/// (or decoding, which calls them), so every value is valid.
public struct TypeDistribution: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable { case uniform, beta, empirical }

    public let kind: Kind
    /// Lower end of the support.
    public let low: Double
    /// Upper end of the support.
    public let high: Double
    /// Beta shape a (alpha of the beta law); nil unless `kind == .beta`.
    public let shapeA: Double?
    /// Beta shape b; nil unless `kind == .beta`.
    public let shapeB: Double?
    /// The observations, ascending; nil unless `kind == .empirical`.
    public let samples: [Double]?
    /// prefix[i] = sum of the i smallest observations (empirical only).
    private let prefix: [Double]?
    /// log B(a, b), computed once (beta only).
    private let logBeta: Double

    private init(kind: Kind, low: Double, high: Double, a: Double?, b: Double?, samples: [Double]?) {
        self.kind = kind; self.low = low; self.high = high
        self.shapeA = a; self.shapeB = b; self.samples = samples
        self.logBeta = kind == .beta ? SpecialFunctions.logBeta(a ?? 1, b ?? 1) : 0
        if let samples {
            var running = 0.0
            self.prefix = [0] + samples.map { running += $0; return running }
        } else {
            self.prefix = nil
        }
    }

    /// U[low, high] with 0 <= low < high.
    public static func uniform(low: Double, high: Double) throws -> TypeDistribution {
        guard low.isFinite, high.isFinite, low < high else {
            throw InputError(
                field: "types", value: "uniform:\(InputError.format(low)):\(InputError.format(high))",
                expected: "a non-empty support, finite low < high")
        }
        guard low >= 0 else {
            throw InputError(field: "types.low", value: low, expected: "a type theta >= 0")
        }
        try Validate.bounded(high, "types.high")
        return TypeDistribution(kind: .uniform, low: low, high: high, a: nil, b: nil, samples: nil)
    }

    /// The largest beta shape: beyond it the density's normalization leaves finite arithmetic.
    static let maximumShape = 1e6

    /// Beta(a, b) on [0, 1], a, b > 0.
    public static func beta(_ a: Double, _ b: Double) throws -> TypeDistribution {
        guard a.isFinite, a > 0, a <= maximumShape else {
            throw InputError(field: "types.a", value: a, expected: "a beta shape a in (0, 1e6]")
        }
        guard b.isFinite, b > 0, b <= maximumShape else {
            throw InputError(field: "types.b", value: b, expected: "a beta shape b in (0, 1e6]")
        }
        return TypeDistribution(kind: .beta, low: 0, high: 1, a: a, b: b, samples: nil)
    }

    /// The empirical law of `observations` (at least one, all finite and >= 0).
    public static func empirical(_ observations: [Double]) throws -> TypeDistribution {
        guard !observations.isEmpty else {
            throw InputError(
                field: "types.samples", value: "[]", expected: "a non-empty support: at least one observation")
        }
        for (i, x) in observations.enumerated() where !(x.isFinite && x >= 0) {
            throw InputError(field: "types.samples[\(i)]", value: x, expected: "a finite type theta >= 0")
        }
        let sorted = observations.sorted()
        return TypeDistribution(
            kind: .empirical, low: sorted[0], high: sorted[sorted.count - 1], a: nil, b: nil, samples: sorted)
    }

    // MARK: Codable (validated through the factories)

    private enum CodingKeys: String, CodingKey { case kind, low, high, a, b, samples }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try c.decode(Kind.self, forKey: .kind)
        let made: TypeDistribution
        switch kind {
        case .uniform:
            made = try .uniform(low: c.decode(Double.self, forKey: .low), high: c.decode(Double.self, forKey: .high))
        case .beta:
            made = try .beta(c.decode(Double.self, forKey: .a), c.decode(Double.self, forKey: .b))
        case .empirical:
            made = try .empirical(c.decode([Double].self, forKey: .samples))
        }
        self = made
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        switch kind {
        case .uniform:
            try c.encode(low, forKey: .low); try c.encode(high, forKey: .high)
        case .beta:
            try c.encodeIfPresent(shapeA, forKey: .a); try c.encodeIfPresent(shapeB, forKey: .b)
        case .empirical:
            try c.encodeIfPresent(samples, forKey: .samples)
        }
    }

    public static func == (l: TypeDistribution, r: TypeDistribution) -> Bool {
        l.kind == r.kind && l.low == r.low && l.high == r.high && l.shapeA == r.shapeA && l.shapeB == r.shapeB
            && l.samples == r.samples
    }
    public func hash(into h: inout Hasher) {
        h.combine(kind); h.combine(low); h.combine(high); h.combine(shapeA); h.combine(shapeB); h.combine(samples)
    }

    /// A short label such as `uniform:0:1`, `beta:2:2`, `empirical(500)`.
    public var label: String {
        switch kind {
        case .uniform: return "uniform:\(InputError.format(low)):\(InputError.format(high))"
        case .beta: return "beta:\(InputError.format(shapeA ?? 0)):\(InputError.format(shapeB ?? 0))"
        case .empirical: return "empirical(\(samples?.count ?? 0))"
        }
    }

    // MARK: The law

    /// Whether F has a density f (uniform, beta); the empirical law has none.
    public var hasDensity: Bool { kind != .empirical }

    /// F(x) = P(theta <= x).
    public func cdf(_ x: Double) -> Double {
        switch kind {
        case .uniform: return min(1, max(0, (x - low) / (high - low)))
        case .beta: return SpecialFunctions.betaCDF(x, shapeA ?? 1, shapeB ?? 1)
        case .empirical: return Double(countAtMost(x)) / Double(samples?.count ?? 1)
        }
    }

    /// P(theta >= t): the share of agents who join when the threshold is t
    /// (equal to 1 - F(t) for the continuous laws).
    public func survival(_ t: Double) -> Double {
        switch kind {
        case .uniform, .beta: return 1 - cdf(t)
        case .empirical:
            let count = samples?.count ?? 1
            return Double(count - countBelow(t)) / Double(count)
        }
    }

    /// The density f(x) (0 outside the support); nil for the empirical law.
    public func density(_ x: Double) -> Double? {
        switch kind {
        case .uniform: return x < low || x > high ? 0 : 1 / (high - low)
        case .beta:
            guard x >= 0, x <= 1 else { return 0 }
            let a = shapeA ?? 1, b = shapeB ?? 1
            if x == 0 { return a < 1 ? .infinity : (a == 1 ? exp(-logBeta) : 0) }
            if x == 1 { return b < 1 ? .infinity : (b == 1 ? exp(-logBeta) : 0) }
            if a == a.rounded(), b == b.rounded(), a + b <= 40 {
                return pow(x, a - 1) * pow(1 - x, b - 1) * exp(-logBeta)
            }
            return exp((a - 1) * log(x) + (b - 1) * log1p(-x) - logBeta)
        case .empirical: return nil
        }
    }

    /// E[theta 1{theta >= t}] = integral from t of eta f(eta) d eta: the mean benefit
    /// weight per agent of those who join at threshold t (problem P*, slides 003).
    public func upperPartialMean(_ t: Double) -> Double {
        switch kind {
        case .uniform:
            let s = min(high, max(low, t))
            return (high * high - s * s) / (2 * (high - low))
        case .beta:
            let a = shapeA ?? 1, b = shapeB ?? 1
            return a / (a + b) * (1 - SpecialFunctions.regularizedIncompleteBeta(t, a + 1, b))
        case .empirical:
            guard let samples, let prefix else { return 0 }
            let i = countBelow(t)
            return (prefix[samples.count] - prefix[i]) / Double(samples.count)
        }
    }

    /// E[theta].
    public var mean: Double { upperPartialMean(-Double.infinity) }

    /// The raw moment E[theta^j].
    public func rawMoment(_ j: Int) -> Double {
        if j == 0 { return 1 }
        switch kind {
        case .uniform:
            let p = Double(j + 1)
            return (pow(high, p) - pow(low, p)) / (p * (high - low))
        case .beta:
            let a = shapeA ?? 1, b = shapeB ?? 1
            var m = 1.0
            for r in 0..<j { m *= (a + Double(r)) / (a + b + Double(r)) }
            return m
        case .empirical:
            guard let samples else { return 0 }
            return samples.reduce(0) { $0 + pow($1, Double(j)) } / Double(samples.count)
        }
    }

    /// The virtual type g(theta) = theta - (1 - F(theta)) / f(theta) of the slides
    /// ("The Equivalent Problem"); g(theta) = 2 theta - 1 for U[0, 1].
    /// nil for the empirical law, which has no density.
    public func virtualType(_ theta: Double) -> Double? {
        guard let f = density(theta) else { return nil }
        if f == 0 { return theta < low + (high - low) / 2 ? -.infinity : theta }
        return theta - survival(theta) / f
    }

    /// E[h(theta) 1{theta >= t}], by quadrature for the continuous laws (20-point
    /// Gauss-Legendre on 16 pieces; for the beta law the variable is changed so the
    /// end singularities of f are integrable) and by averaging for the empirical law.
    public func expectation(from t: Double = -Double.infinity, _ h: (Double) -> Double) -> Double {
        switch kind {
        case .uniform:
            let lo = max(low, t)
            return Quadrature.integrate(lo, high, pieces: 4) { h($0) } / (high - low)
        case .beta:
            let lo = max(0, t)
            return Quadrature.integrate(lo, 1, pieces: 16) { x in
                guard let f = density(x), f.isFinite else { return 0 }
                return h(x) * f
            }
        case .empirical:
            guard let samples else { return 0 }
            var s = 0.0
            for x in samples where x >= t { s += h(x) }
            return s / Double(samples.count)
        }
    }

    /// Draws one type.
    @inline(__always)
    public func sample(using rng: inout RandomStream) -> Double {
        switch kind {
        case .uniform: return low + (high - low) * rng.nextUnit()
        case .beta: return SpecialFunctions.beta(shapeA ?? 1, shapeB ?? 1, using: &rng)
        case .empirical:
            guard let samples else { return 0 }
            return samples[rng.nextIndex(below: samples.count)]
        }
    }

    private func countAtMost(_ x: Double) -> Int {
        guard let s = samples else { return 0 }
        var lo = 0, hi = s.count
        while lo < hi { let m = (lo + hi) / 2; if s[m] <= x { lo = m + 1 } else { hi = m } }
        return lo
    }

    private func countBelow(_ x: Double) -> Int {
        guard let s = samples else { return 0 }
        var lo = 0, hi = s.count
        while lo < hi { let m = (lo + hi) / 2; if s[m] < x { lo = m + 1 } else { hi = m } }
        return lo
    }
}
