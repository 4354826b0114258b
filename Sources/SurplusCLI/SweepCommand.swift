import ArgumentParser
import BilateralMarket
import TextFormatting

/// `surplus sweep`: any command's parameters over a grid, with replicate seeds, sharded
/// for a cluster (`plan`, `run`, `merge`); without a subcommand, the shorthand
/// `surplus sweep --prices FROM:TO:STEP` of the bilateral market's equilibrium against k.
struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Sweep a command's parameters (plan | run | merge), or the trade ratio and value against k (paper 000, Figs. 5-7).",
        discussion: """
            `sweep plan`, `sweep run` and `sweep merge` exit 64 on a usage error, 65 when the plan and what \
            is run or merged disagree (not retryable) and 1 on a runtime failure (retryable), for a \
            scheduler's retry policy; see Deploy/README.md.
            """,
        subcommands: [SweepPlanCommand.self, SweepRunCommand.self, SweepMergeCommand.self])


    @OptionGroup var market: MarketOptions
    @Option(parsing: .unconditional, help: "Prices FROM:TO:STEP, by default the range of Figs. 5-7.")
    var prices = PriceRange.figuresFiveToSeven.description
    @OptionGroup var runArguments: RunArguments
    @OptionGroup var output: FormatOptions

    /// The sweep's rows under `points` (a JSON object, so it can carry its provenance).
    struct Result: Encodable { let points: [PriceSweep.Point] }

    func validate() throws {
        if market.price != nil { throw ValidationError("--price does not apply to sweep, which varies k over --prices") }
    }

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
