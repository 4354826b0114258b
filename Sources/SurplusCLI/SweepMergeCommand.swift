import ArgumentParser
import Experiments
import Foundation
import Reports
import SurplusCore

/// `surplus sweep merge`: checks every shard against the plan and writes one table.
struct SweepMergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge a sweep's shards into one CSV (and JSON, and a chart), checking every run is there once.")

    @Option(help: "Plan file written by `surplus sweep plan`.") var plan: String
    @Option(name: .customLong("in"), help: "Folder of the shard files.") var input: String
    @Option(help: "CSV file to write: point, replicate, seed, every parameter, the recorded fields.") var out: String
    @Option(help: "JSON file to write as well.") var json: String?
    @Option(help: "SVG chart to write: --y against --x, a series per value of --series, error bars over replicates.")
    var plot: String?
    @Option(help: "Parameter on the chart's x axis.") var x: String?
    @Option(help: "Recorded field on the chart's y axis.") var y: String?
    @Option(help: "Parameter whose values are the chart's series.") var series: String?
    @Option(name: .customLong("where"), help: "Keep the rows with PARAM=VALUE for the chart (repeatable).")
    var filters: [String] = []

    func validate() throws {
        if plot != nil && (x == nil || y == nil) { throw ValidationError("--plot needs --x PARAM and --y FIELD") }
        if plot == nil, let option = [("--x", x), ("--y", y), ("--series", series)].first(where: { $0.1 != nil })?.0 ?? (filters.isEmpty ? nil : "--where") {
            throw ValidationError("\(option) applies only with --plot")
        }
        if let bad = filters.first(where: { !$0.contains("=") }) { throw ValidationError("--where \(bad): expected PARAM=VALUE") }
    }

    func run() throws {
        let plan = try SweepFiles.readPlan(self.plan)
        let table = try SweepTable.merge(plan: plan, shards: try SweepFiles.readShards(in: input))
        // Charts first: a bad --x fails before any file is written.
        let chart = try plot.map { _ in try self.chart(table) }
        try SweepFiles.writeAtomically(Data(table.csv().utf8), to: out)
        if let json { try SweepFiles.writeAtomically(try table.json(), to: json) }
        if let plot, let chart {
            do {
                try SweepFiles.writeAtomically(Data(try ChartLayout(chart).svg().utf8), to: plot)
            } catch let error as ChartError {
                throw SweepError.usage("--plot: \(error)")
            }
        }
        Terminal.standardError("\(table.rows.count) runs of plan \(plan.hash.prefix(12)) merged into \(out)")
    }

    private func chart(_ table: SweepTable) throws -> Chart {
        guard let x, let y else { throw ValidationError("--plot needs --x PARAM and --y FIELD") }
        var where_: [String: String] = [:]
        for filter in filters {
            let parts = filter.split(separator: "=", maxSplits: 1).map(String.init)
            where_[parts[0]] = parts.count > 1 ? parts[1] : ""
        }
        let summary = try SweepSummary(table, x: x, y: y, series: series, filters: where_)
        let replicates = table.plan.spec.replicates
        let kept = where_.keys.sorted().map { "\($0) = \(where_[$0] ?? "")" }
        let mean = "mean of \(replicates) replicate\(replicates == 1 ? "" : "s")" + (replicates > 1 ? " ± s.e." : "")
        return Chart(
            title: "\(y) against \(x), surplus \(table.plan.spec.command) (" + (kept + [mean]).joined(separator: "; ") + ")",
            x: Axis(x), y: Axis(y),
            series: summary.lines.map { line in
                Series(
                    line.name, style: .line, x: line.points.map(\.x), y: line.points.map(\.mean),
                    yErrors: replicates > 1 ? line.points.map(\.standardError) : nil)
            })
    }
}
