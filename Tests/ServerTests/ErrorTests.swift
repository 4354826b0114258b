import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Every error of the contract (SERVER-CONTRACT.md, "Errors") with its status, code, field and
/// the one JSON shape.
@Suite("Server errors")
struct ErrorTests {
    static let admin = ServerHarness.adminKey

    @Test("401 without a key or with a wrong one, with WWW-Authenticate: Bearer")
    func unauthorized() async throws {
        try await ServerHarness.withServer { client, _ in
            for key in [nil, "sk_wrong", ""] as [String?] {
                let answer = try await client.call(.get, "/v1/participants", key: key)
                #expect(answer.status == 401 && answer.errorCode == "unauthorized" && answer.isErrorShape, "\(answer)")
                #expect(answer.headers[.wwwAuthenticate] == "Bearer")
            }
            let create = try await client.call(.post, "/v1/deposits", idempotency: "k", json: #"{"participant": "p1", "amount": 1}"#)
            #expect(create.status == 401, "\(create)")
        }
    }

    @Test("403: a participant on an admin route, on another's account, entries or trades")
    func forbidden() async throws {
        try await ServerHarness.withServer { client, _ in
            let alice = try await client.participant("alice")
            let bob = try await client.participant("bob")
            let answers = [
                try await client.call(.get, "/v1/participants", key: alice.key),
                try await client.call(.get, "/v1/ledger", key: alice.key),
                try await client.call(.post, "/v1/deposits", key: alice.key, idempotency: "d", json: #"{"participant": "\#(alice.id)", "amount": 5}"#),
                try await client.call(.get, "/v1/participants/\(bob.id)/account", key: alice.key),
                try await client.call(.get, "/v1/participants/\(bob.id)/entries", key: alice.key),
                try await client.call(.get, "/v1/trades?participant=\(bob.id)", key: alice.key),
                // The admin is no participant: it cannot pay anyone.
                try await client.call(.post, "/v1/transfers", key: Self.admin, idempotency: "t", json: #"{"to": "\#(bob.id)", "amount": 1}"#),
            ]
            for answer in answers {
                #expect(answer.status == 403 && answer.errorCode == "forbidden" && answer.isErrorShape, "\(answer)")
            }
        }
    }

    @Test("403 on another participant's order")
    func foreignOrder() async throws {
        try await ServerHarness.withServer { client, _ in
            let market = try await client.exchange()
            let seller = try await client.participant("seller")
            let other = try await client.participant("other")
            let offer = try await client.call(.post, "/v1/markets/\(market)/offers", key: seller.key, idempotency: "o", json: #"{"quantity": 10}"#)
            let order = try #require(offer.json["id"] as? String)
            for answer in [
                try await client.call(.get, "/v1/orders/\(order)", key: other.key),
                try await client.call(.delete, "/v1/orders/\(order)", key: other.key, idempotency: "x"),
                try await client.call(.put, "/v1/orders/\(order)", key: other.key, idempotency: "y", json: #"{"quantity": 5}"#),
            ] {
                #expect(answer.status == 403 && answer.errorCode == "forbidden" && answer.isErrorShape, "\(answer)")
            }
        }
    }

    @Test("404: unknown paths, participants, markets, orders and rounds")
    func notFound() async throws {
        try await ServerHarness.withServer { client, _ in
            let market = try await client.exchange()
            let answers = [
                try await client.call(.get, "/nowhere"),
                try await client.call(.get, "/v1"),
                try await client.call(.post, "/v1/nothing", key: Self.admin, idempotency: "n", json: "{}"),
                try await client.call(.get, "/v1/participants/p99/account", key: Self.admin),
                try await client.call(.get, "/v1/markets/m99"),
                try await client.call(.get, "/v1/markets/\(market)/rounds/1"),
                try await client.call(.get, "/v1/orders/\(market)-o42", key: Self.admin),
                try await client.call(.get, "/dashboard/missing.js"),
                try await client.call(.post, "/v1/deposits", key: Self.admin, idempotency: "d", json: #"{"participant": "p7", "amount": 1}"#),
            ]
            for answer in answers {
                #expect(answer.status == 404 && answer.errorCode == "notFound" && answer.isErrorShape, "\(answer)")
            }
        }
    }

    @Test("405 with Allow on a known path with another method")
    func methodNotAllowed() async throws {
        try await ServerHarness.withServer { client, _ in
            let cases: [(HTTPRequest.Method, String, String)] = [
                (.delete, "/v1/participants", "POST, GET"), (.put, "/health", "GET"), (.get, "/v1/deposits", "POST"),
                (.patch, "/v1/orders/m1-o1", "GET, PUT, DELETE"), (.post, "/v1/markets/m1", "GET"),
            ]
            for (method, path, allow) in cases {
                let answer = try await client.call(method, path, key: Self.admin)
                #expect(answer.status == 405 && answer.errorCode == "methodNotAllowed" && answer.isErrorShape, "\(method) \(path): \(answer)")
                #expect(answer.headers[.allow] == allow)
            }
        }
    }

    @Test("409 orderExists: a second open order of one participant in a round")
    func conflict() async throws {
        try await ServerHarness.withServer { client, _ in
            let market = try await client.exchange()
            let buyer = try await client.participant("buyer")
            try await client.deposit("100", to: buyer.id)
            let bid = #"{"demand": 10, "unitPrice": 1.5}"#
            let first = try await client.call(.post, "/v1/markets/\(market)/bids", key: buyer.key, idempotency: "b1", json: bid)
            #expect(first.status == 201, "\(first)")
            let second = try await client.call(.post, "/v1/markets/\(market)/bids", key: buyer.key, idempotency: "b2", json: bid)
            #expect(second.status == 409 && second.errorCode == "orderExists" && second.isErrorShape, "\(second)")
        }
    }

    @Test("413 over 64 KiB, before the service reads a byte of it")
    func payloadTooLarge() async throws {
        try await ServerHarness.withServer { client, _ in
            let name = String(repeating: "x", count: 64 * 1024)
            let answer = try await client.call(.post, "/v1/participants", key: Self.admin, idempotency: "big", json: #"{"name": "\#(name)"}"#)
            #expect(answer.status == 413 && answer.errorCode == "payloadTooLarge" && answer.isErrorShape, "\(answer.status)")
            // Just under the limit is read (and refused for its name, 422).
            let under = String(repeating: "x", count: 64 * 1024 - 20)
            let read = try await client.call(.post, "/v1/participants", key: Self.admin, idempotency: "under", json: #"{"name": "\#(under)"}"#)
            #expect(read.status == 422 && read.errorField == "name", "\(read.status) \(read.errorCode ?? "")")
        }
    }

    @Test("415 for a body that is not application/json")
    func unsupportedMediaType() async throws {
        try await ServerHarness.withServer { client, _ in
            for type in ["text/plain", "application/x-www-form-urlencoded", nil] as [String?] {
                let answer = try await client.call(.post, "/v1/participants", key: Self.admin, idempotency: "t", json: #"{"name": "a"}"#, contentType: type)
                #expect(answer.status == 415 && answer.errorCode == "unsupportedMediaType" && answer.isErrorShape, "\(answer)")
            }
            let charset = try await client.call(
                .post, "/v1/participants", key: Self.admin, idempotency: "c", json: #"{"name": "a"}"#, contentType: "application/json; charset=utf-8")
            #expect(charset.status == 201, "\(charset)")
        }
    }

    @Test("400 malformedJSON and idempotencyKeyRequired")
    func badRequest() async throws {
        try await ServerHarness.withServer { client, _ in
            for body in ["{", "[1, 2]", #"{"name": 3}"#, #"{"name": "a", "extra": 1}"#, "nonsense"] {
                let answer = try await client.call(.post, "/v1/participants", key: Self.admin, idempotency: "m", json: body)
                #expect(answer.status == 400 && answer.errorCode == "malformedJSON" && answer.isErrorShape, "\(body): \(answer)")
            }
            let market = try await client.exchange()
            // Cancelling is the owner's: a participant's key, so that the missing key is what is wrong.
            let owner = try await client.participant("owner")
            for (method, path, key) in [(HTTPRequest.Method.post, "/v1/participants", Self.admin), (.post, "/v1/markets/\(market)/rounds/close", Self.admin),
                                        (.delete, "/v1/orders/\(market)-o1", owner.key)] {
                let answer = try await client.call(method, path, key: key, json: method == .post ? #"{"name": "a"}"# : nil)
                #expect(answer.status == 400 && answer.errorCode == "idempotencyKeyRequired" && answer.errorField == "Idempotency-Key", "\(path): \(answer)")
            }
        }
    }

    @Test("422: invalid fields, insufficient funds, a reused Idempotency-Key")
    func unprocessable() async throws {
        try await ServerHarness.withServer { client, _ in
            let alice = try await client.participant("alice")
            let bob = try await client.participant("bob")
            try await client.deposit("10", to: alice.id)
            let invalid = [
                try await client.call(.post, "/v1/participants", key: Self.admin, idempotency: "e", json: #"{"name": ""}"#),
                try await client.call(.post, "/v1/deposits", key: Self.admin, idempotency: "z", json: #"{"participant": "\#(alice.id)", "amount": 0}"#),
                try await client.call(.post, "/v1/deposits", key: Self.admin, idempotency: "f", json: #"{"participant": "\#(alice.id)", "amount": 0.0000001}"#),
                try await client.call(.post, "/v1/markets", key: Self.admin, idempotency: "m", json: #"{"kind": "exchange", "name": "x", "parameters": {"epsilon": -1}}"#),
                try await client.call(.get, "/v1/participants/\(alice.id)/entries?limit=0", key: Self.admin),
            ]
            for answer in invalid {
                #expect(answer.status == 422 && answer.errorCode == "invalidField" && answer.isErrorShape, "\(answer)")
            }
            let broke = try await client.call(.post, "/v1/withdrawals", key: Self.admin, idempotency: "w", json: #"{"participant": "\#(alice.id)", "amount": 10.5}"#)
            #expect(broke.status == 422 && broke.errorCode == "insufficientFunds" && broke.isErrorShape, "\(broke)")
            let overdraw = try await client.call(.post, "/v1/transfers", key: alice.key, idempotency: "t", json: #"{"to": "\#(bob.id)", "amount": 11}"#)
            #expect(overdraw.status == 422 && overdraw.errorCode == "insufficientFunds", "\(overdraw)")
            let account = try await client.call(.get, "/v1/participants/\(alice.id)/account", key: alice.key)
            #expect(account.json["balance"] as? Double == 10, "a refused transfer posts nothing: \(account)")

            let first = try await client.call(.post, "/v1/transfers", key: alice.key, idempotency: "pay", json: #"{"to": "\#(bob.id)", "amount": 1}"#)
            #expect(first.status == 201, "\(first)")
            let reused = try await client.call(.post, "/v1/transfers", key: alice.key, idempotency: "pay", json: #"{"to": "\#(bob.id)", "amount": 2}"#)
            #expect(reused.status == 422 && reused.errorCode == "idempotencyKeyReused" && reused.errorField == "Idempotency-Key", "\(reused)")
            // Keys are scoped to the caller: bob may use "pay" too.
            let bobs = try await client.call(.post, "/v1/transfers", key: bob.key, idempotency: "pay", json: #"{"to": "\#(alice.id)", "amount": 0.5}"#)
            #expect(bobs.status == 201, "\(bobs)")
        }
    }
}
