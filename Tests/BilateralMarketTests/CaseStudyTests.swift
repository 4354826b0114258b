import BilateralMarket
import Foundation
import SurplusCore
import SurplusTestSupport
import Testing

/// The rooftop-PV case study of paper 000, Sec. VI (`MarketParameters.sectionVI`).
@Suite struct CaseStudyTests {
    /// Nearly every client trades; El Paso agents, servers more often, get wealthy
    /// faster and trade more (Fig. 8); Austin clients value budget more, so their value
    /// is lower (Fig. 9).
    @Test func tradeRatioPerType() throws {
        let e = try MeanFieldEquilibrium.solve(MarketParameters.sectionVI(), options: Fixtures.options)
        #expect(e.converged)
        #expect(e.tradeRatio > 0.99)
        #expect(e.types[1].tradeRatio >= e.types[0].tradeRatio)
        #expect(e.types[0].expectedValue < e.types[1].expectedValue)
    }

    /// The study is the formula (H_client (s - k) + H_server (k - c_serve)) x dollars per
    /// unit x trade ratio, and net metering charges each client hour.
    @Test func yearlySavingsFollowTheFormula() throws {
        let market = try MarketParameters.sectionVI(), study = SavingsStudy.sectionVI
        let full = study.evaluate(market, tradeRatio: 1)
        let expected = (study.clientHours * (10 - 7.5) + study.serverHours * (7.5 - 5)) * study.dollarsPerUnit
        // The same arithmetic in another order: equal to rounding.
        #expect(isApproximatelyEqual(full.marketSavingsPerYear, expected, relative: 1e-12))
        let half = study.evaluate(market, tradeRatio: 0.5)
        #expect(isApproximatelyEqual(half.marketSavingsPerYear, expected / 2, relative: 1e-12))
        #expect(full.netMeteringClientCostPerYear == -study.clientHours * study.netMeteringCostPerClientHour)
        #expect(full.netMeteringServerCostPerYear == -study.serverHours * study.netMeteringCostPerClientHour)
    }

    /// The scenario files of the two case studies describe the module's paper markets.
    @Test func scenarioFilesAreThePaperMarkets() throws {
        let scenarios = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Scenarios")
        func parameters(_ name: String) throws -> MarketParameters {
            let data = try Data(contentsOf: scenarios.appendingPathComponent("\(name).json"))
            return try StrictJSON.decode(MarketScenario.self, from: data).parameters()
        }
        #expect(try parameters("computing-cluster") == MarketParameters.sectionVB(.bank))
        #expect(try parameters("texas-pv") == MarketParameters.sectionVI())
    }
}
