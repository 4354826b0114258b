import Experiments
import ProgressiveAuction
import SurplusCore

/// The bid increment epsilon of the mobile-data exchange (papers 001/002, Algorithm 3) that
/// maximizes welfare on a family of random markets.
public enum IncrementDesign {
    /// The family's markets: market m is `RandomInstances.exchange` drawn from `derived(stream, m)`.
    public static let marketStream = StreamName(1, "increment design markets")

    /// The most markets one evaluation averages.
    public static let maximumMarkets = 10_000

    /// Maximizes the mean welfare efficiency (welfare over the optimum, each market's
    /// `ExchangeOutcome.efficiency`) of `markets` random exchanges of `buyers` x `sellers`
    /// over epsilon in `range`. Every epsilon settles the same markets (common random
    /// numbers), so the curve's differences are the increment's, not the sample's.
    /// - Throws: `InputError` for sizes or a range out of bounds.
    public static func optimize(
        buyers: Int, sellers: Int, markets: Int, range: ClosedRange<Double>,
        gridPoints: Int = 26, tolerance: Double = 1e-3, options: RunOptions
    ) throws -> DesignOptimum {
        _ = try Validate.count(buyers, 1...1_000, "buyers")
        _ = try Validate.count(sellers, 1...1_000, "sellers")
        _ = try Validate.count(markets, 1...maximumMarkets, "markets")
        guard range.lowerBound > 0, range.upperBound > range.lowerBound, range.upperBound.isFinite else {
            throw InputError(
                field: "epsilon", value: "\(InputError.format(range.lowerBound)):\(InputError.format(range.upperBound))",
                expected: "LO:HI with 0 < LO < HI")
        }
        let family = try (0..<markets).map {
            try RandomInstances.exchange(buyers: buyers, sellers: sellers, run: options.derived(marketStream, $0))
        }
        var evaluations = 0
        let maximum = try CurveMaximum.search(over: range, gridPoints: gridPoints, tolerance: tolerance) { epsilon in
            try options.checkCancellation()
            let ratios = try family.map {
                try ExchangeMarket(sellers: $0.sellers, buyers: $0.buyers, epsilon: epsilon, ispPrice: $0.ispPrice).settle().efficiency
            }
            evaluations += 1
            options.report("optimize epsilon", min(evaluations, gridPoints), of: gridPoints)
            return Statistics.mean(ratios)
        }
        return DesignOptimum(objective: "welfare", parameter: "epsilon", domain: range, maximum: maximum)
    }
}
