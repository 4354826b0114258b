import ArgumentParser
import BilateralMarket
import Foundation
import SurplusCore
import TextFormatting

/// `surplus simulate`: population Monte Carlo of the bilateral market.
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate", abstract: "Population Monte Carlo of the bilateral market (paper 000, Sec. V-B).")

    @OptionGroup var market: MarketOptions
    @Option(parsing: .unconditional, help: "Number of agents N (default \(SimulationSettings().agents), as in Sec. V-B).") var agents: Int?
    @Option(parsing: .unconditional, help: "Number of periods (default \(SimulationSettings().periods)).") var periods: Int?
    @Option(parsing: .unconditional, help: "Initial budgets: initial-law (Psi) or stationary (the equilibrium's); default \(SimulationSettings().start.rawValue).")
    var start: SimulationSettings.Start?
    @Option(parsing: .unconditional, help: "Learn from belief Z instead of playing the equilibrium policy (Fig. 2 dynamics).")
    var belief: Double?
    @Option(name: .customLong("burn-in"), parsing: .unconditional, help: "Periods left out of the averages (default \(SimulationSettings().burnIn)).") var burnIn: Int?
    @Flag(name: .customLong("record-budgets"), help: "Keep each period's budget histogram in the JSON series.")
    var recordBudgets = false
    @OptionGroup var runArguments: RunArguments
    @OptionGroup var output: FormatOptions

    /// Every parameter of the run: the market, the solver behind the policy, the simulation.
    struct Parameters: Encodable {
        let market: MarketParameters
        let solver: SolverSettings
        let simulation: SimulationSettings
    }

    /// The module's settings with the options given explicitly.
    var settings: SimulationSettings {
        var settings = SimulationSettings()
        if let agents { settings.agents = agents }
        if let periods { settings.periods = periods }
        if let start { settings.start = start }
        if let burnIn { settings.burnIn = burnIn }
        if let belief { settings.behaviour = .learning(initialBelief: belief) }
        settings.recordBudgetHistograms = recordBudgets
        return settings
    }

    func run() throws {
        let started = ContinuousClock.now
        let base = try market.parameters(market.loadScenario())
        let parameters = Parameters(market: base.market, solver: base.solver, simulation: settings)
        let summary = try PopulationSimulation.run(
            parameters.market, settings: settings, solver: parameters.solver, options: runArguments.options())
        let rate = Double(summary.result.agentPeriods) / max((ContinuousClock.now - started).seconds, 1e-9)
        try Terminal.emit(
            runArguments.document(
                summary, of: Self.self, parameters: parameters, started: started, rates: ["agentPeriodsPerSecond": rate]),
            format: output.outputFormat,
            table: { Self.render(summary, model: parameters.market.model, agentPeriodsPerSecond: rate) },
            csv: { Self.csv(summary.result) })
    }

    static func csv(_ result: SimulationResult) -> String {
        let typeColumns = result.types.map { "zeroBidProbability[\($0.name)]" }
        var lines = [(["period", "tradeRatio", "zeroBidProbability", "belief", "meanBudget", "pairs", "trades"] + typeColumns).joined(separator: ",")]
        for p in result.series {
            let row = [String(p.period), "\(p.tradeRatio)", "\(p.zeroBidProbability)", "\(p.belief)", "\(p.meanBudget)", String(p.pairs), String(p.trades)]
            lines.append((row + p.typeZeroBidProbability.map { "\($0)" }).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func render(_ summary: SimulationSummary, model: CreditModel, agentPeriodsPerSecond: Double) -> String {
        let res = summary.result
        var text = "\(res.agents) agents, \(res.periods) periods, model \(model.rawValue), seed \(res.seed)\n"
        text += "trade ratio \(Format.percent(res.tradeRatio, 2)) +- \(Format.percent(res.tradeRatioStandardError, 3))"
        if let e = summary.equilibriumTradeRatio { text += " (mean field 1 - z: \(Format.percent(e, 2)))" }
        text += "\nzero-bid share z \(Format.fixed(res.zeroBidProbability, 5)) +- \(Format.fixed(res.zeroBidStandardError, 5))"
        text += ", mean budget \(Format.fixed(res.meanBudget, 3))\n"
        text += "\(Format.fixed(agentPeriodsPerSecond / 1e6, 1)) million agent-periods per second\n"
        if res.series.allSatisfy({ $0.trades == 0 }), (summary.equilibriumTradeRatio ?? 0) > 0 {
            text += "note: no trade in any period. The budgets start from Psi and the policy bids k only at budgets no\n"
            text += "agent holds, so no budget ever changes (a frozen start, paper 000 Sec. V-B); --start stationary\n"
            text += "starts from the equilibrium's budget law.\n"
        }
        text += "\n"
        var table = TextTable(header: ["period", "belief z", "observed z", "trade ratio", "mean budget"])
        let shown = res.series.count <= 12 ? Array(res.series) : Array(res.series.prefix(6)) + Array(res.series.suffix(6))
        for p in shown {
            table.append([
                String(p.period), Format.fixed(p.belief, 4), Format.fixed(p.zeroBidProbability, 4),
                Format.percent(p.tradeRatio, 2), Format.fixed(p.meanBudget, 3),
            ])
        }
        text += table.render()
        if res.types.count > 1 {
            var types = TextTable(header: ["type", "z", "trade ratio"])
            for t in res.types { types.append([t.name, Format.fixed(t.zeroBidProbability, 4), Format.percent(t.tradeRatio, 2)]) }
            text += "\n" + types.render()
        }
        return text
    }
}

extension SimulationSettings.Start: ExpressibleByArgument {}
