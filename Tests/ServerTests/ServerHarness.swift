import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import MarketService
import Testing

@testable import Server

/// A server on a fresh in-memory store, driven in-process through HummingbirdTesting.
struct ServerHarness {
    static let adminKey = "test-admin-key"

    /// Runs `body` against a new server's router (no socket).
    static func withServer<Value: Sendable>(
        _ body: @Sendable (any TestClientProtocol, MarketService) async throws -> Value
    ) async throws -> Value {
        let service = try await MarketService(storage: InMemoryMarketStorage(), adminKey: adminKey)
        var logger = Logger(label: "surplus-test")
        logger.logLevel = .warning
        let app = try SurplusServer.application(service: service, host: "127.0.0.1", port: 0, logger: logger)
        return try await app.test(.router) { client in try await body(client, service) }
    }
}

/// An answer of the server, with its body as JSON.
struct Answer: CustomStringConvertible {
    let status: Int
    let headers: HTTPFields
    let body: Data

    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
    var text: String { String(decoding: body, as: UTF8.self) }
    /// The error body's `code`, nil when the body is not the error shape.
    var errorCode: String? { (json["error"] as? [String: Any])?["code"] as? String }
    var errorField: String? { (json["error"] as? [String: Any])?["field"] as? String }

    /// The body is exactly `{"error": {"code", "message", "field"}}` with a one-line message.
    var isErrorShape: Bool {
        guard json.keys.sorted() == ["error"], let error = json["error"] as? [String: Any] else { return false }
        guard Set(error.keys) == ["code", "message", "field"], let message = error["message"] as? String else { return false }
        return !message.isEmpty && !message.contains("\n") && headers[.contentType] == "application/json"
    }

    func decode<T: Decodable>(_ type: T.Type) throws -> T { try JSONDecoder().decode(type, from: body) }
    var description: String { "\(status) \(text)" }
}

extension TestClientProtocol {
    /// Sends one request: bearer `key`, `Idempotency-Key` `idempotency`, a JSON body.
    func call(
        _ method: HTTPRequest.Method, _ uri: String, key: String? = nil, idempotency: String? = nil,
        json: String? = nil, contentType: String? = "application/json", headers extra: HTTPFields = [:]
    ) async throws -> Answer {
        var headers = extra
        if let key { headers[.authorization] = "Bearer \(key)" }
        if let idempotency { headers[HTTPField.Name("Idempotency-Key")!] = idempotency }
        if json != nil, let contentType { headers[.contentType] = contentType }
        return try await execute(uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) }) { response in
            Answer(status: Int(response.status.code), headers: response.headers, body: Data(response.body.readableBytesView))
        }
    }

    /// Creates a participant (admin) and returns its id and API key.
    func participant(_ name: String) async throws -> (id: String, key: String) {
        let answer = try await call(.post, "/v1/participants", key: ServerHarness.adminKey, idempotency: "new-\(name)", json: #"{"name": "\#(name)"}"#)
        #expect(answer.status == 201, "\(answer)")
        let created = try answer.decode(ParticipantCreated.self)
        return (created.id.rawValue, created.apiKey)
    }

    /// Deposits `amount` tokens for `participant` (admin).
    func deposit(_ amount: String, to participant: String) async throws {
        let answer = try await call(
            .post, "/v1/deposits", key: ServerHarness.adminKey, idempotency: "deposit-\(participant)-\(amount)",
            json: #"{"participant": "\#(participant)", "amount": \#(amount)}"#)
        #expect(answer.status == 201, "\(answer)")
    }

    /// Creates an exchange market (admin) with `parameters` and returns its id.
    func exchange(_ parameters: String = #"{"epsilon": 0.01, "ispPrice": 3.0}"#, key idempotency: String = "market") async throws -> String {
        let answer = try await call(
            .post, "/v1/markets", key: ServerHarness.adminKey, idempotency: idempotency,
            json: #"{"kind": "exchange", "name": "data", "parameters": \#(parameters)}"#)
        #expect(answer.status == 201, "\(answer)")
        return try #require(answer.json["id"] as? String)
    }
}
