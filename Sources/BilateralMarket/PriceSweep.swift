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

    /// The prices from `from` to `to` (inclusive, up to rounding) by `step`.
    public static func prices(from: Double, to: Double, step: Double) throws -> [Double] {
        guard from.isFinite, to.isFinite, step.isFinite, step > 0, to >= from else {
            throw MarketError.invalid(field: "prices", reason: "need FROM <= TO and STEP > 0, got \(from):\(to):\(step)")
        }
        let count = Int(((to - from) / step + 1e-9).rounded(.down)) + 1
        guard count <= 10_000 else {
            throw MarketError.outOfRange(field: "prices", value: Double(count), allowed: "at most 10,000 prices")
        }
        return (0..<count).map { from + Double($0) * step }
    }

    /// Solves the market at each price; every price is validated like `MarketParameters.price`.
    public static func run(
        _ market: MarketParameters, prices: [Double], settings: SolverSettings = SolverSettings(),
        progress: ProgressHandler? = nil
    ) throws -> [Point] {
        var points: [Point] = []
        for (i, price) in prices.enumerated() {
            let equilibrium = try MeanFieldEquilibrium.solve(market.with(price: price), settings: settings)
            points.append(
                Point(
                    price: price, tradeRatio: equilibrium.tradeRatio,
                    zeroBidProbability: equilibrium.zeroBidProbability, expectedValue: equilibrium.expectedValue,
                    converged: equilibrium.converged, fixedPoints: equilibrium.fixedPoints.count))
            progress?(ProgressUpdate(stage: "sweep", completed: i + 1, total: prices.count))
        }
        return points
    }
}
