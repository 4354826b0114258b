import SurplusCore

/// Trade ratio and value of the mean field equilibrium over a range of unified
/// prices k (paper 000, Figs. 5-7).
public enum PriceSweep {
    public struct Point: Sendable, Codable {
        public let price: Double
        public let tradeRatio: Double
        public let zeroBidProbability: Double
        public let expectedValue: Double
        public let converged: Bool
        /// Number of fixed points of gamma found at this price.
        public let fixedPoints: Int
    }

    /// Solves the market at each price (each validated like `MarketParameters.price`;
    /// a `PriceRange` gives evenly spaced ones); `options.progress` receives one update per price.
    public static func run(
        _ market: MarketParameters, prices: [Double], settings: SolverSettings = SolverSettings(), options: RunOptions
    ) throws -> [Point] {
        let quiet = options.reporting(to: nil)
        var points: [Point] = []
        for (i, price) in prices.enumerated() {
            let equilibrium = try MeanFieldEquilibrium.solve(market.with(price: price), settings: settings, options: quiet)
            points.append(
                Point(
                    price: price, tradeRatio: equilibrium.tradeRatio,
                    zeroBidProbability: equilibrium.zeroBidProbability, expectedValue: equilibrium.expectedValue,
                    converged: equilibrium.converged, fixedPoints: equilibrium.fixedPoints.count))
            options.report("sweep", i + 1, of: prices.count)
        }
        return points
    }
}

/// The prices k of a sweep: from `from` to `to` (inclusive, up to rounding) by `step`,
/// written `FROM:TO:STEP`.
public struct PriceRange: Sendable, Hashable, CustomStringConvertible {
    public let from: Double
    public let to: Double
    public let step: Double
    /// The prices, in increasing order.
    public let prices: [Double]

    /// The most prices a sweep may have.
    public static let maximumCount = 10_000

    /// The range of Figs. 5-7, k = 6 ... 8.25 by 0.25 (the default of `surplus sweep`).
    public static let figuresFiveToSeven = PriceRange(validFrom: 6, to: 8.25, step: 0.25)

    /// - Throws: `InputError` (field `prices`) unless FROM <= TO, STEP > 0 and there are
    ///   at most ``maximumCount`` prices.
    public init(from: Double, to: Double, step: Double) throws {
        guard from.isFinite, to.isFinite, step.isFinite, step > 0, to >= from else {
            throw InputError(
                field: "prices", value: PriceRange.spec(from, to, step), expected: "FROM:TO:STEP with FROM <= TO and STEP > 0")
        }
        let count = PriceRange.count(from, to, step)
        guard count <= Double(PriceRange.maximumCount) else {
            throw InputError(field: "prices", value: PriceRange.spec(from, to, step), expected: "at most 10,000 prices")
        }
        self.init(validFrom: from, to: to, step: step)
    }

    /// Parses `FROM:TO:STEP`, e.g. `6:8.5:0.25`.
    public init(spec: String) throws {
        let parts = spec.split(separator: ":", omittingEmptySubsequences: false).map { Double($0) }
        guard parts.count == 3, let from = parts[0], let to = parts[1], let step = parts[2] else {
            throw InputError(field: "prices", value: spec, expected: "FROM:TO:STEP, e.g. 6:8.5:0.25")
        }
        try self.init(from: from, to: to, step: step)
    }

    /// The same range with another step.
    public func with(step: Double) throws -> PriceRange { try PriceRange(from: from, to: to, step: step) }

    private init(validFrom from: Double, to: Double, step: Double) {
        self.from = from
        self.to = to
        self.step = step
        prices = (0..<Int(PriceRange.count(from, to, step))).map { from + Double($0) * step }
    }

    public var count: Int { prices.count }
    public var description: String { PriceRange.spec(from, to, step) }

    /// How many prices, as a `Double` so that no input can overflow it.
    private static func count(_ from: Double, _ to: Double, _ step: Double) -> Double {
        ((to - from) / step + 1e-9).rounded(.down) + 1
    }

    private static func spec(_ from: Double, _ to: Double, _ step: Double) -> String {
        [from, to, step].map(InputError.format).joined(separator: ":")
    }
}
