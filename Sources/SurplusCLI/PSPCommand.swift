import ArgumentParser
import Foundation
import ProgressiveAuction
import TextFormatting

extension UpdateSchedule: ExpressibleByArgument {}

/// `surplus psp`: a single-resource progressive second price auction.
struct PSPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "psp",
        abstract: "Single-resource progressive second price auction: clear bids, or run epsilon-best-reply dynamics.",
        discussion: """
            A scenario with "bids" clears them once (allocation rule (5), cost rule (6)); one with "players" \
            runs the truthful epsilon-best-reply dynamics from zero bids (Lazar-Semret; paper 002, Prop. 2).
            """)

    @Option(parsing: .unconditional, help: "Scenario file (JSON): quantity, epsilon, and bids or players.")
    var scenario: String

    @Option(parsing: .unconditional, help: "Bid fee epsilon > 0 (overrides the scenario's).")
    var epsilon: Double?

    @Option(parsing: .unconditional, help: "Update schedule of the dynamics: asynchronous or synchronous (default \(PSPDynamics.Options().schedule.rawValue)).")
    var schedule: UpdateSchedule?

    @Option(parsing: .unconditional, help: "Round limit of the dynamics (default \(PSPDynamics.Options().maxRounds)).")
    var maxRounds: Int?

    @OptionGroup var output: FormatOptions
    @OptionGroup var runArguments: RunArguments

    func run() throws {
        let started = ContinuousClock.now
        let run = try runArguments.options()
        var s = try Terminal.readScenario(PSPScenario.self, path: scenario)
        if let epsilon { s.epsilon = epsilon }
        if let schedule { s.schedule = schedule }
        if let maxRounds { s.maxRounds = maxRounds }
        let summary = try s.run(run)
        try Terminal.emit(
            runArguments.document(summary, of: Self.self, parameters: s, started: started),
            format: output.outputFormat, table: { Self.table(summary) }, csv: { Self.csv(summary) })
    }

    /// The rounds of the dynamics (`round,moves`), or the cleared bids' rows.
    static func csv(_ r: PSPSummary) -> String {
        guard r.movesPerRound.isEmpty else {
            return "round,moves\n" + r.movesPerRound.enumerated().map { "\($0.offset + 1),\($0.element)\n" }.joined()
        }
        return "bidder,quantity,price,allocation,payment\n"
            + r.bids.map { "\($0.id),\($0.quantity),\($0.price),\(r.allocations[$0.id] ?? 0),\(r.payments[$0.id] ?? 0)\n" }.joined()
    }

    static func table(_ r: PSPSummary) -> String {
        var t = TextTable(
            title: "PSP auction, Q = \(Format.fixed(r.quantity, 2)), epsilon = \(Format.fixed(r.epsilon, 4)) (\(r.mode))",
            header: ["bidder", "quantity", "price", "allocation", "payment"] + (r.utilities == nil ? [] : ["utility"]))
        for b in r.bids {
            var row = [b.id, Format.fixed(b.quantity, 4), Format.fixed(b.price, 4),
                       Format.fixed(r.allocations[b.id] ?? 0, 4), Format.fixed(r.payments[b.id] ?? 0, 4)]
            if let u = r.utilities { row.append(Format.fixed(u[b.id] ?? 0, 4)) }
            t.append(row)
        }
        var out = t.render()
        out += "rounds \(r.rounds), moves \(r.moves), converged \(r.converged) (\(r.terminationRule))\n"
        out += "welfare \(Format.fixed(r.welfare, 4)) of optimal \(Format.fixed(r.optimalWelfare, 4)) (\(Format.percent(r.efficiency, 2)))\n"
        return out
    }
}
