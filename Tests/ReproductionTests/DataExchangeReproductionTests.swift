import ProgressiveAuction
import Reports
import SurplusCore
import Testing

@testable import Reproduction

/// The 001/002 section (`DataExchangeReproduction`), run once in quick mode.
@Suite struct DataExchangeReproductionTests {
    static let section: ReportSection = {
        do { return try DataExchangeReproduction.section(try ReproductionOptions(quick: true, run: try RunOptions(seed: 1, threads: 2))) } catch {
            preconditionFailure("\(error)")
        }
    }()

    @Test func structure() {
        SectionChecks.check(Self.section, id: "001/002", figureIDs: ["001-exchange-trades", "001-exchange-trace", "001-psp-convergence"])
    }

    /// Example 1 settled directly (Table 1, synchronous, default rules): the
    /// section's numbers are the module's.
    @Test func exampleOneNumbersAreTheModules() throws {
        let market = try ExchangeMarket(
            sellers: [ExchangeSeller(id: "S1", quantity: 65), ExchangeSeller(id: "S2", quantity: 85)],
            buyers: [
                ExchangeBuyer(id: "A", demand: 50, unitPrice: 1), ExchangeBuyer(id: "B", demand: 40, unitPrice: 1.2),
                ExchangeBuyer(id: "C", demand: 26, unitPrice: 1.5), ExchangeBuyer(id: "D", demand: 20, unitPrice: 2),
                ExchangeBuyer(id: "E", demand: 14, unitPrice: 2.2),
            ],
            epsilon: 0.01)
        let o = market.settle()
        let a = o.trades.filter { $0.seller == "S2" && $0.buyer == "A" }.reduce(0) { $0 + $1.quantity }
        #expect(SectionChecks.comparison(Self.section, "Example 1 final allocation: S2 to A")?.surplusValue == a)
        let r = o.reservePrices.first { $0.seller == "S1" }?.price
        #expect(SectionChecks.comparison(Self.section, "Example 1 final reserve price p_*^j of S1")?.surplusValue == r)
        #expect(SectionChecks.comparison(Self.section, "Example 1 end of the auction t")?.surplusValue == Double(o.rounds + 1))
        let figure = Self.section.figures.first { $0.id == "001-exchange-trades" }
        let s1 = figure?.chart.series.first { $0.name == "S1" }
        let b = o.trades.filter { $0.seller == "S1" && $0.buyer == "B" }.reduce(0) { $0 + $1.quantity }
        #expect(s1?.y[1] == b)
    }

    /// The PSP figure plots the dynamics' own trace: the last bid prices are the run's final bids.
    @Test func pspFigureIsTheDynamicsTrace() throws {
        let d = try PSPDynamics(
            market: PSPMarket(quantity: 100, epsilon: 5),
            valuations: [
                .quadratic(marginalAtZero: 15, saturation: 80), .quadratic(marginalAtZero: 20, saturation: 60),
                .quadratic(marginalAtZero: 12, saturation: 90), .linear(unitValue: 9, cap: 30), .logarithmic(weight: 120),
            ])
        let run = d.run()
        let series = Self.section.figures.first { $0.id == "001-psp-convergence" }?.chart.series ?? []
        #expect(series.count == 6)
        for i in 0..<5 { #expect(series[i].y.last == run.bids[i].price, "player \(i + 1)") }
        #expect(series[0].x.count == run.rounds + 1)
    }
}
