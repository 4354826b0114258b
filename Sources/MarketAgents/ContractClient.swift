import Foundation
import Ledger
import Synchronization

/// One request of the live server's contract, as bytes: what a ``MarketTransport`` carries.
public struct ContractRequest: Sendable, Hashable {
    public var method: String
    /// The path, with its query if any: `/v1/markets/m1/rounds/close`.
    public var path: String
    /// The `Authorization` header's value: `Bearer KEY`.
    public var authorization: String
    public var idempotencyKey: String?
    /// The JSON body of a POST.
    public var body: Data?
}

/// A response: its status and JSON body.
public struct ContractResponse: Sendable, Hashable {
    public var status: Int
    public var body: Data

    public init(status: Int, body: Data) {
        self.status = status
        self.body = body
    }
}

/// Moves a ``ContractRequest`` to a server and its response back: over HTTP
/// (`HTTPTransport`, in MarketAgentsHTTP) or by calling the service in-process.
public protocol MarketTransport: Sendable {
    /// - Throws: ``ConnectionFailure`` when the request may not have reached the server
    ///   (``ContractClient`` then retries it).
    func send(_ request: ContractRequest) async throws -> ContractResponse
}

/// The server could not be reached, or the connection broke before a response came.
public struct ConnectionFailure: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// ``MarketClient`` on a ``MarketTransport``: the contract's JSON bodies, bounded
/// concurrency and retries.
///
/// - **Bounded concurrency**: at most `maximumConcurrentRequests` requests are in flight;
///   callers beyond that wait their turn (so a population may start every agent's request
///   at once).
/// - **Retries**: a request that fails to connect or gets a 5xx (or 429) is sent again, up
///   to `maximumAttempts` times in all, after 0.1, 0.2, 0.4, ... s (at most 2 s), with the
///   same `Idempotency-Key`: a server that had carried it out answers with its first response,
///   so a retry never acts twice. A 4xx other than 429 is the server's final word, thrown as
///   a ``MarketClientError``.
public final class ContractClient: MarketClient {
    public let transport: any MarketTransport
    private let adminKey: String
    private let limiter: RequestLimiter
    private let maximumAttempts: Int
    private let sent = Atomic<Int>(0)
    private let retried = Atomic<Int>(0)

    /// - Parameter adminKey: the administrator's key (participants act with their own keys).
    public init(transport: any MarketTransport, adminKey: String, maximumConcurrentRequests: Int = 32, maximumAttempts: Int = 6) {
        self.transport = transport
        self.adminKey = adminKey
        limiter = RequestLimiter(slots: max(1, maximumConcurrentRequests))
        self.maximumAttempts = max(1, maximumAttempts)
    }

    public var requestCount: Int { sent.load(ordering: .relaxed) }
    /// Requests sent again after a connection failure or a 5xx.
    public var retryCount: Int { retried.load(ordering: .relaxed) }

    public func createParticipant(name: String, key: IdempotencyKey) async throws -> ParticipantCredentials {
        try await send("POST", "/v1/participants", body: .object(["name": .string(name)]), as: .admin, key: key)
    }

    public func deposit(to participant: String, amount: Amount, key: IdempotencyKey) async throws {
        let body = JSONValue.object(["participant": .string(participant), "amount": try JSONValue(encoding: amount)])
        let _: JSONValue = try await send("POST", "/v1/deposits", body: body, as: .admin, key: key)
    }

    public func withdraw(from participant: String, amount: Amount, key: IdempotencyKey) async throws {
        let body = JSONValue.object(["participant": .string(participant), "amount": try JSONValue(encoding: amount)])
        let _: JSONValue = try await send("POST", "/v1/withdrawals", body: body, as: .admin, key: key)
    }

    public func account(of participant: ParticipantCredentials) async throws -> AccountSnapshot {
        try await send("GET", "/v1/participants/\(participant.id)/account", as: .participant(participant))
    }

    public func createMarket(name: String, _ definition: MarketDefinition, key: IdempotencyKey) async throws -> MarketSnapshot {
        try await send("POST", "/v1/markets", body: try Self.body(name: name, definition), as: .admin, key: key)
    }

    public func market(_ id: String) async throws -> MarketSnapshot {
        try await send("GET", "/v1/markets/\(id)", as: .admin)
    }

    public func place(_ order: OrderRequest, in market: String, as participant: ParticipantCredentials, key: IdempotencyKey)
        async throws -> OrderSnapshot
    {
        try await send("POST", "/v1/markets/\(market)/\(order.side)", body: order.body, as: .participant(participant), key: key)
    }

    public func closeRound(of market: String, key: IdempotencyKey) async throws -> RoundReport {
        try await send("POST", "/v1/markets/\(market)/rounds/close", body: .object([:]), as: .admin, key: key)
    }

    public func ledgerTotals() async throws -> LedgerTotals {
        try await send("GET", "/v1/ledger", as: .admin)
    }

    /// `{kind, name, parameters}`: a bilateral market's parameters are its scenario's fields
    /// and the seed of its matchings.
    static func body(name: String, _ definition: MarketDefinition) throws -> JSONValue {
        let parameters: JSONValue
        switch definition {
        case let .bilateral(scenario, seed):
            guard case var .object(fields) = try JSONValue(encoding: scenario) else { return .null }
            fields["seed"] = .number(Double(seed))
            parameters = .object(fields)
        case let .exchange(rules):
            parameters = try JSONValue(encoding: rules)
        }
        return .object(["kind": .string(definition.kind.rawValue), "name": .string(name), "parameters": parameters])
    }

    // MARK: Sending

    private func send<T: Decodable>(
        _ method: String, _ path: String, body: JSONValue? = nil, as caller: Caller, key: IdempotencyKey? = nil
    ) async throws -> T {
        let bearer: String
        switch caller {
        case .admin: bearer = adminKey
        case let .participant(credentials): bearer = credentials.apiKey
        }
        let request = ContractRequest(
            method: method, path: path, authorization: "Bearer \(bearer)", idempotencyKey: key?.rawValue,
            body: try body.map { try JSONEncoder().encode($0) })
        let name = "\(method) \(path)"
        var attempt = 0
        while true {
            attempt += 1
            let response: ContractResponse
            do {
                response = try await limiter.run { [self] in
                    self.sent.add(1, ordering: .relaxed)
                    return try await self.transport.send(request)
                }
            } catch let failure as ConnectionFailure {
                guard attempt < maximumAttempts else {
                    throw MarketClientError(status: 0, code: "connection", message: failure.description, field: nil, request: name)
                }
                try await pause(before: attempt + 1)
                continue
            }
            if response.status >= 500 || response.status == 429, attempt < maximumAttempts {
                try await pause(before: attempt + 1)
                continue
            }
            guard (200..<300).contains(response.status) else { throw Self.failure(response, request: name) }
            do {
                return try JSONDecoder().decode(T.self, from: response.body)
            } catch {
                throw MarketClientError(
                    status: response.status, code: "unreadableResponse",
                    message: "the response is not the contract's JSON (\(error))", field: nil, request: name)
            }
        }
    }

    private func pause(before attempt: Int) async throws {
        retried.add(1, ordering: .relaxed)
        try await Task.sleep(for: .milliseconds(min(2_000, 100 << min(10, attempt - 2))))
    }

    private static func failure(_ response: ContractResponse, request: String) -> MarketClientError {
        struct Body: Decodable {
            struct Detail: Decodable { var code: String; var message: String; var field: String? }
            var error: Detail
        }
        if let body = try? JSONDecoder().decode(Body.self, from: response.body) {
            return MarketClientError(
                status: response.status, code: body.error.code, message: body.error.message, field: body.error.field,
                request: request)
        }
        return MarketClientError(
            status: response.status, code: "http\(response.status)",
            message: String(decoding: response.body.prefix(200), as: UTF8.self), field: nil, request: request)
    }
}

/// At most `slots` operations at once; the others wait in arrival order.
actor RequestLimiter {
    private var free: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(slots: Int) { free = slots }

    func run<T: Sendable>(_ operation: @Sendable () async throws -> T) async throws -> T {
        await acquire()
        defer { release() }
        return try await operation()
    }

    private func acquire() async {
        if free > 0 {
            free -= 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    private func release() {
        if waiting.isEmpty {
            free += 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}
