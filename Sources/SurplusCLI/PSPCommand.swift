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

    @Option(help: "Scenario file (JSON): quantity, epsilon, and bids or players.")
    var scenario: String

    @Option(help: "Bid fee epsilon > 0 (overrides the scenario's).")
    var epsilon: Double?

    @Option(help: "Update schedule of the dynamics: asynchronous (default) or synchronous.")
    var schedule: UpdateSchedule?

    @Option(help: "Round limit of the dynamics (default 10000).")
    var maxRounds: Int?

    @OptionGroup var output: FormatOptions

    /// The JSON result (field names are a contract).
    struct Report: Codable {
        struct NamedBid: Codable {
            var id: String
            var quantity: Double
            var price: Double
        }
        var mode: String
        var quantity: Double
        var epsilon: Double
        var bids: [NamedBid]
        var allocations: [String: Double]
        var payments: [String: Double]
        var utilities: [String: Double]?
        var rounds: Int
        var moves: Int
        var converged: Bool
        var terminationRule: String
        var cycleDetectedAtRound: Int?
        var welfare: Double
        var optimalWelfare: Double
        var optimalPrice: Double?
        var efficiency: Double
    }

    func run() throws {
        try output.requireNotCSV()
        var s = try Terminal.readScenario(PSPScenario.self, path: scenario)
        if let epsilon { s.epsilon = epsilon }
        if let schedule { s.schedule = schedule }
        if let maxRounds { s.maxRounds = maxRounds }
        try s.validate()
        let report = try Self.report(for: s)
        switch output.format {
        case .json: try Terminal.printJSON(report)
        default: Terminal.print(Self.table(report), terminator: "")
        }
    }

    static func report(for s: PSPScenario) throws -> Report {
        let market = try PSPMarket(quantity: s.quantity, epsilon: s.epsilon)
        if let named = s.bids {
            let bids = named.map { Bid(quantity: $0.quantity, price: $0.price) }
            let clearing = try market.clear(bids)
            // Declared values stand in for valuations: welfare = sum p_i a_i,
            // against the best use of Q at the declared prices.
            let welfare = zip(bids, clearing.allocations).reduce(0) { $0 + $1.0.price * $1.1 }
            let optimum = WaterFilling.optimum(
                quantity: s.quantity, valuations: bids.map { .linear(unitValue: max($0.price, .leastNonzeroMagnitude), cap: max($0.quantity, .leastNonzeroMagnitude)) })
            return Report(
                mode: "clear", quantity: s.quantity, epsilon: s.epsilon,
                bids: named.map { Report.NamedBid(id: $0.id, quantity: $0.quantity, price: $0.price) },
                allocations: Dictionary(uniqueKeysWithValues: zip(named.map(\.id), clearing.allocations)),
                payments: Dictionary(uniqueKeysWithValues: zip(named.map(\.id), clearing.payments)),
                utilities: nil, rounds: 0, moves: 0, converged: true, terminationRule: "clearedOnce",
                cycleDetectedAtRound: nil, welfare: welfare, optimalWelfare: optimum.welfare, optimalPrice: nil,
                efficiency: optimum.welfare > 0 ? welfare / optimum.welfare : 1)
        }
        let players = s.players ?? []
        let dynamics = try PSPDynamics(market: market, valuations: players.map(\.valuation))
        let result = dynamics.run(
            options: .init(schedule: s.schedule ?? .asynchronous, maxRounds: s.maxRounds ?? 10_000),
            progress: Terminal.progressBar())
        let ids = players.map(\.id)
        return Report(
            mode: "dynamics", quantity: s.quantity, epsilon: s.epsilon,
            bids: zip(ids, result.bids).map { Report.NamedBid(id: $0.0, quantity: $0.1.quantity, price: $0.1.price) },
            allocations: Dictionary(uniqueKeysWithValues: zip(ids, result.allocations)),
            payments: Dictionary(uniqueKeysWithValues: zip(ids, result.payments)),
            utilities: Dictionary(uniqueKeysWithValues: zip(ids, result.utilities)),
            rounds: result.rounds, moves: result.moves, converged: result.converged,
            terminationRule: result.terminationRule.rawValue, cycleDetectedAtRound: result.cycleDetectedAtRound,
            welfare: result.welfare, optimalWelfare: result.optimalWelfare, optimalPrice: result.optimalPrice,
            efficiency: result.optimalWelfare > 0 ? result.welfare / result.optimalWelfare : 1)
    }

    static func table(_ r: Report) -> String {
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
