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

    struct Trade: Equatable, CustomStringConvertible {
        var buyer: String, seller: String, quantity: Double, unitPrice: Double, payment: Double
        var description: String { "\(buyer)<-\(seller) \(quantity)@\(unitPrice) = \(payment)" }
    }

    @Test("the same trades, quantities, unit prices and payments as surplus exchange")
    func liveEqualsOffline() async throws {
        let run = CommandRun(["exchange", "--scenario", Self.scenarioPath, "--format", "json"])
        #expect(run.status == 0, "\(run)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
        let scenario = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: Self.scenarioPath))) as? [String: Any])
        let sellers = try #require(scenario["sellers"] as? [[String: Any]])
        let buyers = try #require(scenario["buyers"] as? [[String: Any]])
        let offline = try #require(document["trades"] as? [[String: Any]]).map { t in
            Trade(buyer: t["buyer"] as? String ?? "", seller: t["seller"] as? String ?? "", quantity: t["quantity"] as? Double ?? -1,
                  unitPrice: t["unitPrice"] as? Double ?? -1, payment: t["payment"] as? Double ?? -1)
        }
        #expect(!offline.isEmpty)

        let live: [Trade] = try await ServerHarness.withServer { client, _ in
            let market = try await client.exchange(#"{"epsilon": \#(scenario["epsilon"] ?? 0), "ispPrice": \#(scenario["ispPrice"] ?? 0)}"#)
            // p1, p2 the sellers, p3... the buyers, in the scenario's order.
            var names: [String: String] = ["isp": "ISP"]
            for seller in sellers {
                let name = try #require(seller["id"] as? String)
                let p = try await client.participant(name)
                names[p.id] = name
                let offer = try await client.call(.post, "/v1/markets/\(market)/offers", key: p.key, idempotency: "offer",
                                                  json: #"{"quantity": \#(seller["quantity"] ?? 0)}"#)
                #expect(offer.status == 201, "\(offer)")
            }
            for buyer in buyers {
                let name = try #require(buyer["id"] as? String)
                let p = try await client.participant(name)
                names[p.id] = name
                try await client.deposit("500", to: p.id)
                let bid = try await client.call(.post, "/v1/markets/\(market)/bids", key: p.key, idempotency: "bid",
                                                json: #"{"demand": \#(buyer["demand"] ?? 0), "unitPrice": \#(buyer["unitPrice"] ?? 0), "strategy": "managed"}"#)
                #expect(bid.status == 201, "\(bid)")
            }
            var last = Answer(status: 0, headers: [:], body: Data())
            for n in 1...50 {
                last = try await client.call(.post, "/v1/markets/\(market)/rounds/close", key: ServerHarness.adminKey, idempotency: "close-\(n)")
                #expect(last.status == 200, "\(last)")
                if last.json["settled"] as? Bool == true { break }
            }
            #expect(last.json["settled"] as? Bool == true, "settled within 50 rounds")
            #expect(last.json["number"] as? Int == document["rounds"] as? Int, "as many rounds as the offline run")
            let trades = try #require(last.json["trades"] as? [[String: Any]], "\(last)")
            // The ledger moved exactly the payments.
            let ledger = try await client.call(.get, "/v1/ledger", key: ServerHarness.adminKey)
            #expect(ledger.json["balanced"] as? Bool == true)
            return trades.map { t in
                Trade(buyer: names[t["buyer"] as? String ?? ""] ?? "?", seller: names[t["seller"] as? String ?? ""] ?? "?",
                      quantity: t["quantity"] as? Double ?? -1, unitPrice: t["unitPrice"] as? Double ?? -1, payment: t["payment"] as? Double ?? -1)
            }
        }
        #expect(live.count == offline.count, "live \(live) offline \(offline)")
        for (l, o) in zip(live, offline) {
            #expect(l.buyer == o.buyer && l.seller == o.seller && l.quantity == o.quantity && l.unitPrice == o.unitPrice, "\(l) vs \(o)")
            // The ledger posts whole micro-units, rounded toward zero (LiveMarkets' MoneyRounding).
            #expect(l.payment == (o.payment * 1e6).rounded(.towardZero) / 1e6, "\(l) vs \(o)")
        }
    }
}
