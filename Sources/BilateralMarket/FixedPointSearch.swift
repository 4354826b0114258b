import SurplusCore

/// What the fixed-point search needs of a response to a belief z: z and gamma(z).
protocol GammaEvaluation: Sendable {
    /// The belief z.
    var zeroBidProbability: Double { get }
    /// gamma(z) of Theorem 2 (paper 000).
    var gamma: Double { get }
}

extension BeliefResponse: GammaEvaluation {}

/// Every fixed point z = gamma(z) of Theorem 2 (paper 000) on [0, 1], with its
/// stability judged at the point itself.
///
/// **Search.** Start from a scan of gamma (`SolverSettings.scanPoints` evenly spaced
/// beliefs) and look at every interval [a, b] between two neighbouring evaluations,
/// with gap g = gamma(z) - z (|g| <= 1e-12 counts as 0: an exact fixed point):
///
/// - g(a) and g(b) of opposite signs: gamma crosses the diagonal (Theorem 5: gamma is
///   continuous). Brent's method closes in on the crossing to `fixedPointTolerance`;
///   its final bracket is settled, the rest of [a, b] goes back to the search (a
///   bracket may hold three crossings).
/// - g(a), g(b) >= 0: a crossing inside needs gamma to come down to the diagonal,
///   gamma(c) = c < b. If gamma stays within the range of its end values on [a, b]
///   (it does when gamma is monotone between the two evaluations), min(gamma(a),
///   gamma(b)) >= b rules that out: the interval is resolved. Otherwise it is halved.
///   Mirrored for g(a), g(b) <= 0: resolved when max(gamma(a), gamma(b)) <= a.
/// - An unresolved interval narrower than `scanResolution` is not halved again. If
///   its end nearer the diagonal has |g| <= `fixedPointResidual`, gamma touches the
///   diagonal there: a fixed point that no sign change shows (one per run of such
///   intervals, the nearest; none within `scanResolution` of a crossing or an exact
///   fixed point, which it is taken to be).
///
/// So no fixed point is skipped unless gamma leaves the range of its end values
/// inside an interval it has resolved, or two fixed points lie closer than
/// `scanResolution`. An interval that ends at a fixed point is never resolved by
/// the test (gamma reaches the diagonal at its end), so each side of every fixed
/// point is refined down to `scanResolution`: about log2(spacing / resolution)
/// evaluations a side.
///
/// **Stability** (paper 000 does not define it; Fig. 2 runs the belief dynamics
/// z <- gamma(z), and this is their local stability). At a fixed point c the one-sided
/// difference quotients (gamma(c) - gamma(c - h)) / h and (gamma(c + h) - gamma(c)) / h,
/// h = `slopeStep` (shortened to the distance to 0 or 1; a side shorter than
/// `fixedPointTolerance` does not exist, so z = 1 has only a left slope): c is stable
/// when every slope it has lies in (-1, 1), the contraction condition of the
/// dynamics on each side. A discontinuity crossing has no slope: it is stable when
/// gamma is above the diagonal at its bracket's left end and below at its right end.
struct FixedPointSearch<Evaluation: GammaEvaluation> {
    /// A fixed point and the evaluation of gamma it was read from.
    struct Found {
        var point: FixedPoint
        var evaluation: Evaluation
    }

    /// Every fixed point in increasing z, and every evaluation made (sorted by z).
    struct Outcome {
        var found: [Found]
        var evaluations: [Evaluation]
        /// gamma is non-decreasing (to 1e-9) over every evaluation.
        var monotone: Bool
    }

    /// A gap this small is an exact fixed point (the frozen market z = 1 has gap 0).
    static var exact: Double { 1e-12 }

    let settings: SolverSettings
    /// gamma at z, warm-started from a nearby evaluation.
    let evaluate: @Sendable (Double, Evaluation?) -> Evaluation
    /// The steps of one round (every interval that needs work) run on up to this many
    /// threads; each step's evaluations depend only on the step, so the outcome does not
    /// depend on the thread count.
    var threads: Int = 1
    /// Called before each round with the number of evaluations so far; throws to stop
    /// (cancellation).
    var checkpoint: (Int) throws -> Void = { _ in }

    /// A crossing located by Brent's method: its final bracket and its best point.
    private struct Bracket {
        var low: Evaluation
        var high: Evaluation
        var best: Evaluation
    }

    /// One step of the search on an interval between two evaluations.
    private enum Step {
        case locate(Evaluation, Evaluation)
        case halve(Evaluation, Evaluation)
    }

    private static func gap(_ e: Evaluation) -> Double {
        let g = e.gamma - e.zeroBidProbability
        return abs(g) <= exact ? 0 : g
    }

    private static func crosses(_ a: Evaluation, _ b: Evaluation) -> Bool {
        let ga = gap(a), gb = gap(b)
        return ga != 0 && gb != 0 && (ga > 0) != (gb > 0)
    }

    /// Same side of the diagonal (or on it) at both ends, and gamma's end values rule
    /// out a crossing inside (see the type's documentation).
    private static func resolved(_ a: Evaluation, _ b: Evaluation) -> Bool {
        let ga = gap(a), gb = gap(b)
        if ga >= 0 && gb >= 0 { return min(a.gamma, b.gamma) >= b.zeroBidProbability && (ga > 0 || gb > 0) }
        if ga <= 0 && gb <= 0 { return max(a.gamma, b.gamma) <= a.zeroBidProbability }
        return false
    }

    func run(scan: [Evaluation]) throws -> Outcome {
        var known = scan.sorted { $0.zeroBidProbability < $1.zeroBidProbability }
        var brackets: [Bracket] = []
        func settled(_ a: Evaluation, _ b: Evaluation) -> Bool {
            brackets.contains { $0.low.zeroBidProbability == a.zeroBidProbability && $0.high.zeroBidProbability == b.zeroBidProbability }
        }
        while true {
            var steps: [Step] = []
            for (a, b) in zip(known, known.dropFirst()) {
                if Self.crosses(a, b) {
                    if !settled(a, b) { steps.append(.locate(a, b)) }
                } else if !Self.resolved(a, b) && b.zeroBidProbability - a.zeroBidProbability > settings.scanResolution {
                    steps.append(.halve(a, b))
                }
            }
            if steps.isEmpty { break }
            try checkpoint(known.count)
            let round = steps, evaluate = evaluate, tolerance = settings.fixedPointTolerance
            let done = Parallel.map(chunks: round.count, threads: threads) { i -> (Bracket?, [Evaluation]) in
                switch round[i] {
                case .halve(let a, let b):
                    return (nil, [evaluate((a.zeroBidProbability + b.zeroBidProbability) / 2, a)])
                case .locate(let a, let b):
                    // Brent's method only throws for ends of one sign, which `crosses` rules out.
                    return (try? Self.locate(a, b, tolerance: tolerance, evaluate)) ?? (nil, [])
                }
            }
            for (bracket, added) in done {
                known += added
                if let bracket { brackets.append(bracket) }
            }
            known.sort { $0.zeroBidProbability < $1.zeroBidProbability }
        }

        // The fixed points: exact ones, crossings, touching points.
        var found: [(Evaluation, FixedPoint.Kind, Bracket?)] = known.filter { Self.gap($0) == 0 }.map { ($0, .fixedPoint, nil) }
        for bracket in brackets where !found.contains(where: { $0.0.zeroBidProbability == bracket.best.zeroBidProbability }) {
            let residual = abs(bracket.best.gamma - bracket.best.zeroBidProbability)
            found.append((bracket.best, residual <= settings.fixedPointResidual ? .fixedPoint : .discontinuity, bracket))
        }
        // Touching points: the nearest to the diagonal of each run of unresolved
        // intervals, unless a crossing or an exact fixed point lies within the
        // resolution (Brent's last iterates next to a crossing are near the diagonal too).
        var touching: [Evaluation] = []
        var nearest: Evaluation? = nil
        for (a, b) in zip(known, known.dropFirst()) {
            let near = abs(Self.gap(a)) <= abs(Self.gap(b)) ? a : b
            let candidate = !Self.crosses(a, b) && !Self.resolved(a, b) && Self.gap(a) != 0 && Self.gap(b) != 0
                && abs(Self.gap(near)) <= settings.fixedPointResidual
            if candidate {
                if let n = nearest, abs(Self.gap(n)) <= abs(Self.gap(near)) { continue }
                nearest = near
            } else if let n = nearest {
                touching.append(n)
                nearest = nil
            }
        }
        if let n = nearest { touching.append(n) }
        let crossings = found.map(\.0.zeroBidProbability)
        for t in touching
        where !crossings.contains(where: { abs($0 - t.zeroBidProbability) <= settings.scanResolution }) {
            found.append((t, .fixedPoint, nil))
        }
        found.sort { $0.0.zeroBidProbability < $1.0.zeroBidProbability }

        // Stability at each point, from gamma at z - h and z + h.
        try checkpoint(known.count)
        let steps = found.map { (e, kind, _) -> (Double?, Double?) in
            guard kind == .fixedPoint else { return (nil, nil) }
            let c = e.zeroBidProbability
            func side(_ h: Double) -> Double? { abs(h) > settings.fixedPointTolerance ? h : nil }
            return (side(-min(settings.slopeStep, c)), side(min(settings.slopeStep, 1 - c)))
        }
        let points = found.map(\.0), evaluate = evaluate
        let sides = Parallel.map(chunks: 2 * found.count, threads: threads) { i -> Evaluation? in
            let step = i % 2 == 0 ? steps[i / 2].0 : steps[i / 2].1
            return step.map { evaluate(points[i / 2].zeroBidProbability + $0, points[i / 2]) }
        }
        let slopeEvaluations = sides.compactMap { $0 }
        var result: [Found] = []
        for (j, (e, kind, bracket)) in found.enumerated() {
            var point = FixedPoint(zeroBidProbability: e.zeroBidProbability, gamma: e.gamma, kind: kind, stable: false)
            if kind == .discontinuity, let bracket {
                point.stable = Self.gap(bracket.low) > 0 && Self.gap(bracket.high) < 0
            } else {
                func slope(_ h: Double?, _ side: Evaluation?) -> Double? {
                    guard let h, let side else { return nil }
                    return (side.gamma - e.gamma) / h
                }
                point.leftSlope = slope(steps[j].0, sides[2 * j])
                point.rightSlope = slope(steps[j].1, sides[2 * j + 1])
                let slopes = [point.leftSlope, point.rightSlope].compactMap { $0 }
                point.stable = !slopes.isEmpty && slopes.allSatisfy { abs($0) < 1 }
            }
            result.append(Found(point: point, evaluation: e))
        }
        let all = (known + slopeEvaluations).sorted { $0.zeroBidProbability < $1.zeroBidProbability }
        let monotone = zip(all, all.dropFirst()).allSatisfy { $1.gamma >= $0.gamma - 1e-9 }
        return Outcome(found: result, evaluations: all, monotone: monotone)
    }

    /// Brent's method on gamma(z) - z over a crossing [a, b] (bisection-guarded: it
    /// cannot cycle, and it also closes in on a jump of gamma across the diagonal),
    /// each evaluation warm-started from the nearest one tried. Returns the final
    /// bracket (nil if gamma(z) = z was hit exactly) and the evaluations beyond a, b.
    private static func locate(
        _ a: Evaluation, _ b: Evaluation, tolerance: Double, _ evaluate: (Double, Evaluation?) -> Evaluation
    ) throws -> (Bracket?, [Evaluation]) {
        var tried: [Evaluation] = [a, b]
        let root = try RootFinding.brent(in: a.zeroBidProbability...b.zeroBidProbability, tolerance: tolerance) { z in
            if let known = tried.first(where: { $0.zeroBidProbability == z }) { return known.gamma - z }
            let nearest = tried.min { abs($0.zeroBidProbability - z) < abs($1.zeroBidProbability - z) }
            let response = evaluate(z, nearest)
            tried.append(response)
            return response.gamma - z
        }
        let best = tried.min { abs($0.gamma - $0.zeroBidProbability) < abs($1.gamma - $1.zeroBidProbability) } ?? a
        let added = Array(tried.dropFirst(2))
        // Every point Brent tries lies in the bracket of its time, so its final bracket
        // [root, contrapoint] is a pair of neighbours in z with opposite gaps.
        let sorted = tried.sorted { $0.zeroBidProbability < $1.zeroBidProbability }
        guard let i = sorted.firstIndex(where: { $0.zeroBidProbability == root.x }) else { return (nil, added) }
        var pairs: [(Evaluation, Evaluation)] = []
        if i > 0 { pairs.append((sorted[i - 1], sorted[i])) }
        if i + 1 < sorted.count { pairs.append((sorted[i], sorted[i + 1])) }
        let final = pairs.filter { Self.crosses($0.0, $0.1) }.min {
            $0.1.zeroBidProbability - $0.0.zeroBidProbability < $1.1.zeroBidProbability - $1.0.zeroBidProbability
        }
        return (final.map { Bracket(low: $0.0, high: $0.1, best: best) }, added)
    }
}
