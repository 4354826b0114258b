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

    @Option(help: "Scenario file (JSON): epsilon, ispPrice, sellers, buyers.")
    var scenario: String

    @Option(help: "Bid fee and reserve increment epsilon > 0 (overrides the scenario's).")
    var epsilon: Double?

    @Option(name: .customLong("isp-price"), help: "ISP unit price p^kappa > 0 for unmet demand (overrides the scenario's).")
    var ispPrice: Double?

    @Option(help: "Buyer schedule: synchronous (the papers' trace) or priority (large markets).")
    var schedule: ExchangeSchedule?

    @Option(help: "Which bid is 'the highest losing bid' of (20): excludedElseMarginal, unserved, excludedOnly.")
    var reserveRule: ReserveRule?

    @Option(help: "Payment reading: reserveAsBidder, openingBid, buyersOnly.")
    var paymentRule: PaymentRule?

    @Flag(help: "Brokers (Sec. 5; off by default): when two reserves differ by more than epsilon, buy the cheaper seller's unsold data, offer it at the dearer one, and re-run the dynamics.")
    var brokers = false

    @Flag(help: "Include the round-by-round trace (bids, tentative allocations, reserves).")
    var trace = false

    @OptionGroup var output: FormatOptions

    /// The JSON result (field names are a contract).
    struct Report: Codable {
        var trades: [ExchangeTrade]
        var reservePrices: [String: Double]
        var unmetDemand: [String: Double]
        var unsoldSupply: [String: Double]
        var utilities: [String: Double]
        var rounds: Int
        var converged: Bool
        var terminationRule: String
        var cycleDetectedAtRound: Int?
        var patienceExhaustedAtRound: Int?
        var welfare: Double
        var optimalWelfare: Double
        var efficiency: Double
        var epsilon: Double
        var ispPrice: Double?
        var schedule: String
        var reserveRule: String
        var paymentRule: String
        var brokers: Bool
        /// The brokers' profit (0 when brokers are off or never act).
        var brokerProfit: Double
        var trace: [ExchangeRound]?
    }

    func run() throws {
        try output.requireNotCSV()
        var s = try Terminal.readScenario(ExchangeScenario.self, path: scenario)
        if let epsilon { s.epsilon = epsilon }
        if let ispPrice { s.ispPrice = ispPrice }
        if let schedule { s.schedule = schedule }
        if let reserveRule { s.reserveRule = reserveRule }
        if let paymentRule { s.paymentRule = paymentRule }
        if brokers { s.brokers = true }
        let (report, o) = try Self.report(for: s, trace: trace, progress: Terminal.progressBar())
        switch output.format {
        case .json: try Terminal.printJSON(report)
        default: Terminal.print(Self.table(report, outcome: o), terminator: "")
        }
    }

    /// Settles the scenario and builds the JSON result.
    static func report(
        for s: ExchangeScenario, trace: Bool = false, progress: ProgressHandler? = nil
    ) throws -> (Report, ExchangeOutcome) {
        let market = try s.market()
        let options = ExchangeMarket.Options(
            schedule: s.schedule ?? .synchronous, reserveRule: s.reserveRule ?? .excludedElseMarginal,
            paymentRule: s.paymentRule ?? .reserveAsBidder, recordTrace: trace, brokers: s.brokers ?? false)
        let o = market.settle(options: options, progress: progress)
        let report = Report(
            trades: o.trades,
            reservePrices: Dictionary(uniqueKeysWithValues: o.reservePrices.map { ($0.seller, $0.price) }),
            unmetDemand: Dictionary(uniqueKeysWithValues: o.unmetDemand.map { ($0.buyer, $0.quantity) }),
            unsoldSupply: Dictionary(uniqueKeysWithValues: o.unsoldSupply.map { ($0.seller, $0.quantity) }),
            utilities: Dictionary(uniqueKeysWithValues: o.utilities.map { ($0.buyer, $0.utility) }),
            rounds: o.rounds, converged: o.converged, terminationRule: o.terminationRule.rawValue,
            cycleDetectedAtRound: o.cycleDetectedAtRound, patienceExhaustedAtRound: o.patienceExhaustedAtRound, welfare: o.welfare, optimalWelfare: o.optimalWelfare,
            efficiency: o.optimalWelfare > 0 ? o.welfare / o.optimalWelfare : 1,
            epsilon: market.epsilon, ispPrice: market.ispPrice, schedule: options.schedule.rawValue,
            reserveRule: options.reserveRule.rawValue, paymentRule: options.paymentRule.rawValue, brokers: options.brokers,
            brokerProfit: o.brokerProfit, trace: o.trace)
        return (report, o)
    }

    static func table(_ r: Report, outcome o: ExchangeOutcome) -> String {
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
        for (id, p) in o.reservePrices {
            s.append([id, Format.fixed(p, 4), Format.fixed(r.unsoldSupply[id] ?? 0, 4)])
        }
        out += s.render()
        let unmet = o.unmetDemand.filter { $0.quantity > 0 }
        if !unmet.isEmpty {
            out += "unmet demand: " + unmet.map { "\($0.buyer) \(Format.fixed($0.quantity, 4))" }.joined(separator: ", ") + "\n"
        }
        out += "rounds \(r.rounds), converged \(r.converged) (\(r.terminationRule)); schedule \(r.schedule), reserve rule \(r.reserveRule), payment rule \(r.paymentRule)\n"
        out += "welfare \(Format.fixed(r.welfare, 4)) of optimal \(Format.fixed(r.optimalWelfare, 4)) (\(Format.percent(r.efficiency, 2)))\n"
        return out
    }
}
