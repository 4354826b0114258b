import Foundation

/// Numerical integration and one-dimensional maximization used by the solvers.
///
/// `integrate` is composite Gauss-Legendre with 20 nodes per piece: exact for
/// polynomials of degree <= 39 on each piece, so the slides' piecewise polynomial
/// integrands (uniform types, bridge fees) are integrated to rounding error when
/// their kinks are passed as `breakpoints`.
public enum Quadrature {
    /// Nodes and weights of the 20-point Gauss-Legendre rule on [-1, 1]
    /// (Newton's method on P_20 from the Chebyshev guesses; converged to 1e-15).
    public static let rule: (nodes: [Double], weights: [Double]) = {
        let m = 20
        var nodes = [Double](repeating: 0, count: m)
        var weights = [Double](repeating: 0, count: m)
        for i in 0..<(m + 1) / 2 {
            var x = cos(Double.pi * (Double(i) + 0.75) / (Double(m) + 0.5))
            var derivative = 0.0
            for _ in 0..<100 {
                var p0 = 1.0, p1 = x
                for k in 2...m {
                    let p2 = ((2 * Double(k) - 1) * x * p1 - (Double(k) - 1) * p0) / Double(k)
                    p0 = p1; p1 = p2
                }
                derivative = Double(m) * (x * p1 - p0) / (x * x - 1)
                let step = p1 / derivative
                x -= step
                if abs(step) < 1e-16 { break }
            }
            nodes[i] = -x; nodes[m - 1 - i] = x
            let w = 2 / ((1 - x * x) * derivative * derivative)
            weights[i] = w; weights[m - 1 - i] = w
        }
        return (nodes, weights)
    }()

    /// The integral of `f` over [a, b], split at `breakpoints` (those outside are ignored)
    /// and into `pieces` equal parts between them.
    public static func integrate(
        _ a: Double, _ b: Double, breakpoints: [Double] = [], pieces: Int = 4, _ f: (Double) -> Double
    ) -> Double {
        guard b > a else { return 0 }
        let cuts = ([a] + breakpoints.filter { $0 > a && $0 < b }.sorted() + [b])
        let (nodes, weights) = rule
        var total = 0.0
        for j in 0..<(cuts.count - 1) {
            let lo = cuts[j], hi = cuts[j + 1]
            let h = (hi - lo) / Double(pieces)
            for p in 0..<pieces {
                let left = lo + Double(p) * h
                let mid = left + h / 2, half = h / 2
                var s = 0.0
                for k in 0..<nodes.count { s += weights[k] * f(mid + half * nodes[k]) }
                total += s * half
            }
        }
        return total
    }

    /// Maximizes `f` on [a, b]: a scan of `scan` equally spaced points, then golden-section
    /// search in the cell around the best one, to a bracket narrower than `tolerance`
    /// (relative to the interval). Finds the global maximum of functions unimodal at the
    /// scan's resolution.
    public static func maximize(
        _ a: Double, _ b: Double, scan: Int = 200, tolerance: Double = 1e-12, _ f: (Double) -> Double
    ) -> (x: Double, value: Double) {
        guard b > a else { return (a, f(a)) }
        var bestIndex = 0
        var bestValue = -Double.infinity
        let h = (b - a) / Double(scan)
        for i in 0...scan {
            let v = f(a + Double(i) * h)
            if v > bestValue { bestValue = v; bestIndex = i }
        }
        var lo = a + Double(max(0, bestIndex - 1)) * h
        var hi = a + Double(min(scan, bestIndex + 1)) * h
        let ratio = (5.0.squareRoot() - 1) / 2
        var x1 = hi - ratio * (hi - lo), x2 = lo + ratio * (hi - lo)
        var f1 = f(x1), f2 = f(x2)
        let stop = tolerance * max(1, b - a)
        var iterations = 0
        while hi - lo > stop && iterations < 200 {
            iterations += 1
            if f1 >= f2 {
                hi = x2; x2 = x1; f2 = f1
                x1 = hi - ratio * (hi - lo); f1 = f(x1)
            } else {
                lo = x1; x1 = x2; f1 = f2
                x2 = lo + ratio * (hi - lo); f2 = f(x2)
            }
        }
        let x = (lo + hi) / 2
        let v = f(x)
        if v >= bestValue { return (x, v) }
        return (a + Double(bestIndex) * h, bestValue)
    }
}
