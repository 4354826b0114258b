import ArgumentParser
import Foundation
import Provisioning
import TextFormatting

/// `surplus bridge`: the slides' bridge example (003): first best, second-best fee rules, fixed fee.
struct BridgeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bridge",
        abstract: "The bridge example of slides 003: welfare, budget balance, IR and IC of each fee rule.",
        discussion: "Every value is an exact quadrature or a grid audit: --seed changes nothing, --threads only how many rules are audited at once."
    )

    @Option(name: .customLong("grid-points"), parsing: .unconditional, help: "Grid points per axis for the budget, IR and IC audits.")
    var gridPoints: Int = Bridge.defaultGridPoints

    @OptionGroup var runArguments: RunArguments

    @OptionGroup var output: FormatOptions

    /// Every parameter of the audit.
    struct Parameters: Encodable { let gridPoints: Int }

    func run() throws {
        let started = ContinuousClock.now
        let summary = try Bridge.summary(gridPoints: gridPoints, run: runArguments.options())
        try Terminal.emit(
            runArguments.document(summary, of: Self.self, parameters: Parameters(gridPoints: gridPoints), started: started),
            format: output.outputFormat, table: { Self.table(summary) }, csv: { Self.csv(summary) })
    }

    static func columns(_ a: Bridge.Audit) -> [Double] {
        [a.welfare, a.expectedBudgetSurplus, a.maxExPostImbalance, a.minInterimUtility, a.minExPostUtility,
         a.maxInterimDeviationGain, a.maxExPostDeviationGain, a.minFee, a.maxFeeWhenNotBuilt]
    }

    /// One row per fee rule.
    static func csv(_ summary: Bridge.Summary) -> String {
        "rule,welfare,expectedBudgetSurplus,maxExPostImbalance,minInterimUtility,minExPostUtility,"
            + "maxInterimDeviationGain,maxExPostDeviationGain,minFee,maxFeeWhenNotBuilt\n"
            + summary.rules.map { a in ([a.rule.rawValue] + columns(a).map { "\($0)" }).joined(separator: ",") + "\n" }.joined()
    }

    static func table(_ summary: Bridge.Summary) -> String {
        let text = "First best \(Format.fixed(summary.firstBestWelfare, 6)); the second best builds iff theta1 + theta2 >= \(Format.fixed(summary.secondBestThreshold, 6))\n\n"
        var t = TextTable(
            header: ["rule", "welfare", "E[budget]", "max ex-post imbalance", "min interim utility", "min ex-post utility",
                     "max interim gain", "max ex-post gain", "min fee", "max fee if not built"])
        for a in summary.rules { t.append([a.rule.rawValue] + columns(a).map { Format.fixed($0, 6) }) }
        return text + t.render()
    }
}
