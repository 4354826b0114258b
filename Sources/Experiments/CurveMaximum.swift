import SurplusCore

/// The maximum of a one-dimensional objective over an interval, found without trusting it
/// to be smooth (`surplus optimize`): a grid scan, each suspiciously large step between
/// neighbours refined by bisection to tell a jump from a steep slope, then golden-section
/// search only inside a bracket where the curve is smooth.
///
/// A jump is a step whose size does not shrink as the interval does: after bisecting it
/// down to `tolerance`, the step is still more than half what the grid saw (a continuous
/// objective's step would have shrunk with the width). The equilibrium trade ratio of the
/// bilateral market jumps where the fixed point of gamma that is selected disappears.
public struct CurveMaximum: Sendable, Codable, Equatable {
    public struct Sample: Sendable, Codable, Equatable {
        public let x: Double
        public let y: Double

        public init(x: Double, y: Double) {
            self.x = x
            self.y = y
        }
    }

    /// How the optimum was found.
    public enum Kind: String, Sendable, Codable {
        /// A smooth interior peak, refined by golden-section search within ``bracket``.
        case interior
        /// The best value is at an end of the interval: the objective rises towards it.
        case boundary
        /// The best value sits at a jump: the objective falls discontinuously just past it,
        /// so the optimum is the last point before the jump (within ``bracket``), not a peak.
        case jump
        /// The objective does not vary over the grid (to 1e-9 of its size): no value is
        /// better than another, and ``optimum`` is only the interval's lower end.
        case flat
    }

    public let kind: Kind
    /// The best x found.
    public let optimum: Double
    /// The objective there.
    public let value: Double
    /// Where the maximum lies: the golden-section bracket, the grid cell at the boundary,
    /// or the interval (of width <= tolerance) holding the jump.
    public let bracket: [Double]
    /// The jumps found, each as the interval of width <= tolerance that holds it.
    public let jumps: [[Double]]
    /// Every point evaluated, by x.
    public let curve: [Sample]

    /// Maximizes `objective` over `domain` with `gridPoints` evenly spaced points first,
    /// then to a width of `tolerance`.
    /// - Throws: what `objective` throws; `InputError` for fewer than 3 grid points or a
    ///   non-positive tolerance.
    public static func search(
        over domain: ClosedRange<Double>, gridPoints: Int = 26, tolerance: Double = 1e-4,
        objective: (Double) throws -> Double
    ) throws -> CurveMaximum {
        _ = try Validate.count(gridPoints, 3...10_000, "grid")
        try Validate.positive(tolerance, "tolerance")
        var evaluated: [Double: Double] = [:]
        func f(_ x: Double) throws -> Double {
            if let y = evaluated[x] { return y }
            let y = try objective(x)
            evaluated[x] = y
            return y
        }
        let width = domain.upperBound - domain.lowerBound
        let xs = (0..<gridPoints).map { domain.lowerBound + width * Double($0) / Double(gridPoints - 1) }
        let ys = try xs.map(f)

        // Candidate jumps: steps far larger than the typical step.
        let steps = zip(ys, ys.dropFirst()).map { abs($1 - $0) }
        let typical = steps.sorted()[steps.count / 2]
        let spread = (ys.max() ?? 0) - (ys.min() ?? 0)
        var jumps: [[Double]] = []
        var jumpCells: Set<Int> = []
        for (i, step) in steps.enumerated() where step > 4 * typical && step > 1e-3 * spread {
            var (a, b) = (xs[i], xs[i + 1])
            while b - a > tolerance {
                let m = (a + b) / 2
                let (ya, ym, yb) = (try f(a), try f(m), try f(b))
                if abs(ym - ya) >= abs(yb - ym) { b = m } else { a = m }
            }
            if abs(try f(b) - f(a)) > step / 2 {
                jumps.append([a, b])
                jumpCells.insert(i)
            }
        }

        let best = ys.indices.max { ys[$0] < ys[$1] } ?? 0
        if spread <= 1e-9 * max(1, ys.map(abs).max() ?? 0) {
            return CurveMaximum(
                kind: .flat, optimum: xs[0], value: ys[0], bracket: [xs[0], xs[xs.count - 1]], jumps: [],
                curve: zip(xs, ys).map { Sample(x: $0, y: $1) })
        }
        let kind: Kind
        var optimum = xs[best], bracket: [Double]
        let adjacent = [best - 1, best].first { jumpCells.contains($0) }
        if let cell = adjacent, let jump = jumps.first(where: { $0[0] >= xs[cell] && $0[1] <= xs[cell + 1] }) {
            // The best grid point borders a jump: the optimum is the jump's higher side.
            kind = .jump
            optimum = try f(jump[0]) >= f(jump[1]) ? jump[0] : jump[1]
            bracket = jump
        } else if best == 0 || best == xs.count - 1 {
            kind = .boundary
            bracket = best == 0 ? [xs[0], xs[1]] : [xs[best - 1], xs[best]]
        } else {
            kind = .interior
            var (a, b) = (xs[best - 1], xs[best + 1])
            let ratio = (5.0.squareRoot() - 1) / 2
            var c = b - ratio * (b - a), d = a + ratio * (b - a)
            while b - a > tolerance {
                if try f(c) >= f(d) { b = d } else { a = c }
                c = b - ratio * (b - a)
                d = a + ratio * (b - a)
            }
            bracket = [a, b]
            optimum = try [a, c, d, b].max { try f($0) < f($1) } ?? optimum
        }
        let value = try f(optimum)
        return CurveMaximum(
            kind: kind, optimum: optimum, value: value, bracket: bracket, jumps: jumps,
            curve: evaluated.keys.sorted().map { Sample(x: $0, y: evaluated[$0] ?? .nan) })
    }
}
