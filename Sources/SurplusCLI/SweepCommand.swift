import ArgumentParser
import BilateralMarket
import TextFormatting

/// `surplus sweep`: the equilibrium's trade ratio and value over a range of prices k.
struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep", abstract: "Trade ratio and value against the unified price k (paper 000, Figs. 5-7).")

    @OptionGroup var market: MarketOptions
    @Option(parsing: .unconditional, help: "Prices FROM:TO:STEP, by default the range of Figs. 5-7.")
    var prices = PriceRange.figuresFiveToSeven.description
    @OptionGroup var runArguments: RunArguments
    @OptionGroup var output: FormatOptions

    /// The sweep's rows under `points` (a JSON object, so it can carry its provenance).
    struct Result: Encodable { let points: [PriceSweep.Point] }

    func run() throws {
        let started = ContinuousClock.now
        let base = try market.parameters(market.loadScenario())
        let parameters = base.market
        let points = try PriceSweep.run(
            parameters, prices: PriceRange(spec: prices).prices, settings: base.solver, options: runArguments.options())
        try Terminal.emit(
            runArguments.document(Result(points: points), of: Self.self, parameters: base, started: started),
            format: output.outputFormat,
            table: {
                var table = TextTable(
                    title: "model \(parameters.model.rawValue), Psi = U[\(parameters.initialBudget.low), \(parameters.initialBudget.high)]",
                    header: ["price k", "trade ratio", "z", "E[v]", "converged", "fixed points"])
                for p in points {
                    table.append([
                        Format.fixed(p.price, 3), Format.percent(p.tradeRatio, 2), Format.fixed(p.zeroBidProbability, 5),
                        Format.fixed(p.expectedValue, 3), p.converged ? "yes" : "no", String(p.fixedPoints),
                    ])
                }
                return table.render()
            },
            csv: {
                "price,tradeRatio,zeroBidProbability,expectedValue,converged,fixedPoints\n"
                    + points.map { "\($0.price),\($0.tradeRatio),\($0.zeroBidProbability),\($0.expectedValue),\($0.converged),\($0.fixedPoints)\n" }.joined()
            })
    }
}
