import ArgumentParser
import Foundation
import ProgressiveAuction
import SurplusCore
import TextFormatting

extension ExchangeSchedule: ExpressibleByArgument {}
extension ReserveRule: ExpressibleByArgument {}
extension PaymentRule: ExpressibleByArgument {}

/// `surplus exchange`: the multi-seller mobile-data exchange of papers 001/002.
struct ExchangeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exchange",
        abstract: "Multi-seller mobile-data exchange: opt-out buyers, progressive allocation, reserve prices, ISP fallback.")

    @Option(parsing: .unconditional, help: "Scenario file (JSON): epsilon, ispPrice, sellers, buyers.")
    var scenario: String

    @Option(parsing: .unconditional, help: "Bid fee and reserve increment epsilon > 0 (overrides the scenario's).")
    var epsilon: Double?

    @Option(name: .customLong("isp-price"), parsing: .unconditional, help: "ISP unit price p^kappa > 0 for unmet demand (overrides the scenario's).")
    var ispPrice: Double?

    @Option(parsing: .unconditional, help: "Buyer schedule: synchronous (the papers' trace) or priority (large markets); default \(ExchangeMarket.Options().schedule.rawValue).")
    var schedule: ExchangeSchedule?

    @Option(parsing: .unconditional, help: "Which bid is 'the highest losing bid' of (20): excludedElseMarginal, unserved, excludedOnly.")
    var reserveRule: ReserveRule?

    @Option(parsing: .unconditional, help: "Payment reading: reserveAsBidder, openingBid, buyersOnly.")
    var paymentRule: PaymentRule?

    @Flag(help: "Brokers (Sec. 5; off by default): when two reserves differ by more than epsilon, buy the cheaper seller's unsold data, offer it at the dearer one, and re-run the dynamics.")
    var brokers = false

    @Flag(help: "Include the round-by-round trace (bids, tentative allocations, reserves).")
    var trace = false

    @OptionGroup var output: FormatOptions
    @OptionGroup var runArguments: RunArguments

    func run() throws {
        let started = ContinuousClock.now
        let run = try runArguments.options()
        var s = try Terminal.readScenario(ExchangeScenario.self, path: scenario)
        if let epsilon { s.epsilon = epsilon }
        if let ispPrice { s.ispPrice = ispPrice }
        if let schedule { s.schedule = schedule }
        if let reserveRule { s.reserveRule = reserveRule }
        if let paymentRule { s.paymentRule = paymentRule }
        if brokers { s.brokers = true }
        let summary = try s.settle(recordTrace: trace, run: run)
        try Terminal.emit(
            runArguments.document(summary, of: Self.self, parameters: s, started: started),
            format: output.outputFormat, table: { Self.table(summary, scenario: s) }, csv: { Self.csv(summary) })
    }

    /// The trades, one row each.
    static func csv(_ r: ExchangeSummary) -> String {
        "buyer,seller,quantity,unitPrice,payment\n"
            + r.trades.map { "\($0.buyer),\($0.seller),\($0.quantity),\($0.unitPrice),\($0.payment)\n" }.joined()
    }

    static func table(_ r: ExchangeSummary, scenario: ExchangeScenario) -> String {
        var out = ""
        if let trace = r.trace {
            for round in trace {
                out += "t = \(round.round)\n"
                for s in round.sellers {
                    let bids = s.bids.map { "\($0.buyer) \(Format.fixed($0.allocated, 2))/\(Format.fixed($0.quantity, 2))@\(Format.fixed($0.price, 4))" }
                    out += "  \(s.seller): remaining \(Format.fixed(s.remaining, 2)), reserve \(Format.fixed(s.reservePrice, 4)); bids [\(bids.joined(separator: ", "))]\n"
                }
                for resp in round.responses {
                    let bids = resp.bids.map { "\($0.seller): \(Format.fixed($0.quantity, 2))@\(Format.fixed($0.price, 4))" }
                    out += "  \(resp.buyer) bids [\(bids.joined(separator: ", "))]\n"
                }
            }
            out += "\n"
        }
        var t = TextTable(title: "Trades", header: ["buyer", "seller", "quantity", "unit price", "payment"])
        for x in r.trades {
            t.append([x.buyer, x.seller, Format.fixed(x.quantity, 4), Format.fixed(x.unitPrice, 4), Format.fixed(x.payment, 4)])
        }
        out += t.render()
        var s = TextTable(title: "\nSellers", header: ["seller", "reserve price", "unsold"])
        for id in scenario.sellers.map(\.id) {
            s.append([id, Format.fixed(r.reservePrices[id] ?? 0, 4), Format.fixed(r.unsoldSupply[id] ?? 0, 4)])
        }
        out += s.render()
        let unmet = scenario.buyers.map(\.id).compactMap { id in r.unmetDemand[id].flatMap { $0 > 0 ? (id, $0) : nil } }
        if !unmet.isEmpty {
            out += "unmet demand: " + unmet.map { "\($0.0) \(Format.fixed($0.1, 4))" }.joined(separator: ", ") + "\n"
        }
        out += "rounds \(r.rounds), converged \(r.converged) (\(r.terminationRule)); schedule \(r.schedule), reserve rule \(r.reserveRule), payment rule \(r.paymentRule)\n"
        out += "welfare \(Format.fixed(r.welfare, 4)) of optimal \(Format.fixed(r.optimalWelfare, 4)) (\(Format.percent(r.efficiency, 2)))\n"
        return out
    }
}
