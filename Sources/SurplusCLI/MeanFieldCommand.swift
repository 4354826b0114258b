import ArgumentParser
import BilateralMarket
import TextFormatting

/// `surplus mfe`: the mean field equilibrium of the bilateral market (paper 000).
struct MeanFieldCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mfe", abstract: "Mean field equilibrium of the bilateral market (paper 000, Theorem 2).")

    @OptionGroup var market: MarketOptions
    @OptionGroup var runArguments: RunArguments
    @OptionGroup var output: SummaryFormatOptions

    func run() throws {
        let started = ContinuousClock.now
        let scenario = try market.loadScenario()
        let parameters = try market.parameters(scenario)
        let solution = try scenario.solve(settings: parameters.solver, options: runArguments.options())
        try Terminal.emit(
            runArguments.document(solution, of: Self.self, parameters: parameters, started: started),
            format: output.outputFormat, table: { Self.render(solution, title: scenario.name) + "\n" })
    }

    static func render(_ solution: MarketScenario.Solution, title: String?) -> String {
        let s = solution.equilibrium
        var text = ""
        if let title { text += title + "\n\n" }
        text += "model \(s.model.rawValue), price k = \(Format.fixed(s.price, 2))\n"
        text += "trade ratio \(Format.percent(s.tradeRatio, 2)), z = \(Format.fixed(s.zeroBidProbability, 5)), "
        text += "expected value \(Format.fixed(s.expectedValue, 3))\n"
        text += "converged \(s.converged), \(s.iterations) evaluations of gamma, \(s.sweeps) sweeps\n\n"
        var types = TextTable(header: ["type", "share", "p_c", "z", "trade ratio", "E[v]", "mean budget", "bids k when budget in"])
        for t in s.types {
            let intervals = t.policy.bidIntervals.map { "[\(Format.fixed($0.from, 2)), \($0.to.map { Format.fixed($0, 2) } ?? "inf"))" }
            types.append([
                t.name, Format.fixed(t.share, 3), Format.fixed(t.clientProbability, 2),
                Format.fixed(t.zeroBidProbability, 5), Format.percent(t.tradeRatio, 2),
                Format.fixed(t.expectedValue, 3), Format.fixed(t.meanBudget, 2),
                intervals.isEmpty ? "never" : intervals.joined(separator: " "),
            ])
        }
        text += types.render() + "\n"
        var points = TextTable(title: "fixed points of gamma", header: ["z", "gamma(z)", "kind", "stable", "selected"])
        for p in s.fixedPoints {
            points.append([
                Format.fixed(p.zeroBidProbability, 6), Format.fixed(p.gamma, 6), p.kind.rawValue,
                p.stable ? "yes" : "no", p.zeroBidProbability == s.zeroBidProbability ? "*" : "",
            ])
        }
        text += points.render()
        if let savings = solution.savings {
            text += "\nyearly savings in the market: \(Format.dollars(savings.marketSavingsPerYear))"
            text += "; under net metering: \(Format.dollars(savings.netMeteringClientCostPerYear)) (an agent with the"
            text += " client hours), \(Format.dollars(savings.netMeteringServerCostPerYear)) (one with the server hours)\n"
        }
        return text
    }
}
