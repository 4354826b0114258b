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

    @Option(parsing: .unconditional, help: "Utility u(y) = A y^alpha, as power:A:ALPHA (0 < alpha < 1; default: the slides' sqrt(y)).")
    var utility: String?

    @Option(parsing: .unconditional, help: "Usage-frequency law: uniform:LO:HI or beta:A:B (default: the slides' U[0, 1]).")
    var usage: String?

    @Option(name: .customLong("unit-cost"), parsing: .unconditional, help: "Cost of one unit of capacity, C(Q) = unit-cost x Q (default: the slides' 1).")
    var unitCost: Double?

    @Option(name: .customLong("menu-points"), parsing: .unconditional, help: "Number of menu entries from t* to the top usage.")
    var menuPoints: Int = TariffProblem.defaultMenuPoints

    @OptionGroup var runArguments: RunArguments
    @OptionGroup var output: FormatOptions

    /// Every parameter of the menu: the problem and how finely it is drawn.
    struct Parameters: Encodable {
        let problem: TariffScenario
        let menuPoints: Int
    }

    func run() throws {
        let started = ContinuousClock.now
        // The solve is deterministic and serial; `--seed` and `--threads` are accepted like
        // every command's (and validated), so scripts and sweeps can pass them uniformly.
        _ = try runArguments.options()
        let scenario = try scenario()
        let problem = try scenario.problem()
        let menu = try problem.solve(menuPoints: menuPoints)
        try Terminal.emit(
            runArguments.document(menu, of: Self.self, parameters: Parameters(problem: scenario, menuPoints: menuPoints), started: started),
            format: output.outputFormat, table: { Self.table(menu, problem: problem) }, csv: { Self.csv(menu) })
    }

    static func csv(_ menu: TariffMenu) -> String {
        "usage,payment,allocation,netBenefit,standAloneBenefit\n"
            + menu.menu.map { "\($0.usage),\($0.payment),\($0.allocation),\($0.netBenefit),\($0.standAloneBenefit)\n" }.joined()
    }

    static func table(_ menu: TariffMenu, problem: TariffProblem) -> String {
        var summary = TextTable(
            title: "Grid-computing tariff: u = \(problem.utility), usage ~ \(problem.usage.label)", header: ["quantity", "value"])
        summary.append(["exclusion threshold t*", Format.fixed(menu.exclusionThreshold, 4)])
        summary.append(["share excluded", Format.percent(menu.excludedShare, 2)])
        summary.append(["welfare per agent", Format.fixed(menu.welfarePerAgent, 4)])
        summary.append(["central planner per agent", Format.fixed(menu.centralWelfarePerAgent, 4)])
        summary.append(["multiplier mu", Format.fixed(menu.multiplier, 4)])
        var t = TextTable(title: "Menu", header: ["usage a", "payment p(a)", "allocation y(a)", "net benefit x1(a)", "alone"])
        for o in menu.menu {
            t.append([Format.fixed(o.usage, 4), Format.fixed(o.payment, 4), Format.fixed(o.allocation, 4),
                      Format.fixed(o.netBenefit, 4), Format.fixed(o.standAloneBenefit, 4)])
        }
        return summary.render() + "\n" + t.render()
    }

    /// The slides' special case with the options given replacing its fields.
    func scenario() throws -> TariffScenario {
        var scenario = try TariffScenario.slidesExample()
        if let utility { scenario.utility = try .init(spec: utility, field: "--utility") }
        if let usage { scenario.usage = try .init(spec: usage, field: "--usage") }
        if let unitCost { scenario.unitCost = unitCost }
        return scenario
    }
}
