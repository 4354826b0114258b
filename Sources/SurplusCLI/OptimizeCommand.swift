import ArgumentParser
import BilateralMarket
import DesignOptimization
import Experiments
import Foundation
import Reports
import SurplusCore
import TextFormatting

/// `surplus optimize`: the design parameter that maximizes an objective, with the curve it
/// was found on and how the optimum was bracketed.
struct OptimizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "optimize",
        abstract: "The unified price k maximizing the bilateral market's equilibrium trade ratio or value (paper 000, Figs. 5-7).")

    enum Parameter: String, ExpressibleByArgument, CaseIterable { case price }

    @Option(help: "Objective: tradeRatio or expectedValue.") var objective: PriceDesign.Objective = .tradeRatio
    @Option(help: "Design parameter: price (k in [c_serve, s + c_lose]).") var over: Parameter = .price
    @Option(help: "Evenly spaced prices of the first scan (default 26).") var grid = 26
    @Option(help: "Width to which the optimum and any jump are bracketed (default 0.001).") var tolerance = 1e-3
    @Option(help: "SVG chart of the curve searched, the optimum marked.") var plot: String?
    @OptionGroup var market: MarketOptions
    @OptionGroup var runArguments: RunArguments
    @OptionGroup var output: FormatOptions

    func validate() throws {
        if market.price != nil { throw ValidationError("--price does not apply to optimize, which searches k") }
    }

    func run() throws {
        try output.requireNotCSV()
        let parameters = try market.loadScenario().parameters()
        let result = try PriceDesign.optimize(
            parameters, objective: objective, settings: market.settings(), gridPoints: grid, tolerance: tolerance,
            options: runArguments.options())
        if let plot { try Self.chart(result, parameters).svg().write(toFile: plot, atomically: true, encoding: .utf8) }
        switch output.format {
        case .json: try Terminal.printJSON(result)
        default: Terminal.print(Self.render(result, parameters), terminator: "")
        }
    }

    static func render(_ r: DesignOptimum, _ market: MarketParameters) -> String {
        let psi = "U[\(InputError.format(market.initialBudget.low)), \(InputError.format(market.initialBudget.high))]"
        var text = "\(r.objective) of the \(market.model.rawValue) market, Psi = \(psi), over k in "
            + "[\(Format.fixed(r.domain[0], 3)), \(Format.fixed(r.domain[1], 3))]\n"
        let bracket = "[\(Format.fixed(r.bracket[0], 4)), \(Format.fixed(r.bracket[1], 4))]"
        switch r.kind {
        case .interior: text += "interior peak: k = \(Format.fixed(r.optimum, 4)), bracketed in \(bracket) on a smooth stretch\n"
        case .boundary:
            let side = r.optimum == r.domain[0] ? "falls from it" : "rises towards it"
            text += "at the bound k = \(Format.fixed(r.optimum, 4)): the objective \(side) (grid cell \(bracket))\n"
        case .jump:
            text += "at a jump: k = \(Format.fixed(r.optimum, 4)) is the last price before the objective falls "
                + "discontinuously within \(bracket); no smooth peak\n"
        }
        text += "\(r.objective) there: \(Format.fixed(r.value, 5))"
        if !r.jumps.isEmpty {
            text += "; jumps within " + r.jumps.map { "[\(Format.fixed($0[0], 4)), \(Format.fixed($0[1], 4))]" }.joined(separator: ", ")
        }
        return text + "\n"
    }

    static func chart(_ r: DesignOptimum, _ market: MarketParameters) throws -> ChartLayout {
        let psi = "U[\(InputError.format(market.initialBudget.low)),\(InputError.format(market.initialBudget.high))]"
        return try ChartLayout(Chart(
            title: "\(r.objective) against the price k, \(market.model.rawValue) market, Psi = \(psi) (\(r.kind.rawValue) optimum)",
            x: Axis("price k", unit: "currency units"), y: Axis(r.objective),
            series: [
                Series("curve searched", style: .line, x: r.curve.map(\.x), y: r.curve.map(\.y)),
                Series("optimum k = \(Format.fixed(r.optimum, 3))", style: .markers, x: [r.optimum], y: [r.value]),
            ]))
    }
}

extension PriceDesign.Objective: ExpressibleByArgument {}
