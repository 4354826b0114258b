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
    @Option(help: "Number of agents N (default \(SimulationSettings().agents), as in Sec. V-B).") var agents: Int?
    @Option(help: "Number of periods (default \(SimulationSettings().periods)).") var periods: Int?
    @Option(help: "Initial budgets: initial-law (Psi) or stationary (the equilibrium's); default \(SimulationSettings().start.rawValue).")
    var start: SimulationSettings.Start?
    @Option(help: "Learn from belief Z instead of playing the equilibrium policy (Fig. 2 dynamics).")
    var belief: Double?
    @Option(name: .customLong("burn-in"), help: "Periods left out of the averages (default \(SimulationSettings().burnIn)).") var burnIn: Int?
    @Flag(name: .customLong("record-budgets"), help: "Keep each period's budget histogram in the JSON series.")
    var recordBudgets = false
    @OptionGroup var runArguments: RunArguments
    @OptionGroup var output: FormatOptions

    /// The module's summary, with the run's throughput (wall-clock, set-up included).
    struct Report: Encodable {
        let summary: SimulationSummary
        let agentPeriodsPerSecond: Double

        enum CodingKeys: String, CodingKey { case agentPeriodsPerSecond }

        func encode(to encoder: Encoder) throws {
            try summary.encode(to: encoder)
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(agentPeriodsPerSecond, forKey: .agentPeriodsPerSecond)
        }
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
        let parameters = try market.loadScenario().parameters()
        let clock = ContinuousClock()
        let began = clock.now
        let summary = try PopulationSimulation.run(
            parameters, settings: settings, solver: market.settings(), options: runArguments.options())
        let seconds = (clock.now - began).seconds
        let report = Report(
            summary: summary, agentPeriodsPerSecond: Double(summary.result.agentPeriods) / max(seconds, 1e-9))
        switch output.format {
        case .json: try Terminal.printJSON(report)
        case .csv: Terminal.print(SimulateCommand.csv(summary.result), terminator: "")
        case .table: Terminal.print(SimulateCommand.render(report, model: parameters.model))
        }
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

    static func render(_ report: Report, model: CreditModel) -> String {
        let res = report.summary.result
        var text = "\(res.agents) agents, \(res.periods) periods, model \(model.rawValue), seed \(res.seed)\n"
        text += "trade ratio \(Format.percent(res.tradeRatio, 2)) +- \(Format.percent(res.tradeRatioStandardError, 3))"
        if let e = report.summary.equilibriumTradeRatio { text += " (mean field 1 - z: \(Format.percent(e, 2)))" }
        text += "\nzero-bid share z \(Format.fixed(res.zeroBidProbability, 5)) +- \(Format.fixed(res.zeroBidStandardError, 5))"
        text += ", mean budget \(Format.fixed(res.meanBudget, 3))\n"
        text += "\(Format.fixed(report.agentPeriodsPerSecond / 1e6, 1)) million agent-periods per second\n\n"
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
