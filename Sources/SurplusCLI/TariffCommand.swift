import ArgumentParser
import Foundation
import Provisioning
import TextFormatting

/// `surplus tariff`: the optimal grid-computing tariff menu (slides 003, rivalrous excludable case).
struct TariffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tariff",
        abstract: "Optimal incentive-compatible tariff menu {p(a), y(a)} for grid computing (slides 003).",
        discussion: "Defaults reproduce the slides: u(y) = sqrt(y), usage a ~ U[0, 1], C(Q) = Q."
    )

    @Option(help: "Utility u(y) = A y^alpha, as power:A:ALPHA (0 < alpha < 1).")
    var utility: String = "power:1:1/2"

    @Option(help: "Usage-frequency law: uniform:LO:HI or beta:A:B.")
    var usage: String = "uniform:0:1"

    @Option(name: .customLong("unit-cost"), help: "Cost of one unit of capacity (C(Q) = unit-cost x Q).")
    var unitCost: Double = 1

    @Option(name: .customLong("menu-points"), help: "Number of menu entries from t* to the top usage.")
    var menuPoints: Int = 11

    @OptionGroup var output: FormatOptions

    func run() throws {
        let u = try ModelSpec.utility(utility)
        guard let power = u.powerLaw else { throw CommandError("--utility: a power law is required") }
        let problem = try TariffProblem(
            utility: power, usage: ModelSpec.types(usage, field: "--usage"), unitCost: unitCost)
        let menu = try problem.solve(menuPoints: menuPoints)
        switch output.format {
        case .json: try Terminal.printJSON(menu)
        case .csv:
            Terminal.print("usage,payment,allocation,netBenefit,standAloneBenefit")
            for o in menu.menu { Terminal.print("\(o.usage),\(o.payment),\(o.allocation),\(o.netBenefit),\(o.standAloneBenefit)") }
        case .table:
            var summary = TextTable(title: "Grid-computing tariff: u = \(u.name), usage ~ \(usage)", header: ["quantity", "value"])
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
}
