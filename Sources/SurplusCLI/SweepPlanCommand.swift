import ArgumentParser
import Experiments
import Foundation
import SurplusCore
import TextFormatting

/// `surplus sweep plan`: enumerates a spec's points and seeds into a plan file.
struct SweepPlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan", abstract: "Enumerate a sweep spec's points and replicate seeds, with the plan's hash.")

    @Option(help: "Sweep spec (JSON: command, seed, replicates, parameters, samples, fixed, record).") var spec: String
    @Option(help: "Plan file to write.") var out: String
    @OptionGroup var output: SummaryFormatOptions

    /// The commands a sweep may run: every command but those that sweep, serve or write folders.
    static let excluded: Set<String> = ["sweep", "optimize", "reproduce", "serve", "agents"]

    struct Summary: Encodable {
        let hash: String
        /// The command each point runs (the document's own `command` is `sweep plan`).
        let sweptCommand: String
        let points: Int
        let replicates: Int
        let rows: Int
        let plan: String
    }

    func run() throws {
        let started = ContinuousClock.now
        let spec = try SweepFiles.readSpec(self.spec)
        let commands = Surplus.configuration.subcommands.map { $0.configuration.commandName ?? "" }
        guard commands.contains(spec.command), !Self.excluded.contains(spec.command) else {
            throw SweepError.usage(
                "command = \(spec.command) is invalid: expected one of \(commands.filter { !Self.excluded.contains($0) }.joined(separator: ", "))")
        }
        let plan = try SweepPlan(spec: spec, toolVersion: ToolVersion.current)
        try Self.checkOptions(plan)
        try SweepFiles.writeAtomically(try JSONEncoder().encode(plan), to: out)
        let summary = Summary(
            hash: plan.hash, sweptCommand: spec.command, points: plan.points.count, replicates: spec.replicates, rows: plan.rowCount, plan: out)
        try Terminal.emit(
            ResultDocument(
                result: summary, command: "sweep plan", seed: spec.seed, parameters: spec,
                timing: Timing(since: started, threads: 1)),
            format: output.outputFormat,
            table: {
                "plan \(plan.hash.prefix(12)): \(plan.points.count) points x \(spec.replicates) replicates = "
                    + "\(plan.rowCount) runs of surplus \(spec.command), written to \(out)\n"
            })
    }

    /// Parses (without running) the command line of a few rows, so that a misspelt option or
    /// a value the command refuses fails here and not on the cluster: the first point, then
    /// each value of each list or range with the other parameters as in the first point.
    static func checkOptions(_ plan: SweepPlan) throws {
        var rows: Set<Int> = [0]
        for (i, _) in plan.spec.parameterNames.enumerated() {
            var seen: Set<ParameterValue> = [plan.points[0][i]]
            for (p, point) in plan.points.enumerated() where !seen.contains(point[i])
                && zip(point.indices, point).allSatisfy({ $0 == i || $1 == plan.points[0][$0] }) {
                seen.insert(point[i])
                rows.insert(plan.row(point: p, replicate: 0))
            }
        }
        for row in rows.sorted() {
            let arguments = plan.arguments(row: row)
            do {
                _ = try Surplus.parseAsRoot(arguments)
            } catch {
                let reason = Surplus.message(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
                throw SweepError.usage("surplus \(arguments.joined(separator: " ")): \(reason)")
            }
        }
    }
}
