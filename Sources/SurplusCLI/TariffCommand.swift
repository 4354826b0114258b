import ArgumentParser
import Foundation
import Provisioning
import TextFormatting

/// `surplus tariff`: the optimal grid-computing tariff menu (slides 003, rivalrous excludable case).
struct TariffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tariff",
        abstract: "Optimal incentive-compatible tariff menu {p(a), y(a)} for grid computing (slides 003).",
        discussion: "Without options it solves the slides' special case; the options given replace its fields."
    )

    @Option(help: "Utility u(y) = A y^alpha, as power:A:ALPHA (0 < alpha < 1; default: the slides' sqrt(y)).")
    var utility: String?

    @Option(help: "Usage-frequency law: uniform:LO:HI or beta:A:B (default: the slides' U[0, 1]).")
    var usage: String?

    @Option(name: .customLong("unit-cost"), help: "Cost of one unit of capacity, C(Q) = unit-cost x Q (default: the slides' 1).")
    var unitCost: Double?

    @Option(name: .customLong("menu-points"), help: "Number of menu entries from t* to the top usage.")
    var menuPoints: Int = TariffProblem.defaultMenuPoints

    @OptionGroup var runArguments: RunArguments
    @OptionGroup var output: FormatOptions

    func run() throws {
        // The solve is deterministic and serial; `--seed` and `--threads` are accepted like
        // every command's (and validated), so scripts and sweeps can pass them uniformly.
        _ = try runArguments.options()
        let problem = try problem()
        let menu = try problem.solve(menuPoints: menuPoints)
        switch output.format {
        case .json: try Terminal.printJSON(menu)
        case .csv:
            Terminal.print("usage,payment,allocation,netBenefit,standAloneBenefit")
            for o in menu.menu { Terminal.print("\(o.usage),\(o.payment),\(o.allocation),\(o.netBenefit),\(o.standAloneBenefit)") }
        case .table:
            var summary = TextTable(
                title: "Grid-computing tariff: u = \(problem.utility), usage ~ \(problem.usage.label)", header: ["quantity", "value"])
            summary.append(["exclusion threshold t*", Format.fixed(menu.exclusionThreshold, 4)])
            summary.append(["share excluded", Format.percent(menu.excludedShare, 2)])
            summary.append(["welfare per agent", Format.fixed(menu.welfarePerAgent, 4)])
            summary.append(["central planner per agent", Format.fixed(menu.centralWelfarePerAgent, 4)])
            summary.append(["multiplier mu", Format.fixed(menu.multiplier, 4)])
            Terminal.print(summary.render())
            var t = TextTable(title: "Menu", header: ["usage a", "payment p(a)", "allocation y(a)", "net benefit x1(a)", "alone"])
            for o in menu.menu {
                t.append([Format.fixed(o.usage, 4), Format.fixed(o.payment, 4), Format.fixed(o.allocation, 4),
                          Format.fixed(o.netBenefit, 4), Format.fixed(o.standAloneBenefit, 4)])
            }
            Terminal.print(t.render(), terminator: "")
        }
    }

    /// The slides' special case with the options given replacing its fields.
    func problem() throws -> TariffProblem {
        var scenario = try TariffScenario.slidesExample()
        if let utility { scenario.utility = try .init(spec: utility, field: "--utility") }
        if let usage { scenario.usage = try .init(spec: usage, field: "--usage") }
        if let unitCost { scenario.unitCost = unitCost }
        return try scenario.problem()
    }
}
