/// Probability distributions the market models draw from.
///
/// Each is a value validated at construction; `sample(using:)` draws with a
/// caller-supplied `RandomStream` so results are reproducible.

/// The continuous uniform law U[low, high]. `low == high` is a point mass.
public struct UniformDistribution: Sendable, Hashable, Codable {
    public let low: Double
    public let high: Double

    public init(low: Double, high: Double) throws {
        guard low.isFinite, high.isFinite else {
            throw InputError(field: "range", value: "\(low):\(high)", expected: "finite bounds")
        }
        guard low <= high else {
            throw InputError(field: "range", value: "\(low):\(high)", expected: "low <= high")
        }
        self.low = low
        self.high = high
    }

    public var mean: Double { (low + high) / 2 }

    @inline(__always)
    public func sample(using rng: inout RandomStream) -> Double {
        low + (high - low) * rng.nextUnit()
    }

    /// P(X <= x).
    public func cdf(_ x: Double) -> Double {
        if high == low { return x >= low ? 1 : 0 }
        return min(1, max(0, (x - low) / (high - low)))
    }
}

/// A law on finitely many values with given probabilities (which are normalized).
public struct DiscreteDistribution: Sendable, Hashable {
    public let values: [Double]
    public let probabilities: [Double]
    private let cumulative: [Double]

    public init(values: [Double], weights: [Double]) throws {
        guard !values.isEmpty else {
            throw InputError(field: "values", value: "[]", expected: "at least one value")
        }
        guard values.count == weights.count else {
            throw InputError(
                field: "weights", value: "\(weights.count) weights",
                expected: "one weight per value (\(values.count))")
        }
        for (i, w) in weights.enumerated() where !(w >= 0 && w.isFinite) {
            throw InputError(field: "weights[\(i)]", value: "\(w)", expected: "a finite weight >= 0")
        }
        let total = weights.reduce(0, +)
        guard total > 0 else {
            throw InputError(field: "weights", value: "sum 0", expected: "a positive total weight")
        }
        self.values = values
        self.probabilities = weights.map { $0 / total }
        var running = 0.0
        self.cumulative = probabilities.map { running += $0; return running }
    }

    /// Draws a value (binary search on the cumulative weights).
    public func sample(using rng: inout RandomStream) -> Double {
        values[index(forUnit: rng.nextUnit())]
    }

    /// The index whose cumulative interval holds `u` in [0, 1).
    public func index(forUnit u: Double) -> Int {
        var lo = 0
        var hi = cumulative.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if u < cumulative[mid] { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }
}

/// The empirical law of a sample: each observation equally likely.
public struct EmpiricalDistribution: Sendable, Hashable {
    /// The observations, sorted ascending.
    public let sorted: [Double]

    public init(samples: [Double]) throws {
        guard !samples.isEmpty else {
            throw InputError(field: "samples", value: "[]", expected: "at least one observation")
        }
        for (i, x) in samples.enumerated() where !x.isFinite {
            throw InputError(field: "samples[\(i)]", value: "\(x)", expected: "a finite number")
        }
        self.sorted = samples.sorted()
    }

    public func sample(using rng: inout RandomStream) -> Double {
        sorted[rng.nextIndex(below: sorted.count)]
    }

    /// P(X <= x), the fraction of observations at or below `x`.
    public func cdf(_ x: Double) -> Double {
        var lo = 0
        var hi = sorted.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if sorted[mid] <= x { lo = mid + 1 } else { hi = mid }
        }
        return Double(lo) / Double(sorted.count)
    }

    public var mean: Double { Statistics.mean(sorted) }
}
