import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Every route of openapi.yaml answering a well-formed request.
@Suite("Server routes")
struct RouteTests {
    static let admin = ServerHarness.adminKey

    @Test("health, metrics, the OpenAPI document, the dashboard")
    func serviceRoutes() async throws {
        try await ServerHarness.withServer { client, _ in
            let health = try await client.call(.get, "/health")
            #expect(health.status == 200 && health.json["status"] as? String == "ok" && health.json["version"] as? String == "0.6.0", "\(health)")
            _ = try await client.call(.get, "/v1/markets")
            let metrics = try await client.call(.get, "/metrics")
            #expect(metrics.status == 200 && metrics.headers[.contentType]?.hasPrefix("text/plain") == true)
            #expect(metrics.text.contains("hb_requests") && metrics.text.contains("http_server_request_duration"), "\(metrics.text.prefix(400))")
            #expect(metrics.text.contains("surplus_ledger_balanced 1"))
            let spec = try await client.call(.get, "/openapi.yaml")
            #expect(spec.status == 200 && spec.headers[.contentType] == "application/yaml" && spec.text.hasPrefix("openapi: 3."))
            let page = try await client.call(.get, "/")
            #expect(page.status == 200 && page.headers[.contentType]?.hasPrefix("text/html") == true && page.text.contains("<html"))
            let head = try await client.call(.head, "/health")
            #expect(head.status == 200 && head.body.isEmpty)
        }
    }

    @Test("participants, accounts, journal pages, deposits, withdrawals, transfers, the ledger")
    func money() async throws {
        try await ServerHarness.withServer { client, _ in
            let alice = try await client.participant("alice")
            let bob = try await client.participant("bob")
            #expect(alice.id == "p1" && bob.id == "p2" && alice.key.hasPrefix("sk_") && alice.key.count == 67)
            let list = try await client.call(.get, "/v1/participants", key: Self.admin)
            #expect((list.json["participants"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["alice", "bob"], "\(list)")

            try await client.deposit("25.5", to: alice.id)
            let withdrawal = try await client.call(.post, "/v1/withdrawals", key: Self.admin, idempotency: "w1", json: #"{"participant": "p1", "amount": "0.5"}"#)
            #expect(withdrawal.status == 201 && withdrawal.json["balance"] as? Double == 25, "\(withdrawal)")
            let transfer = try await client.call(.post, "/v1/transfers", key: alice.key, idempotency: "t1", json: #"{"to": "p2", "amount": 5.25}"#)
            #expect(transfer.status == 201 && transfer.json["from"] as? String == "p1" && transfer.json["to"] as? String == "p2", "\(transfer)")

            let account = try await client.call(.get, "/v1/participants/p1/account", key: alice.key)
            #expect(account.status == 200 && account.json["balance"] as? Double == 19.75 && account.json["available"] as? Double == 19.75, "\(account)")
            let bobs = try await client.call(.get, "/v1/participants/p2/account", key: Self.admin)
            #expect(bobs.json["balance"] as? Double == 5.25, "\(bobs)")

            let page = try await client.call(.get, "/v1/participants/p1/entries?limit=2", key: alice.key)
            let entries = try #require(page.json["entries"] as? [[String: Any]], "\(page)")
            #expect(entries.count == 2 && entries.first?["memo"] as? String == "transfer", "newest first: \(page)")
            let cursor = try #require(page.json["next"] as? String)
            let rest = try await client.call(.get, "/v1/participants/p1/entries?limit=2&before=\(cursor)", key: alice.key)
            #expect((rest.json["entries"] as? [[String: Any]])?.count == 1 && rest.json["next"] is NSNull, "\(rest)")

            let ledger = try await client.call(.get, "/v1/ledger", key: Self.admin)
            #expect(ledger.json["balanced"] as? Bool == true && ledger.json["deposited"] as? Double == 25.5 && ledger.json["withdrawn"] as? Double == 0.5, "\(ledger)")
        }
    }

    @Test("markets, offers, bids, orders (get, replace, cancel), round closes, rounds, trades")
    func markets() async throws {
        try await ServerHarness.withServer { client, _ in
            let market = try await client.exchange()
            let seller = try await client.participant("seller")
            let buyer = try await client.participant("buyer")
            try await client.deposit("100", to: buyer.id)

            let markets = try await client.call(.get, "/v1/markets")
            #expect((markets.json["markets"] as? [[String: Any]])?.count == 1, "\(markets)")
            let one = try await client.call(.get, "/v1/markets/\(market)")
            #expect(one.json["kind"] as? String == "exchange" && one.json["round"] as? Int == 1 && one.json["state"] as? String == "open", "\(one)")

            let offer = try await client.call(.post, "/v1/markets/\(market)/offers", key: seller.key, idempotency: "o1", json: #"{"quantity": 20}"#)
            #expect(offer.status == 201 && offer.json["side"] as? String == "offer", "\(offer)")
            let offerID = try #require(offer.json["id"] as? String)
            let bid = try await client.call(.post, "/v1/markets/\(market)/bids", key: buyer.key, idempotency: "b1", json: #"{"demand": 10, "unitPrice": 2}"#)
            #expect(bid.status == 201 && bid.json["strategy"] as? String == "managed" && bid.json["held"] as? Double == 20, "\(bid)")
            let bidID = try #require(bid.json["id"] as? String)

            let replaced = try await client.call(.put, "/v1/orders/\(bidID)", key: buyer.key, idempotency: "b2", json: #"{"demand": 8, "unitPrice": 2}"#)
            #expect(replaced.status == 200 && replaced.json["demand"] as? Double == 8 && replaced.json["held"] as? Double == 16, "\(replaced)")
            let fetched = try await client.call(.get, "/v1/orders/\(bidID)", key: Self.admin)
            #expect(fetched.status == 200 && fetched.json["demand"] as? Double == 8, "\(fetched)")

            var settled = false
            var closes = 0
            while !settled && closes < 20 {
                closes += 1
                let round = try await client.call(.post, "/v1/markets/\(market)/rounds/close", key: Self.admin, idempotency: "close-\(closes)")
                #expect(round.status == 200 && round.json["number"] as? Int == closes, "\(round)")
                #expect((round.json["inputHash"] as? String)?.count == 64)
                settled = round.json["settled"] as? Bool == true
            }
            #expect(settled)
            let rounds = try await client.call(.get, "/v1/markets/\(market)/rounds?limit=1")
            #expect((rounds.json["rounds"] as? [[String: Any]])?.first?["number"] as? Int == closes, "newest first: \(rounds)")
            let first = try await client.call(.get, "/v1/markets/\(market)/rounds/1")
            #expect(first.status == 200 && first.json["number"] as? Int == 1)

            let trades = try await client.call(.get, "/v1/trades?market=\(market)", key: buyer.key)
            let list = try #require(trades.json["trades"] as? [[String: Any]], "\(trades)")
            #expect(list.count == 1 && list[0]["buyer"] as? String == buyer.id && list[0]["seller"] as? String == seller.id, "\(trades)")
            #expect(list[0]["quantity"] as? Double == 8)
            let sellers = try await client.call(.get, "/v1/trades", key: seller.key)
            #expect((sellers.json["trades"] as? [[String: Any]])?.count == 1)

            // The settled session released the bid's hold; the offer expired with it.
            let account = try await client.call(.get, "/v1/participants/\(buyer.id)/account", key: buyer.key)
            #expect(account.json["held"] as? Double == 0, "\(account)")
            let expired = try await client.call(.get, "/v1/orders/\(offerID)", key: seller.key)
            #expect(expired.status == 200 && expired.json["state"] as? String == "settled", "\(expired)")
        }
    }

    @Test("cancelling an order releases its hold")
    func cancel() async throws {
        try await ServerHarness.withServer { client, _ in
            let market = try await client.exchange()
            let buyer = try await client.participant("buyer")
            try await client.deposit("50", to: buyer.id)
            let bid = try await client.call(.post, "/v1/markets/\(market)/bids", key: buyer.key, idempotency: "b", json: #"{"demand": 5, "unitPrice": 2}"#)
            let id = try #require(bid.json["id"] as? String, "\(bid)")
            let held = try await client.call(.get, "/v1/participants/\(buyer.id)/account", key: buyer.key)
            #expect(held.json["held"] as? Double == 10 && held.json["available"] as? Double == 40, "\(held)")
            let cancelled = try await client.call(.delete, "/v1/orders/\(id)", key: buyer.key, idempotency: "c")
            #expect(cancelled.status == 200 && cancelled.json["state"] as? String == "cancelled" && cancelled.json["held"] as? Double == 0, "\(cancelled)")
            let released = try await client.call(.get, "/v1/participants/\(buyer.id)/account", key: buyer.key)
            #expect(released.json["held"] as? Double == 0 && released.json["available"] as? Double == 50, "\(released)")
        }
    }

    @Test("a bilateral market: offers, bids at k and 0, a period close with its pairs")
    func bilateral() async throws {
        try await ServerHarness.withServer { client, _ in
            let created = try await client.call(
                .post, "/v1/markets", key: Self.admin, idempotency: "bm",
                json: #"{"kind": "bilateral", "name": "compute", "parameters": {"model": "hard", "price": 7, "seed": 3}}"#)
            #expect(created.status == 201 && created.json["kind"] as? String == "bilateral", "\(created)")
            let market = try #require(created.json["id"] as? String)
            let server = try await client.participant("server")
            let client1 = try await client.participant("client")
            try await client.deposit("20", to: client1.id)
            let offer = try await client.call(.post, "/v1/markets/\(market)/offers", key: server.key, idempotency: "s", json: "{}")
            #expect(offer.status == 201, "\(offer)")
            let bid = try await client.call(.post, "/v1/markets/\(market)/bids", key: client1.key, idempotency: "c", json: #"{"price": 7}"#)
            #expect(bid.status == 201 && bid.json["price"] as? Double == 7, "\(bid)")
            let period = try await client.call(.post, "/v1/markets/\(market)/rounds/close", key: Self.admin, idempotency: "p1")
            #expect(period.status == 200 && period.json["clients"] as? Int == 1 && period.json["servers"] as? Int == 1, "\(period)")
            let pairs = try #require(period.json["pairs"] as? [[String: Any]], "\(period)")
            #expect(pairs.count == 1 && pairs[0]["traded"] as? Bool == true && period.json["tradeRatio"] as? Double == 1)
            #expect((period.json["trades"] as? [[String: Any]])?.first?["payment"] as? Double == 7)
        }
    }
}
