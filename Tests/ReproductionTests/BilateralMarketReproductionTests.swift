import BilateralMarket
import Reports
import Reproduction
import SurplusCore
import SurplusTestSupport
import Testing

/// The 000 section in quick mode: its structure, and its key numbers against
/// independent calls of `BilateralMarket` with the paper's settings and against
/// the values the paper prints (`Published000`).
@Suite struct BilateralMarketReproductionTests {
    /// One quick run shared by the tests (debug builds are slow).
    static let quickRun = Result {
        try Reproduction.run(ReproductionOptions(quick: true, run: RunOptions(seed: 3, threads: 2), documents: ["000"]))
    }

    func section() throws -> ReportSection { try #require(try Self.quickRun.get().sections.first) }

    func comparison(_ item: String) throws -> Comparison {
        try #require(try section().comparisons.first { $0.item == item }, "missing \(item)")
    }

    static func column(_ cell: Published000.TableICell) -> String {
        let model = cell.model.rawValue.prefix(1).uppercased() + cell.model.rawValue.dropFirst()
        return "\(model), Psi = U[\(Int(cell.budget.low)),\(Int(cell.budget.high))]"
    }

    @Test func everyTableICellIsCompared() throws {
        let items = try section().comparisons.map(\.item).filter { $0.hasPrefix("Table I") }
        #expect(items.count == 2 * Published000.tableI.count)
        #expect(Set(items).count == items.count)
    }

    /// Table I, recomputed. Tolerances: the table prints trade ratios to 0.1 percentage
    /// point and values to 0.01-0.1; Surplus's figures are grid-converged to better than
    /// 0.02 pp and 0.02 (StructureTests). Hard and Bank cells agree to within 0.2 pp and
    /// 0.15; the Loan values are 0.33 and 0.43 above the paper's, which we attribute to the
    /// unstated peer-loan accounting (the lender receives the interest both as income and
    /// as budget, like a server's k - c_serve): their tolerance is 0.5, stated here rather
    /// than tuned away.
    @Test(arguments: Published000.tableI.indices)
    func tableICellReproduces(index: Int) throws {
        let cell = Published000.tableI[index]
        let ratio = try comparison("Table I: trade ratio, \(Self.column(cell))")
        let value = try comparison("Table I: E_Psi[v*], \(Self.column(cell))")
        #expect(ratio.publishedValue == cell.tradeRatio.value && value.publishedValue == cell.value.value)
        let surplusRatio = try #require(ratio.surplusValue), surplusValue = try #require(value.surplusValue)
        #expect(isApproximatelyEqual(surplusRatio, cell.tradeRatio.value, absolute: 0.002), "\(ratio.item)")
        #expect(
            isApproximatelyEqual(surplusValue, cell.value.value, absolute: cell.model == .loan ? 0.5 : 0.15), "\(value.item)")
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
        let e = try MeanFieldEquilibrium.solve(MarketParameters.sectionVB(.bank), options: .serial)
        let ratio = try comparison("Table I: trade ratio, Bank, Psi = U[0,5]")
        let value = try comparison("Table I: E_Psi[v*], Bank, Psi = U[0,5]")
        #expect(ratio.surplusValue == e.tradeRatio)
        #expect(value.surplusValue == e.expectedValue)
    }

    /// The savings rows are `SavingsStudy.sectionVI` evaluated on Sec. VI's market, and the
    /// printed formula gives the printed figures.
    @Test func savingsFollowTheStudy() throws {
        let market = try MarketParameters.sectionVI(), study = SavingsStudy.sectionVI
        let printed = study.evaluate(market, tradeRatio: Published000.photovoltaicTradeRatio.value)
        // The printed $112.8 is rounded to 10 cents.
        #expect(isApproximatelyEqual(printed.marketSavingsPerYear, Published000.yearlySavings.value, absolute: 0.05))
        // Net metering is exact arithmetic on the printed hours: equal to rounding.
        #expect(isApproximatelyEqual(printed.netMeteringClientCostPerYear, Published000.netMeteringAustin.value, absolute: 1e-9))
        #expect(isApproximatelyEqual(printed.netMeteringServerCostPerYear, Published000.netMeteringElPaso.value, absolute: 1e-9))
        let formula = try comparison(
            "Sec. VI: yearly savings, printed formula with the paper's \(Published000.photovoltaicTradeRatio.text)")
        #expect(formula.surplusValue == printed.marketSavingsPerYear)
        #expect(formula.publishedValue == Published000.yearlySavings.value)
        let ratio = try #require(try comparison("Sec. VI: PV market trade ratio").surplusValue)
        let ours = try comparison("Sec. VI: yearly savings with Surplus's trade ratio")
        #expect(ours.surplusValue == study.evaluate(market, tradeRatio: ratio).marketSavingsPerYear)
        // Surplus's trade ratio is within 0.1 pp of the printed one, so its savings within 0.2 dollar.
        #expect(isApproximatelyEqual(try #require(ours.surplusValue), Published000.yearlySavings.value, absolute: 0.2))
    }

    /// The client-bid bars are shares: each model's two bars add up to 100%.
    @Test func clientBidSharesAddUp() throws {
        let figure = try #require(try section().figures.first { $0.id == "000-client-bids" })
        #expect(figure.chart.series.map(\.name) == ["Hard", "Bank", "Loan"])
        for series in figure.chart.series {
            // Two shares of one total: equal to rounding.
            #expect(isApproximatelyEqual(series.y.reduce(0, +), 100, absolute: 1e-9), "\(series.name)")
        }
    }

    /// Sec. V-B in a quick run (10,000 agents): the verdict follows from the run's own
    /// standard error, that of 10 independent replicates, never from a single run's
    /// periods (correlated) nor from the full run's resolution. Each market's stated
    /// tolerance is at least t x SE with t = 4.09 (Student, 9 degrees of freedom, the
    /// 3-sigma level), and the gap lies inside it.
    @Test func monteCarloVerdictFollowsItsOwnError() throws {
        let claim = try comparison("Sec. V-B: the empirical trade ratio of 10,000 agents matches 1 - z")
        #expect(claim.reason.contains("10 independent replicates of 10,000 agents"), "\(claim.reason)")
        let markets = claim.surplus.split(separator: ";")
        #expect(markets.count == Published000.tableI.count)
        func percent(after label: String, in text: Substring) -> Double? {
            guard let range = text.range(of: label) else { return nil }
            let number = text[range.upperBound...].prefix { "0123456789.-".contains($0) }
            return Double(number).map { $0 / 100 }
        }
        for market in markets {
            let se = try #require(percent(after: "(SE ", in: market), "\(market)")
            let tolerance = try #require(percent(after: "tolerance ± ", in: market), "\(market)")
            let estimate = try #require(percent(after: ": ", in: market))
            let meanField = try #require(percent(after: "1 - z = ", in: market))
            // Printed to 0.001 pp: allow one unit of rounding on each side.
            #expect(tolerance + 1e-5 >= 4.09 * se, "\(market)")
            #expect(abs(estimate - meanField) <= tolerance + 2e-5, "\(market)")
        }
        #expect(claim.verdict == .reproduced)
    }
}
