import Foundation
import HTTPTypes
import HummingbirdTesting
import SurplusTestSupport
import Testing

/// Live equals offline over HTTP: Example 1 of papers 001/002 (two sellers, five managed
/// buyers) entered through the API settles with the trades and payments that
/// `surplus exchange --scenario Scenarios/data-exchange-example.json` prints.
@Suite("Example 1 over HTTP")
struct ExchangeExampleTests {
    static let scenarioPath = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Scenarios/data-exchange-example.json").path

    struct Trade: Codable, Equatable, Sendable, CustomStringConvertible {
        var buyer: String, seller: String, quantity: Double, unitPrice: Double, payment: Double
        var description: String { "\(buyer)<-\(seller) \(quantity)@\(unitPrice) = \(payment)" }
    }

    /// The fields of the scenario file and of the two results this test reads.
    struct Scenario: Decodable, Sendable {
        struct Seller: Decodable, Sendable { var id: String, quantity: Double }
        struct Buyer: Decodable, Sendable { var id: String, demand: Double, unitPrice: Double }
        var epsilon: Double, ispPrice: Double, sellers: [Seller], buyers: [Buyer]
    }

    struct Settlement: Decodable, Sendable {
        var trades: [Trade]
        var rounds: Int
    }

    struct ClosedRound: Decodable, Sendable {
        var number: Int
        var settled: Bool
        var trades: [Trade]
    }

    @Test("the same trades, quantities, unit prices and payments as surplus exchange")
    func liveEqualsOffline() async throws {
        let run = CommandRun(["exchange", "--scenario", Self.scenarioPath, "--format", "json"])
        #expect(run.status == 0, "\(run)")
        let offline = try JSONDecoder().decode(Settlement.self, from: Data(run.standardOutput.utf8))
        let scenario = try JSONDecoder().decode(Scenario.self, from: Data(contentsOf: URL(fileURLWithPath: Self.scenarioPath)))
        #expect(!offline.trades.isEmpty)

        let live: [Trade] = try await ServerHarness.withServer { client, _ in
            let market = try await client.exchange(#"{"epsilon": \#(scenario.epsilon), "ispPrice": \#(scenario.ispPrice)}"#)
            // p1, p2 the sellers, p3... the buyers, in the scenario's order.
            var names: [String: String] = ["isp": "ISP"]
            for seller in scenario.sellers {
                let p = try await client.participant(seller.id)
                names[p.id] = seller.id
                let offer = try await client.call(.post, "/v1/markets/\(market)/offers", key: p.key, idempotency: "offer",
                                                  json: #"{"quantity": \#(seller.quantity)}"#)
                #expect(offer.status == 201, "\(offer)")
            }
            for buyer in scenario.buyers {
                let p = try await client.participant(buyer.id)
                names[p.id] = buyer.id
                try await client.deposit("500", to: p.id)
                let bid = try await client.call(.post, "/v1/markets/\(market)/bids", key: p.key, idempotency: "bid",
                                                json: #"{"demand": \#(buyer.demand), "unitPrice": \#(buyer.unitPrice), "strategy": "managed"}"#)
                #expect(bid.status == 201, "\(bid)")
            }
            var last: ClosedRound?
            for n in 1...50 {
                let answer = try await client.call(.post, "/v1/markets/\(market)/rounds/close", key: ServerHarness.adminKey, idempotency: "close-\(n)")
                #expect(answer.status == 200, "\(answer)")
                last = try answer.decode(ClosedRound.self)
                if last?.settled == true { break }
            }
            let closed = try #require(last)
            #expect(closed.settled, "settled within 50 rounds")
            #expect(closed.number == offline.rounds, "as many rounds as the offline run")
            // The ledger moved exactly the payments.
            let ledger = try await client.call(.get, "/v1/ledger", key: ServerHarness.adminKey)
            #expect(ledger.json["balanced"] as? Bool == true)
            return closed.trades.map { t in
                Trade(buyer: names[t.buyer] ?? "?", seller: names[t.seller] ?? "?", quantity: t.quantity, unitPrice: t.unitPrice, payment: t.payment)
            }
        }
        #expect(live.count == offline.trades.count, "live \(live) offline \(offline.trades)")
        for (l, o) in zip(live, offline.trades) {
            #expect(l.buyer == o.buyer && l.seller == o.seller && l.quantity == o.quantity && l.unitPrice == o.unitPrice, "\(l) vs \(o)")
            // The ledger posts whole micro-units, rounded toward zero (LiveMarkets' MoneyRounding).
            #expect(l.payment == (o.payment * 1e6).rounded(.towardZero) / 1e6, "\(l) vs \(o)")
        }
    }
}
