import BilateralMarket
import Foundation
import Reports
@testable import Reproduction
import SurplusCore
import Testing

/// The 000 section in quick mode: its structure, and its key numbers against
/// independent calls of `BilateralMarket` with the paper's settings.
@Suite struct BilateralMarketReproductionTests {
    /// One quick run shared by the tests (debug builds are slow).
    static let quickRun = Result { try BilateralMarketReproduction.section(ReproductionOptions(quick: true, run: try RunOptions(seed: 3, threads: 2))) }

    func section() throws -> ReportSection { try Self.quickRun.get() }

    func comparison(_ item: String) throws -> Comparison {
        try #require(try section().comparisons.first { $0.item == item }, "missing \(item)")
    }

    @Test func everyTableICellIsCompared() throws {
        let items = try section().comparisons.map(\.item).filter { $0.hasPrefix("Table I") }
        #expect(items.count == 12)
        #expect(Set(items).count == 12)
    }

    @Test func structure() throws {
        let s = try section()
        SectionChecks.check(s, id: "000", figureIDs: [
            "000-belief-convergence", "000-budget-cdf", "000-client-bids", "000-ratio-vs-price", "000-value-vs-price",
            "000-pv-belief", "000-pv-budgets",
        ])
        #expect(!s.notes.isEmpty)
        for f in s.figures where f.chart.x.categories != nil {
            #expect(f.chart.series.allSatisfy { $0.style == .bars }, "\(f.id)")
        }
    }

    /// Table I's Bank cell at Psi = U[0,5] is the module's equilibrium for Sec. V-B's settings.
    @Test func bankCellIsTheModulesEquilibrium() throws {
        let market = try MarketParameters(
            model: .bank, price: 7, beta: 0.98, clientProbability: 0.5, alpha: 1.1, surplus: 8, serveCost: 6,
            loseCost: 0.5, initialBudget: BudgetRange(low: 0, high: 5))
        let e = try MeanFieldEquilibrium.solve(market)
        let ratio = try comparison("Table I: trade ratio, Bank, Psi = U[0,5]")
        let value = try comparison("Table I: E_Psi[v*], Bank, Psi = U[0,5]")
        #expect(ratio.surplusValue == e.tradeRatio)
        #expect(value.surplusValue == e.expectedValue)
        #expect(ratio.publishedValue == 0.843 && value.publishedValue == 40.14)
    }

    /// The savings rows are `SavingsStudy` evaluated on Sec. VI's inputs.
    @Test func savingsFollowTheStudy() throws {
        let study = SavingsStudy(clientHours: 1115, serverHours: 692, dollarsPerUnit: 0.025, netMeteringCostPerClientHour: 0.1)
        let printed = study.evaluate(surplus: 10, serveCost: 5, price: 7.5, tradeRatio: 0.999)
        let formula = try comparison("Sec. VI: yearly savings, printed formula with the paper's 99.9%")
        #expect(formula.surplusValue == printed.marketSavingsPerYear)
        let ratio = try #require(try comparison("Sec. VI: PV market trade ratio").surplusValue)
        let ours = try comparison("Sec. VI: yearly savings with Surplus's trade ratio")
        #expect(ours.surplusValue == study.evaluate(surplus: 10, serveCost: 5, price: 7.5, tradeRatio: ratio).marketSavingsPerYear)
    }

    /// The client-bid bars are shares: each model's two bars add up to 100%.
    @Test func clientBidSharesAddUp() throws {
        let figure = try #require(try section().figures.first { $0.id == "000-client-bids" })
        #expect(figure.chart.series.map(\.name) == ["Hard", "Bank", "Loan"])
        for series in figure.chart.series {
            #expect(abs(series.y.reduce(0, +) - 100) < 1e-9, "\(series.name)")
        }
    }
}
