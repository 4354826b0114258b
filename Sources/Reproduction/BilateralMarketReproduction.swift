import BilateralMarket
import Reports
import SurplusCore
import TextFormatting

/// Document 000, Xia, Shakkottai & Subramanian, *Small-Scale Markets for Bilateral
/// Resource Trading in the Sharing Economy*: Table I, the claims of Figs. 2-7 and
/// Sec. V-B, and the rooftop-PV case of Sec. VI, recomputed with `BilateralMarket`.
///
/// Every market uses the settings of Sec. V-B (`MarketParameters.sectionVB`) or Sec. VI
/// (`MarketParameters.sectionVI`) and the equation-(1) reading of the interest
/// (`InterestReading.equation1`), the reading under which Table I reproduces. The
/// printed values it compares with are `Published000`.
enum BilateralMarketReproduction: DocumentReproduction {
    static let documentID = "000"
    static let progressName = "000 bilateral market"

    static func section(_ options: ReproductionOptions) throws -> ReportSection {
        let stages = ProgressStages([
            "Table I", "Monte Carlo (Sec. V-B)", "budget laws (Fig. 3)", "belief dynamics (Fig. 2)",
            "price sweeps (Figs. 5-7)", "PV case (Sec. VI)",
        ], reportingTo: options.run.progress)
        // Progress is reported per stage; the computations inside a stage stay quiet.
        let options = options.reporting(to: nil)
        stages.begin(0)
        let table = try TableI(options)
        stages.begin(1)
        let monteCarlo = try MonteCarlo(table, options)
        stages.begin(2)
        let budgets = try BudgetLaws(table)
        stages.begin(3)
        let dynamics = try BeliefDynamics(table, options)
        stages.begin(4)
        let sweep = try PriceSweeps(options)
        stages.begin(5)
        let pv = try PhotovoltaicCase(options)
        stages.finish()

        return ReportSection(
            id: "000",
            title: "Bilateral resource trading (Xia, Shakkottai, Subramanian)",
            source: "000_6c5a6556f8821150.txt",
            summary: """
                Mean field equilibria (Theorem 2) of the Hard, Bank and Loan markets with the settings of Sec. V-B \
                (\(sectionVBSettings)), \
                solved on a budget grid of step 0.02\(options.quick ? "" : " (and 0.01 to measure the grid error)"); \
                population Monte Carlo: \(monteCarlo.replicates) independent replicates of \(grouped(monteCarlo.agents)) agents over \
                \(monteCarlo.periods) periods (the first \(monteCarlo.burnIn) dropped) from each equilibrium's stationary budgets; learning populations of \(grouped(dynamics.agents)) agents over \(dynamics.periods) \
                periods from the frozen belief z = 1 (Fig. 2); Bank price sweeps over \(sweep.prices.count) prices \
                k = \(Format.fixed(sweep.prices.first ?? 0, 2))...\(Format.fixed(sweep.prices.last ?? 0, 2))\(options.quick ? " on a grid of step 0.05" : "") (Figs. 5-7); \
                the two-type rooftop-PV market of Sec. VI.
                """,
            comparisons: table.comparisons + monteCarlo.comparisons + budgets.comparisons
                + [table.binaryBids] + dynamics.comparisons + sweep.comparisons + pv.comparisons,
            tables: [table.layout],
            figures: [dynamics.figure] + budgets.figures + [monteCarlo.bidsFigure] + sweep.figures + pv.figures,
            notes: [
                """
                Interest: eq. (1) charges alpha (k - b)^+ on an overdraft (bid limit b + s/(1 + alpha)); the text's \
                "alpha = 1.1 means an interest rate of 10%" would charge (alpha - 1)(k - b)^+. Under that reading the \
                Bank market at U[0,5] trades \(Format.percent(table.rateReading.tradeRatio, 2)) (Table I: 84.3%); \
                eq. (1) reproduces the table, so every market here uses eq. (1).
                """,
                """
                Loan model: the paper does not say how the peer loan is settled. Surplus lets the matched server lend \
                and receive the interest, as income and as budget, like its k - c_serve; in the mean field the \
                interest is random and its law is part of the belief. The Loan cells are the only ones that rest on \
                this reading.
                """,
                """
                Selected equilibrium: the largest fixed point of gamma, where z <- gamma(z) goes from the frozen \
                start z = 1 (the ramp-up of Fig. 2). \(table.hardFixedPointsNote)
                """,
                """
                Fig. 2 is redrawn from learning populations (agents best-respond to the public belief z and replace \
                it each period by the observed share of zero bids), the reading of "the system gradually ramps up ... \
                through successful trades". \(dynamics.loanNote)
                """,
                """
                Sec. V-A's cluster utilizations (\(Published000.clusterUtilizationMean.joined(separator: ", ")) mean; \
                \(Published000.clusterUtilizationMedian.joined(separator: ", ")) median) are context for \
                p_s = p_c = 0.5 and are not recomputed.
                """,
                pv.note,
            ])
    }

    /// Sec. V-B's settings as the summary states them: "beta = 0.98, ..., Psi = U[0,5] and U[5,10]".
    static var sectionVBSettings: String {
        typealias V = MarketParameters.SectionVB
        let values = [
            ("beta", V.beta), ("p_s = p_c", V.clientProbability), ("alpha", V.alpha), ("s", V.surplus),
            ("c_serve", V.serveCost), ("c_lose", V.loseCost), ("k", V.price),
        ]
        let budgets = V.tableIBudgets.map(label).joined(separator: " and ")
        return (values.map { "\($0) = \(InputError.format($1))" } + ["Psi = \(budgets)"]).joined(separator: ", ")
    }

    static func label(_ budget: BudgetRange) -> String {
        "U[\(Format.fixed(budget.low, 0)),\(Format.fixed(budget.high, 0))]"
    }

    static func name(_ model: CreditModel) -> String { model.rawValue.prefix(1).uppercased() + model.rawValue.dropFirst() }

    /// Cumulative masses of a budget law, node by node.
    static func cumulative(_ law: MeanFieldEquilibrium.BudgetLaw) -> [Double] {
        var running = 0.0
        return law.mass.map { running += $0; return min(1, running) }
    }

    /// The CDF of a budget law as a step series up to budget `upTo`.
    static func cdfSeries(_ name: String, _ law: MeanFieldEquilibrium.BudgetLaw, upTo: Double) -> Series {
        let cdf = cumulative(law)
        let nodes = min(cdf.count, Int((upTo / law.step).rounded(.up)) + 1)
        let kept = thinned(nodes)
        return Series(
            name, style: .steps, x: kept.map { Double($0) * law.step }, y: kept.map { 100 * cdf[$0] })
    }

    /// The smallest budget by which every law has at least `level` of its mass.
    static func quantileCeiling(_ laws: [MeanFieldEquilibrium.BudgetLaw], level: Double) -> Double {
        laws.map { law in
            let index = cumulative(law).firstIndex { $0 >= level } ?? (law.mass.count - 1)
            return Double(index) * law.step
        }.max() ?? 0
    }
}

extension StreamName {
    /// The seeds of the section's simulations, derived from the run's seed: the
    /// Monte Carlo of Table I's market i (id 0), the learning population of model i
    /// (id 100), the learning PV population (id 200).
    static let tableIMonteCarlo = StreamName(0, "Table I Monte Carlo, one per market")
    static let beliefDynamics = StreamName(100, "Fig. 2 learning populations, one per model")
    static let photovoltaicLearning = StreamName(200, "Fig. 8 learning PV population")
}
