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
    @Option(help: "Number of agents N.") var agents: Int = 1_000_000
    @Option(help: "Number of periods.") var periods: Int = 100
    @Option(help: "Random seed.") var seed: UInt64 = 1
    @Option(help: "Threads (results do not depend on it; default: all cores).") var threads: Int?
    @Option(help: "Initial budgets: initial-law (Psi) or stationary (the equilibrium's).")
    var start: SimulationSettings.Start = .initialLaw
    @Option(help: "Learn from belief Z instead of playing the equilibrium policy (Fig. 2 dynamics).")
    var belief: Double?
    @Option(name: .customLong("burn-in"), help: "Periods left out of the averages.") var burnIn: Int = 0
    @Flag(name: .customLong("record-budgets"), help: "Keep each period's budget histogram in the JSON series.")
    var recordBudgets = false
    @OptionGroup var output: FormatOptions

    struct Report: Encodable {
        let tradeRatio: Double
        let tradeRatioStandardError: Double
        let zeroBidProbability: Double
        let zeroBidStandardError: Double
        let meanBudget: Double
        let agentPeriodsPerSecond: Double
        let equilibriumTradeRatio: Double?
        let result: SimulationResult
    }

    func run() throws {
        let parameters = try market.loadScenario().parameters()
        let solver = try market.settings()
        var settings = SimulationSettings()
        settings.agents = agents
        settings.periods = periods
        settings.seed = seed
        settings.threads = threads ?? Parallel.processorCount
        settings.start = start
        settings.burnIn = burnIn
        settings.recordBudgetHistograms = recordBudgets
        if let belief { settings.behaviour = .learning(initialBelief: belief) }
        let needsEquilibrium = belief == nil || start == .stationary
        let equilibrium = needsEquilibrium ? try MeanFieldEquilibrium.solve(parameters, settings: solver) : nil
        let simulation = try PopulationSimulation(
            market: parameters, settings: settings, equilibrium: equilibrium, solver: solver)
        let clock = ContinuousClock()
        let began = clock.now
        let result = try simulation.run(progress: Terminal.progressBar())
        let seconds = (clock.now - began).seconds
        let report = Report(
            tradeRatio: result.tradeRatio, tradeRatioStandardError: result.tradeRatioStandardError,
            zeroBidProbability: result.zeroBidProbability, zeroBidStandardError: result.zeroBidStandardError,
            meanBudget: result.meanBudget, agentPeriodsPerSecond: Double(result.agentPeriods) / max(seconds, 1e-9),
            equilibriumTradeRatio: equilibrium?.tradeRatio, result: result)
        switch output.format {
        case .json: try Terminal.printJSON(report)
        case .csv: Terminal.print(SimulateCommand.csv(result), terminator: "")
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

    static func render(_ r: Report, model: CreditModel) -> String {
        let res = r.result
        var text = "\(res.agents) agents, \(res.periods) periods, model \(model.rawValue), seed \(res.seed)\n"
        text += "trade ratio \(Format.percent(r.tradeRatio, 2)) +- \(Format.percent(r.tradeRatioStandardError, 3))"
        if let e = r.equilibriumTradeRatio { text += " (mean field 1 - z: \(Format.percent(e, 2)))" }
        text += "\nzero-bid share z \(Format.fixed(r.zeroBidProbability, 5)) +- \(Format.fixed(r.zeroBidStandardError, 5))"
        text += ", mean budget \(Format.fixed(r.meanBudget, 3))\n"
        text += "\(Format.fixed(r.agentPeriodsPerSecond / 1e6, 1)) million agent-periods per second\n\n"
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
