import ArgumentParser
import Foundation
import Provisioning
import TextFormatting

/// `surplus bridge`: the slides' bridge example (003): first best, second-best fee rules, fixed fee.
struct BridgeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bridge",
        abstract: "The bridge example of slides 003: welfare, budget balance, IR and IC of each fee rule."
    )

    @Option(name: .customLong("grid-points"), help: "Grid points per axis for the budget, IR and IC audits.")
    var gridPoints: Int = 41

    @OptionGroup var output: FormatOptions

    struct Report: Codable {
        var firstBestWelfare: Double
        var secondBestThreshold: Double
        var rules: [Bridge.Audit]
    }

    func run() throws {
        try output.requireNotCSV()
        let report = Report(
            firstBestWelfare: Bridge.firstBestWelfare(), secondBestThreshold: try Bridge.secondBestThresholdByRoot(),
            rules: try Bridge.FeeRule.allCases.map { try Bridge.audit($0, gridPoints: gridPoints) })
        if output.format == .json { return try Terminal.printJSON(report) }
        Terminal.print("First best \(Format.fixed(report.firstBestWelfare, 6)); the second best builds iff theta1 + theta2 >= \(Format.fixed(report.secondBestThreshold, 6))\n")
        var t = TextTable(
            header: ["rule", "welfare", "E[budget]", "max ex-post imbalance", "min interim utility", "min ex-post utility",
                     "max interim gain", "max ex-post gain", "min fee", "max fee if not built"])
        for a in report.rules {
            t.append([a.rule.rawValue] + [a.welfare, a.expectedBudgetSurplus, a.maxExPostImbalance, a.minInterimUtility,
                                          a.minExPostUtility, a.maxInterimDeviationGain, a.maxExPostDeviationGain,
                                          a.minFee, a.maxFeeWhenNotBuilt].map { Format.fixed($0, 6) })
        }
        Terminal.print(t.render(), terminator: "")
    }
}
