import BilateralMarket
import Reports
import SurplusCore
import TextFormatting

extension BilateralMarketReproduction {
    /// Fig. 2: the belief z of learning populations from the frozen start z = 1, Psi = U[0,5].
    struct BeliefDynamics {
        let agents: Int
        let periods: Int
        let comparisons: [Comparison]
        let figure: Figure
        let loanNote: String

        init(_ table: TableI, _ options: ReproductionOptions) throws {
            let agents = options.quick ? 2_000 : 20_000, periods = options.quick ? 300 : 500
            self.agents = agents
            self.periods = periods
            let models = CreditModel.allCases
            var traces: [[Double]] = []
            var settings = SimulationSettings()
            settings.agents = agents
            settings.periods = periods
            settings.start = .initialLaw
            settings.behaviour = .learning(initialBelief: 1)
            for (i, model) in models.enumerated() {
                let run = try PopulationSimulation(market: table.lowBudget(model).market, settings: settings)
                    .run(options: options.run.derived(.beliefDynamics, i))
                traces.append(run.series.map(\.zeroBidProbability))
            }
            // Converged: the mean z of the last fifth of the periods differs from the fifth
            // before by less than the period-to-period spread of z over those two fifths (a
            // trend, not noise; successive periods are correlated, so a standard error of the
            // mean would understate the noise).
            let window = periods / 5
            func tail(_ z: [Double], _ k: Int) -> ArraySlice<Double> { z[(z.count - k * window)..<(z.count - (k - 1) * window)] }
            let last = traces.map { Statistics.mean(tail($0, 1)) }
            let before = traces.map { Statistics.mean(tail($0, 2)) }
            let spread = traces.map { Statistics.variance($0.suffix(2 * window)).squareRoot() }
            let settled = traces.indices.map { abs(last[$0] - before[$0]) <= spread[$0] }
            let (hard, bank, loan) = (0, 1, 2)
            let mfe = models.map { table.lowBudget($0).zeroBidProbability }
            let frozen = traces[hard].allSatisfy { $0 == 1 }
            let hardEquilibrium = table.lowBudget(.hard)
            let trading = hardEquilibrium.fixedPoints.filter { $0.zeroBidProbability < 1 && $0.kind == .fixedPoint }
            let unstableFrozen = hardEquilibrium.fixedPoints.contains { $0.zeroBidProbability == 1 && !$0.stable }
            func settledText(_ i: Int) -> String {
                "\(name(models[i])): z \(Format.fixed(last[i], 3)) over the last \(window) periods, \(Format.fixed(before[i], 3)) the \(window) before (spread \(Format.fixed(spread[i], 3)); mean field \(Format.fixed(mfe[i], 3)))"
            }
            // The period from which z stays below halfway between 1 and where it settles.
            let rampUp = [bank, loan].map { i in
                traces[i].lastIndex { $0 > (1 + last[i]) / 2 }.map { $0 + 1 } ?? 0
            }
            comparisons = [
                .claim(
                    "Fig. 2: the belief z converges (learning agents, Psi = U[0,5])", location: "Fig. 2",
                    published: "z converges",
                    observed: [bank, loan].map(settledText).joined(separator: "; ") + "; Hard: z = 1 throughout",
                    holds: settled[bank] && settled[loan] && frozen,
                    why: "the mean z of the last fifth of the periods differs from the fifth before by less than the spread (standard deviation) of z from period to period",
                    whyDiffers: "z still drifts between the last two fifths of the run"),
                .claim(
                    "Fig. 2: the Hard market at Psi = U[0,5] freezes (all clients bid 0)", location: "Fig. 2, Sec. V-B",
                    published: "clients cannot afford k = 7, all bid 0, the system freezes",
                    observed: """
                        learning agents: z = 1 in all \(periods) periods (nobody starts with k = 7 and nobody trades); \
                        mean field: z = 1 is a fixed point\(unstableFrozen ? " but an unstable one" : ""), and \
                        \(trading.isEmpty ? "no trading fixed point exists" : "trading fixed points exist: \(trading.map { "z = \(Format.fixed($0.zeroBidProbability, 4)) (\($0.stable ? "stable" : "unstable"), trade ratio \(Format.percent(1 - $0.zeroBidProbability, 1)))" }.joined(separator: ", "))")
                        """,
                    holds: frozen && hardEquilibrium.zeroBidProbability == 1,
                    why: """
                        the frozen market is what agents who learn from z = 1 reach, and the largest fixed point; it is \
                        not the only equilibrium (see the observation)
                        """,
                    whyDiffers: "learning Hard agents leave z = 1, or the selected equilibrium is not frozen"),
                .claim(
                    "Fig. 2: the Bank and Loan markets ramp up from z = 1", location: "Fig. 2",
                    published: "the system gradually ramps up and z dramatically reduces",
                    observed: """
                        Bank: z falls from 1 to \(Format.fixed(last[bank], 3)), below halfway for good from period \(rampUp[0]); \
                        Loan: to \(Format.fixed(last[loan], 3)), from period \(rampUp[1])
                        """,
                    holds: last[bank] < 0.5 && last[loan] < 0.5,
                    why: "both end with more than half the clients trading (z < 0.5)",
                    whyDiffers: "Bank or Loan learning agents end with z >= 0.5"),
            ]
            loanNote = """
                Learning Loan agents settle at z = \(Format.fixed(last[loan], 3)), mean field \
                \(Format.fixed(mfe[loan], 3)) (Bank: \(Format.fixed(last[bank], 3)) vs \(Format.fixed(mfe[bank], 3))). Besides z, \
                Loan agents best-respond to the law of the interest a server receives per trade, which they read off \
                the period before; it counts every trade, zero for a client who paid k from its own budget, as the \
                mean field's law of the interest of a random bidding client does. (Until issue 12 the simulation kept \
                only the positive amounts, so agents expected E[I | I > 0] per trade instead of E[I], waited to get \
                rich by serving rather than borrow, and settled well above the mean field's z.)
                """
            let kept = thinned(periods)
            var series = models.indices.map { i in
                Series("\(name(models[i])), learning", style: .line, x: kept.map(Double.init), y: kept.map { traces[i][$0] })
            }
            let end = Double(periods - 1)
            for i in [bank, loan] {
                series.append(Series("\(name(models[i])), mean field z", style: .line, x: [0, end], y: [mfe[i], mfe[i]]))
            }
            if let point = trading.first {
                series.append(Series("Hard, trading fixed point", style: .line, x: [0, end], y: [point.zeroBidProbability, point.zeroBidProbability]))
            }
            figure = Figure(
                id: "000-belief-convergence",
                caption: """
                    Fig. 2 redrawn: the belief z (share of clients bidding 0) of learning populations of \(grouped(agents)) agents \
                    starting from the frozen belief z = 1 (Psi = U[0,5], k = 7), with the mean field equilibria as flat \
                    lines. Look at whether each market ramps up (the paper: Hard freezes, Bank and Loan ramp up), how \
                    long it takes, and where it settles against its mean field line.
                    """,
                chart: Chart(
                    title: "Convergence of the belief z (Psi = U[0,5])",
                    x: Axis("period", unit: "periods"), y: Axis("belief z", lowerBound: 0, upperBound: 1),
                    series: series))
        }
    }

    /// Figs. 5-7: Bank trade ratio and expected value against the price k for three Psi.
    struct PriceSweeps {
        let prices: [Double]
        let comparisons: [Comparison]
        let figures: [Figure]

        init(_ options: ReproductionOptions) throws {
            let range = PriceRange.figuresFiveToSeven
            let grid = try options.quick ? range.with(step: 1.125) : range
            let prices = grid.prices
            self.prices = prices
            let budgets = [BudgetRange(low: 0, high: 5), BudgetRange(low: 3, high: 8), BudgetRange(low: 5, high: 10)]
            // A quick run also coarsens the budget grid: only the trends are compared.
            var solver = SolverSettings()
            if options.quick { solver.budgetStep = 0.05 }
            let sweeps = try budgets.map {
                try PriceSweep.run(MarketParameters.sectionVB(.bank, budget: $0), prices: prices, settings: solver, options: options.run)
            }
            let ratios = sweeps.map { $0.map(\.tradeRatio) }
            func text(_ i: Int) -> String {
                zip(prices, ratios[i]).map { "\(Format.percent($1, 1)) (\(Format.fixed($0, 2)))" }.joined(separator: ", ")
            }
            let unconverged = sweeps.flatMap { $0.filter { !$0.converged }.map { Format.fixed($0.price, 2) } }
            let caveat = unconverged.isEmpty ? "" : "; no true fixed point at k = \(unconverged.joined(separator: ", "))"
            // Trends, with 1e-9 of slack for ties (a market where everyone trades at two prices).
            let increasing = zip(ratios[0], ratios[0].dropFirst()).allSatisfy { $1 >= $0 - 1e-9 }
            // Where Fig. 5's ratio first falls, and how many fixed points gamma has there.
            let fall = zip(ratios[0].indices, ratios[0].indices.dropFirst()).first { ratios[0][$1] < ratios[0][$0] - 1e-9 }?.1
            let fallNote = fall.map { i in
                let point = sweeps[0][i]
                return "; at k = \(Format.fixed(point.price, 2)) gamma has \(point.fixedPoints) fixed points and the largest, "
                    + "z = \(Format.fixed(point.zeroBidProbability, 3)), the one learning agents reach from the frozen start z = 1, "
                    + "is selected" + (point.fixedPoints > 1 ? " (the paper does not say which fixed point its curve follows)" : "")
            } ?? ""
            let peak = ratios[1].indices.max { ratios[1][$0] < ratios[1][$1] } ?? 0
            let risesThenFalls = peak > 0 && peak < prices.count - 1
                && zip(ratios[1][...peak], ratios[1][...peak].dropFirst()).allSatisfy { $1 >= $0 - 1e-9 }
                && zip(ratios[1][peak...], ratios[1][peak...].dropFirst()).allSatisfy { $1 <= $0 + 1e-9 }
            let decreasing = zip(ratios[2], ratios[2].dropFirst()).allSatisfy { $1 <= $0 + 1e-9 }
                && (ratios[2].last ?? 0) < (ratios[2].first ?? 0)
            let why = "mean field equilibrium of the Bank market at each price on the grid (budget step \(Format.fixed(solver.budgetStep, 2)))\(caveat)"
            comparisons = [
                .claim(
                    "Fig. 5: Bank trade ratio against k, Psi = U[0,5]", location: "Fig. 5, Sec. V-B",
                    published: "increases in k", observed: text(0), holds: increasing, why: why,
                    whyDiffers: "the trade ratio falls somewhere on the price grid\(caveat)\(fallNote)"),
                .claim(
                    "Fig. 6: Bank trade ratio against k, Psi = U[3,8]", location: "Fig. 6, Sec. V-B",
                    published: "first increases, then decreases", observed: text(1), holds: risesThenFalls,
                    why: "\(why); peak at k = \(Format.fixed(prices[peak], 2))",
                    whyDiffers: "the trade ratio is not single-peaked inside the price range\(caveat)"),
                .claim(
                    "Fig. 7: Bank trade ratio against k, Psi = U[5,10]", location: "Fig. 7, Sec. V-B",
                    published: "decreases in k", observed: text(2), holds: decreasing, why: why,
                    whyDiffers: "the trade ratio rises somewhere on the price grid\(caveat)"),
            ]
            let names = budgets.map { "Psi = \(label($0))" }
            let priceAxis = Axis("price k", unit: "currency units")
            figures = [
                Figure(
                    id: "000-ratio-vs-price",
                    caption: """
                        Figs. 5-7 redrawn (trade ratio panels): the Bank market's equilibrium trade ratio 1 - z against \
                        the unified price k for three initial budget laws. The paper: it increases in k for U[0,5], rises \
                        then falls for U[3,8], decreases for U[5,10].
                        """,
                    chart: Chart(
                        title: "Trade ratio against price, Bank model", x: priceAxis,
                        y: Axis("trade ratio", unit: "%", upperBound: 100),
                        series: names.indices.map { Series(names[$0], style: .line, x: prices, y: ratios[$0].map { 100 * $0 }) })),
                Figure(
                    id: "000-value-vs-price",
                    caption: """
                        Figs. 5-7 redrawn (value panels): a newcomer's expected value E_Psi[v*] at the Bank market's \
                        equilibrium against the price k, to set beside the trade ratio panels.
                        """,
                    chart: Chart(
                        title: "Expected value against price, Bank model", x: priceAxis,
                        y: Axis("expected value E_Psi[v*]", unit: "currency units"),
                        series: names.indices.map { i in Series(names[i], style: .line, x: prices, y: sweeps[i].map(\.expectedValue)) })),
            ]
        }
    }
}
