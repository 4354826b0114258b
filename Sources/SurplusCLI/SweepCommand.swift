import ArgumentParser
import BilateralMarket
import TextFormatting

/// `surplus sweep`: the equilibrium's trade ratio and value over a range of prices k.
struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep", abstract: "Trade ratio and value against the unified price k (paper 000, Figs. 5-7).")

    @OptionGroup var market: MarketOptions
    @Option(help: "Prices FROM:TO:STEP, by default the range of Figs. 5-7.")
    var prices = PriceRange.figuresFiveToSeven.description
    @OptionGroup var runArguments: RunArguments
    @OptionGroup var output: FormatOptions

    func run() throws {
        let parameters = try market.loadScenario().parameters()
        let points = try PriceSweep.run(
            parameters, prices: PriceRange(spec: prices).prices, settings: market.settings(), options: runArguments.options())
        switch output.format {
        case .json: try Terminal.printJSON(points)
        case .csv:
            Terminal.print("price,tradeRatio,zeroBidProbability,expectedValue,converged,fixedPoints")
            for p in points {
                Terminal.print("\(p.price),\(p.tradeRatio),\(p.zeroBidProbability),\(p.expectedValue),\(p.converged),\(p.fixedPoints)")
            }
        case .table:
            var table = TextTable(
                title: "model \(parameters.model.rawValue), Psi = U[\(parameters.initialBudget.low), \(parameters.initialBudget.high)]",
                header: ["price k", "trade ratio", "z", "E[v]", "converged", "fixed points"])
            for p in points {
                table.append([
                    Format.fixed(p.price, 3), Format.percent(p.tradeRatio, 2), Format.fixed(p.zeroBidProbability, 5),
                    Format.fixed(p.expectedValue, 3), p.converged ? "yes" : "no", String(p.fixedPoints),
                ])
            }
            Terminal.print(table.render(), terminator: "")
        }
    }
}
