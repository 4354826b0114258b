import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// A retry with the same `Idempotency-Key` gets the first response and changes nothing.
@Suite("Idempotent replays")
struct IdempotencyTests {
    static let admin = ServerHarness.adminKey

    @Test("participants, deposits, transfers, markets, bids, closes and cancels replay their first response")
    func replays() async throws {
        try await ServerHarness.withServer { client, _ in
            let participant = #"{"name": "alice"}"#
            let first = try await client.call(.post, "/v1/participants", key: Self.admin, idempotency: "alice", json: participant)
            let again = try await client.call(.post, "/v1/participants", key: Self.admin, idempotency: "alice", json: participant)
            #expect(first.status == 201 && again.status == 201 && again.body == first.body, "the same id and API key: \(again)")
            #expect(first.headers[.init("Idempotent-Replayed")!] == nil && again.headers[.init("Idempotent-Replayed")!] == "true")
            let alice = try #require(first.json["apiKey"] as? String)
            let bob = try await client.participant("bob")

            let deposit = #"{"participant": "p1", "amount": 30}"#
            for _ in 0..<3 {
                let answer = try await client.call(.post, "/v1/deposits", key: Self.admin, idempotency: "dep", json: deposit)
                #expect(answer.status == 201 && answer.json["balance"] as? Double == 30, "the first answer, every time: \(answer)")
            }
            let transfer = #"{"to": "\#(bob.id)", "amount": 4}"#
            for _ in 0..<2 { _ = try await client.call(.post, "/v1/transfers", key: alice, idempotency: "pay", json: transfer) }
            let account = try await client.call(.get, "/v1/participants/p1/account", key: alice)
            #expect(account.json["balance"] as? Double == 26, "one deposit, one transfer: \(account)")

            let market = try await client.exchange(key: "mk")
            let sameMarket = try await client.exchange(key: "mk")
            #expect(sameMarket == market)
            let markets = try await client.call(.get, "/v1/markets")
            #expect((markets.json["markets"] as? [Any])?.count == 1)

            let bid = #"{"demand": 4, "unitPrice": 1}"#
            let placed = try await client.call(.post, "/v1/markets/\(market)/bids", key: alice, idempotency: "bid", json: bid)
            let replayed = try await client.call(.post, "/v1/markets/\(market)/bids", key: alice, idempotency: "bid", json: bid)
            #expect(placed.status == 201 && replayed.status == 201 && replayed.body == placed.body, "not a 409: \(replayed)")
            let order = try #require(placed.json["id"] as? String)

            let close = try await client.call(.post, "/v1/markets/\(market)/rounds/close", key: Self.admin, idempotency: "c1")
            let closeAgain = try await client.call(.post, "/v1/markets/\(market)/rounds/close", key: Self.admin, idempotency: "c1")
            #expect(close.status == 200 && closeAgain.body == close.body && closeAgain.headers[.init("Idempotent-Replayed")!] == "true")
            let now = try await client.call(.get, "/v1/markets/\(market)")
            #expect(now.json["roundsClosed"] as? Int == 1, "one close: \(now)")

            let cancel = try await client.call(.delete, "/v1/orders/\(order)", key: alice, idempotency: "x")
            let cancelAgain = try await client.call(.delete, "/v1/orders/\(order)", key: alice, idempotency: "x")
            #expect(cancel.status == 200 && cancelAgain.status == 200 && cancelAgain.body == cancel.body, "\(cancelAgain)")

            let ledger = try await client.call(.get, "/v1/ledger", key: Self.admin)
            #expect(ledger.json["deposited"] as? Double == 30 && ledger.json["balanced"] as? Bool == true, "\(ledger)")
        }
    }
}
