import Foundation

/// Special functions (log-gamma, incomplete beta) and samplers of the normal,
/// gamma and beta laws.
public enum SpecialFunctions {
    /// log B(a, b) = lgamma(a) + lgamma(b) - lgamma(a + b).
    public static func logBeta(_ a: Double, _ b: Double) -> Double { logGamma(a) + logGamma(b) - logGamma(a + b) }

    /// The regularized incomplete beta function I_x(a, b), by the continued fraction of
    /// Numerical Recipes (3rd ed., 6.4) evaluated with the modified Lentz method;
    /// relative accuracy about 1e-14 for the shapes used here.
    public static func regularizedIncompleteBeta(_ x: Double, _ a: Double, _ b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let front = exp(a * log(x) + b * log(1 - x) - logBeta(a, b))
        if x < (a + 1) / (a + b + 2) {
            return front * continuedFraction(x, a, b) / a
        }
        return 1 - front * continuedFraction(1 - x, b, a) / b
    }

    /// The Beta(a, b) CDF. For integer shapes with a + b <= 40 it is the binomial tail
    /// I_x(a, b) = P(Bin(a + b - 1, x) >= a), a finite sum (fast: the Monte Carlo second best
    /// evaluates it for every drawn type); otherwise the continued fraction.
    public static func betaCDF(_ x: Double, _ a: Double, _ b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        guard a == a.rounded(), b == b.rounded(), a + b <= 40 else { return regularizedIncompleteBeta(x, a, b) }
        // Sum from the side where the powers cannot underflow: I_x(a, b) = 1 - I_{1-x}(b, a).
        if x > 0.5 { return 1 - betaCDF(1 - x, b, a) }
        let m = Int(a + b) - 1, lowest = Int(a)
        var term = pow(1 - x, Double(m))  // P(Bin = 0)
        var tail = 0.0
        let odds = x / (1 - x)
        for j in 0...m {
            if j >= lowest { tail += term }
            term *= Double(m - j) / Double(j + 1) * odds
        }
        return min(1, tail)
    }

    private static func continuedFraction(_ x: Double, _ a: Double, _ b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...400 {
            let m = Double(m)
            var numerator = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            d = 1 + numerator * d; if abs(d) < tiny { d = tiny }
            c = 1 + numerator / c; if abs(c) < tiny { c = tiny }
            d = 1 / d; h *= d * c
            numerator = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            d = 1 + numerator * d; if abs(d) < tiny { d = tiny }
            c = 1 + numerator / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-15 { break }
        }
        return h
    }

    /// A standard normal draw (Box-Muller, one of the pair).
    public static func normal(using rng: inout RandomStream) -> Double {
        var u = rng.nextUnit()
        while u <= 0 { u = rng.nextUnit() }
        let v = rng.nextUnit()
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }

    /// A Gamma(shape, 1) draw: Marsaglia & Tsang (2000), with the
    /// U^(1/shape) boost for shape < 1.
    public static func gamma(shape: Double, using rng: inout RandomStream) -> Double {
        if shape < 1 {
            let g = gamma(shape: shape + 1, using: &rng)
            var u = rng.nextUnit()
            while u <= 0 { u = rng.nextUnit() }
            return g * pow(u, 1 / shape)
        }
        let d = shape - 1.0 / 3
        let c = 1 / (9 * d).squareRoot()
        while true {
            var x: Double, v: Double
            repeat {
                x = normal(using: &rng)
                v = 1 + c * x
            } while v <= 0
            v = v * v * v
            let u = rng.nextUnit()
            if u < 1 - 0.0331 * x * x * x * x { return d * v }
            if u > 0, log(u) < 0.5 * x * x + d * (1 - v + log(v)) { return d * v }
        }
    }

    /// A Beta(a, b) draw: for integer shapes with a + b - 1 <= 12 the a-th smallest of
    /// a + b - 1 uniforms (an exact identity, e.g. the median of three for Beta(2, 2)),
    /// otherwise G_a / (G_a + G_b) with gamma variates.
    public static func beta(_ a: Double, _ b: Double, using rng: inout RandomStream) -> Double {
        if a == a.rounded(), b == b.rounded(), a + b - 1 <= 12 {
            let count = Int(a + b) - 1, rank = Int(a) - 1
            return withUnsafeTemporaryAllocation(of: Double.self, capacity: count) { xs -> Double in
                for i in 0..<count { xs[i] = rng.nextUnit() }
                // Partial selection sort up to the wanted rank.
                for i in 0...rank {
                    var m = i
                    for j in i..<count where xs[j] < xs[m] { m = j }
                    xs.swapAt(i, m)
                }
                return xs[rank]
            }
        }
        let x = gamma(shape: a, using: &rng)
        let y = gamma(shape: b, using: &rng)
        return x / (x + y)
    }
}

extension SpecialFunctions {
    /// log Gamma(x) for x > 0: Stirling's series with six terms after shifting x above 10
    /// by the recurrence Gamma(x + 1) = x Gamma(x); absolute error below 1e-14.
    public static func logGamma(_ x: Double) -> Double {
        var z = x
        var shift = 0.0
        while z < 10 { shift -= log(z); z += 1 }
        let z2 = 1 / (z * z)
        let series = (1.0 / 12 - z2 * (1.0 / 360 - z2 * (1.0 / 1260 - z2 * (1.0 / 1680 - z2 * (1.0 / 1188 - z2 * 691.0 / 360360))))) / z
        return shift + (z - 0.5) * log(z) - z + 0.5 * log(2 * Double.pi) + series
    }
}
