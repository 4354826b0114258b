/// One-dimensional root finding on a bracketing interval.
public enum RootFinding {
    /// The result of a bracketing search.
    public struct Root: Sendable, Equatable {
        /// The point returned: |f(x)| is smallest among the points tried last.
        public let x: Double
        /// f(x).
        public let value: Double
        /// Number of function evaluations.
        public let evaluations: Int
    }

    /// Brent's method (Brent 1973, ch. 4): inverse quadratic interpolation and
    /// secant steps guarded by bisection, so it never leaves `[a, b]` and cannot
    /// cycle. Converges when the bracket is narrower than `tolerance` or f is 0.
    ///
    /// - Throws: `InputError.invalidValue` if f(a) and f(b) have the same sign.
    public static func brent(
        in interval: ClosedRange<Double>, tolerance: Double = 1e-12, maxEvaluations: Int = 200,
        _ f: (Double) -> Double
    ) throws -> Root {
        var a = interval.lowerBound, b = interval.upperBound
        var fa = f(a), fb = f(b)
        var evaluations = 2
        if fa == 0 { return Root(x: a, value: 0, evaluations: evaluations) }
        if fb == 0 { return Root(x: b, value: 0, evaluations: evaluations) }
        guard (fa < 0) != (fb < 0) else {
            throw InputError(
                field: "interval", value: "[\(a), \(b)]", expected: "f(a) and f(b) of opposite signs")
        }
        var c = a, fc = fa, d = b - a, e = d
        while evaluations < maxEvaluations {
            if (fb < 0) == (fc < 0) { c = a; fc = fa; d = b - a; e = d }
            if abs(fc) < abs(fb) { a = b; b = c; c = a; fa = fb; fb = fc; fc = fa }
            let tol = 2 * Double.ulpOfOne * abs(b) + tolerance / 2
            let m = (c - b) / 2
            if abs(m) <= tol || fb == 0 { break }
            if abs(e) >= tol && abs(fa) > abs(fb) {
                var p: Double, q: Double
                let s = fb / fa
                if a == c {
                    p = 2 * m * s; q = 1 - s
                } else {
                    let qa = fa / fc, r = fb / fc
                    p = s * (2 * m * qa * (qa - r) - (b - a) * (r - 1))
                    q = (qa - 1) * (r - 1) * (s - 1)
                }
                if p > 0 { q = -q } else { p = -p }
                if 2 * p < min(3 * m * q - abs(tol * q), abs(e * q)) {
                    e = d; d = p / q
                } else {
                    d = m; e = m
                }
            } else {
                d = m; e = m
            }
            a = b; fa = fb
            b += abs(d) > tol ? d : (m > 0 ? tol : -tol)
            fb = f(b)
            evaluations += 1
        }
        return Root(x: b, value: fb, evaluations: evaluations)
    }

    /// Plain bisection for a sign change of `f` on `[a, b]`; works for
    /// discontinuous f too (it then returns a point where f jumps across 0).
    public static func bisect(
        in interval: ClosedRange<Double>, tolerance: Double = 1e-12, maxEvaluations: Int = 200,
        _ f: (Double) -> Double
    ) throws -> Root {
        var a = interval.lowerBound, b = interval.upperBound
        let fa = f(a)
        var fb = f(b)
        var evaluations = 2
        if fa == 0 { return Root(x: a, value: 0, evaluations: evaluations) }
        if fb == 0 { return Root(x: b, value: 0, evaluations: evaluations) }
        guard (fa < 0) != (fb < 0) else {
            throw InputError(
                field: "interval", value: "[\(a), \(b)]", expected: "f(a) and f(b) of opposite signs")
        }
        let negativeAtA = fa < 0
        while b - a > tolerance && evaluations < maxEvaluations {
            let mid = (a + b) / 2
            let fm = f(mid)
            evaluations += 1
            if fm == 0 { return Root(x: mid, value: 0, evaluations: evaluations) }
            if (fm < 0) == negativeAtA { a = mid } else { b = mid; fb = fm }
        }
        return Root(x: b, value: fb, evaluations: evaluations)
    }
}
