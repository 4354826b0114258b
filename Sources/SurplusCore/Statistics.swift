/// Summary statistics of samples.
public enum Statistics {
    /// Arithmetic mean; 0 for an empty sample.
    public static func mean<C: Collection>(_ xs: C) -> Double where C.Element == Double {
        xs.isEmpty ? 0 : xs.reduce(0, +) / Double(xs.count)
    }

    /// Unbiased sample variance; 0 for fewer than two observations.
    public static func variance<C: Collection>(_ xs: C) -> Double where C.Element == Double {
        guard xs.count > 1 else { return 0 }
        let m = mean(xs)
        return xs.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(xs.count - 1)
    }

    /// Standard error of the mean, sqrt(variance / n).
    public static func standardError<C: Collection>(_ xs: C) -> Double where C.Element == Double {
        xs.count > 1 ? (variance(xs) / Double(xs.count)).squareRoot() : 0
    }

    /// The q-quantile (0 <= q <= 1) of an ascending sample, linear between order statistics
    /// (type 7 of Hyndman & Fan, the default of R and NumPy).
    public static func quantile(sorted xs: [Double], _ q: Double) -> Double {
        guard !xs.isEmpty else { return .nan }
        let h = Double(xs.count - 1) * min(1, max(0, q))
        let i = Int(h)
        return i + 1 < xs.count ? xs[i] + (h - Double(i)) * (xs[i + 1] - xs[i]) : xs[i]
    }

    /// Empirical CDF of `xs` evaluated at each of `points`.
    public static func cdf(of xs: [Double], at points: [Double]) -> [Double] {
        guard let distribution = try? EmpiricalDistribution(samples: xs) else {
            return points.map { _ in .nan }
        }
        return points.map(distribution.cdf)
    }
}

/// Counts of observations in equal-width bins over [lower, upper];
/// values outside are counted in the first or last bin.
public struct Histogram: Sendable, Hashable, Codable {
    public let lower: Double
    public let upper: Double
    public private(set) var counts: [Int]

    public init(lower: Double, upper: Double, bins: Int) throws {
        guard lower < upper, bins >= 1 else {
            throw InputError(
                field: "histogram", value: "[\(lower), \(upper)] with \(bins) bins",
                expected: "lower < upper and at least one bin")
        }
        self.lower = lower
        self.upper = upper
        self.counts = Array(repeating: 0, count: bins)
    }

    /// The bin a value falls in (clamped).
    @inline(__always)
    public func bin(of x: Double) -> Int {
        let position = (x - lower) / (upper - lower) * Double(counts.count)
        if !(position > 0) { return 0 }
        return min(counts.count - 1, Int(position))
    }

    public mutating func add(_ x: Double) { counts[bin(of: x)] += 1 }

    /// Adds another histogram with identical bins.
    public mutating func merge(_ other: Histogram) {
        for i in counts.indices { counts[i] += other.counts[i] }
    }

    public var total: Int { counts.reduce(0, +) }

    /// Upper edge of each bin.
    public var upperEdges: [Double] {
        (1...counts.count).map { lower + (upper - lower) * Double($0) / Double(counts.count) }
    }

    /// The fraction of observations in each bin.
    public var fractions: [Double] {
        let n = Double(max(total, 1))
        return counts.map { Double($0) / n }
    }

    /// The cumulative fraction at each bin's upper edge.
    public var cumulativeFractions: [Double] {
        var running = 0.0
        return fractions.map { running += $0; return running }
    }
}
