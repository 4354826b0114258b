@testable import BilateralMarket
import SurplusCore
import SurplusTestSupport
import Testing

/// The standard error of a population's trade ratio (paper 000, Sec. V-B): periods of one
/// population are correlated, independent replicates are not.
@Suite struct ReplicateTests {
    static func bank(agents: Int, periods: Int) throws -> PopulationSimulation {
        var s = SimulationSettings()
        s.agents = agents
        s.periods = periods
        s.start = .stationary
        return try PopulationSimulation(market: Fixtures.cluster(.bank), settings: s, equilibrium: Fixtures.equilibrium(.bank))
    }

    /// Evidence for the estimate: 12 independent runs of 10,000 Bank agents over 20 periods
    /// scatter by more than twice the standard error each run quotes from its own periods
    /// (batch means of 2 periods; 1,000,000 agents: 2.6 times). The replicate estimate's
    /// error is that scatter over sqrt(R), by construction, and agrees with 1 - z within
    /// t x SE plus the finite-population shift z (1 - z) sqrt(2/(pi N)) (times 2) and 0.002
    /// for the distribution grid of the start.
    @Test func replicatesCarryTheCorrelationOfPeriods() throws {
        let e = try Fixtures.equilibrium(.bank)
        let r = try Self.bank(agents: 10_000, periods: 20).replicate(12, options: RunOptions(seed: 4, threads: 2))
        #expect(r.replicates == 12 && r.replicateTradeRatios.count == 12)
        let spread = Statistics.variance(r.replicateTradeRatios).squareRoot()
        #expect(isApproximatelyEqual(r.tradeRatioStandardError, spread / 12.0.squareRoot(), relative: 1e-12))
        #expect(spread > 2 * r.first.tradeRatioStandardError, "spread \(spread) vs one run's \(r.first.tradeRatioStandardError)")
        let z = e.zeroBidProbability
        let allowance = 2 * z * (1 - z) * (2 / (Double.pi * 10_000)).squareRoot()
        #expect(
            abs(r.tradeRatio - e.tradeRatio) <= r.criticalValue() * r.tradeRatioStandardError + allowance + 0.002,
            "\(r.tradeRatio) vs \(e.tradeRatio)")
        // The replicates are independent runs: replicate r is the run with the derived seed.
        let again = try Self.bank(agents: 10_000, periods: 20).run(
            options: RunOptions(seed: 4, threads: 1).derived(.replicates, 3))
        #expect(again.tradeRatio == r.replicateTradeRatios[3])
    }

    /// Student's t quantiles against printed tables: t(0.975; 4) = 2.776, t(0.995; 9) = 3.250,
    /// t(0.99865; 9) = 4.094 (the 3-sigma level), and the normal 3.000 for many degrees of freedom.
    @Test func studentQuantiles() {
        #expect(isApproximatelyEqual(StudentT.quantile(0.975, degreesOfFreedom: 4), 2.7764, absolute: 1e-4))
        #expect(isApproximatelyEqual(StudentT.quantile(0.995, degreesOfFreedom: 9), 3.2498, absolute: 1e-4))
        #expect(isApproximatelyEqual(StudentT.quantile(0.99865, degreesOfFreedom: 9), 4.094, absolute: 2e-3))
        #expect(isApproximatelyEqual(StudentT.quantile(0.99865, degreesOfFreedom: 1e7), 3.0, absolute: 1e-3))
    }

    @Test func tooFewReplicatesIsAnInputError() throws {
        #expect(throws: InputError.self) { try Self.bank(agents: 1_000, periods: 2).replicate(1, options: .serial) }
    }
}
