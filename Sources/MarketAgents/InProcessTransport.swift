import Foundation
import MarketService

/// ``MarketTransport`` that hands each request to a `MarketService` in the same process: the
/// same JSON bodies, keys and errors as over HTTP, without a socket (tests, the demo). It
/// routes the contract's paths the agents use; any other is 404.
public struct InProcessTransport: MarketTransport {
    public let service: MarketService

    public init(service: MarketService) { self.service = service }

    public func send(_ request: ContractRequest) async throws -> ContractResponse {
        do {
            return try await route(request)
        } catch {
            return ContractResponse(status: error.status, body: error.body)
        }
    }

    private func route(_ request: ContractRequest) async throws(ServiceError) -> ContractResponse {
        let principal = try await service.authenticate(bearer: request.authorization)
        let body = request.body ?? Data(), key = request.idempotencyKey
        var route = Route(request)
        if route.is("POST", "v1/participants") {
            return Self.response(try await service.createParticipant(body: body, idempotencyKey: key, by: principal))
        } else if route.is("POST", "v1/deposits") {
            return Self.response(try await service.deposit(body: body, idempotencyKey: key, by: principal))
        } else if route.is("POST", "v1/withdrawals") {
            return Self.response(try await service.withdraw(body: body, idempotencyKey: key, by: principal))
        } else if route.is("GET", "v1/participants/*/account") {
            return Self.ok(try await service.account(of: route.parameter, by: principal))
        } else if route.is("GET", "v1/ledger") {
            return Self.ok(try await service.ledgerTotals(by: principal))
        } else if route.is("POST", "v1/markets") {
            return Self.response(try await service.createMarket(body: body, idempotencyKey: key, by: principal))
        } else if route.is("GET", "v1/markets/*") {
            return Self.ok(try await service.market(route.parameter))
        } else if route.is("POST", "v1/markets/*/offers") {
            return Self.response(try await service.placeOffer(market: route.parameter, body: body, idempotencyKey: key, by: principal))
        } else if route.is("POST", "v1/markets/*/bids") {
            return Self.response(try await service.placeBid(market: route.parameter, body: body, idempotencyKey: key, by: principal))
        } else if route.is("POST", "v1/markets/*/rounds/close") {
            return Self.response(try await service.closeRound(market: route.parameter, body: body, idempotencyKey: key, by: principal))
        }
        throw ServiceError(status: 404, code: "notFound", message: "\(request.method) \(request.path) is not a route the agents use", field: nil)
    }

    /// A request's method and path segments, matched against templates whose `*` is the
    /// one path parameter.
    private struct Route {
        let method: String
        let segments: [Substring]
        private(set) var parameter = ""

        init(_ request: ContractRequest) {
            method = request.method
            segments = request.path.split(separator: "?").first?.split(separator: "/") ?? []
        }

        mutating func `is`(_ method: String, _ template: String) -> Bool {
            let pattern = template.split(separator: "/")
            guard method == self.method, pattern.count == segments.count else { return false }
            for (expected, actual) in zip(pattern, segments) where expected != actual {
                guard expected == "*" else { return false }
                parameter = String(actual)
            }
            return true
        }
    }

    private static func response(_ answer: ServiceResponse) -> ContractResponse {
        ContractResponse(status: answer.status, body: answer.body)
    }

    private static func ok(_ value: some Encodable) -> ContractResponse {
        ContractResponse(status: 200, body: ServiceJSON.encode(value))
    }
}
