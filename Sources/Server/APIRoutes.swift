import Foundation
import Hummingbird
import MarketService

/// The `/v1` routes of openapi.yaml. Each reads the path, query and headers, calls one
/// ``MarketService`` operation and encodes its answer; the service checks the caller's rights,
/// the `Idempotency-Key`, the body and every rule.
struct APIRoutes {
    let service: MarketService

    func add(to routes: inout RouteTable) {
        let service = service
        // Participants and money.
        routes.on("/v1/participants", .post) { request, _ in
            try await create(request) { try await service.createParticipant(body: $0, idempotencyKey: $1, by: $2) }
        }
        routes.on("/v1/participants", .get) { request, _ in
            .json(try await service.listParticipants(by: caller(request)))
        }
        routes.on("/v1/participants/{id}/account", .get) { request, context in
            .json(try await service.account(of: context.parameters.require("id"), by: caller(request)))
        }
        routes.on("/v1/participants/{id}/entries", .get) { request, context in
            .json(try await service.entries(
                of: context.parameters.require("id"), before: request.query("before"), limit: request.query("limit"), by: caller(request)))
        }
        routes.on("/v1/deposits", .post) { request, _ in
            try await create(request) { try await service.deposit(body: $0, idempotencyKey: $1, by: $2) }
        }
        routes.on("/v1/withdrawals", .post) { request, _ in
            try await create(request) { try await service.withdraw(body: $0, idempotencyKey: $1, by: $2) }
        }
        routes.on("/v1/transfers", .post) { request, _ in
            try await create(request) { try await service.transfer(body: $0, idempotencyKey: $1, by: $2) }
        }
        routes.on("/v1/ledger", .get) { request, _ in
            .json(try await service.ledgerTotals(by: caller(request)))
        }
        // Markets, orders, rounds, trades.
        routes.on("/v1/markets", .post) { request, _ in
            try await create(request) { try await service.createMarket(body: $0, idempotencyKey: $1, by: $2) }
        }
        routes.on("/v1/markets", .get) { _, _ in
            .json(await service.listMarkets())
        }
        routes.on("/v1/markets/{id}", .get) { _, context in
            .json(try await service.market(context.parameters.require("id")))
        }
        routes.on("/v1/markets/{id}/offers", .post) { request, context in
            let market = try context.parameters.require("id")
            return try await create(request) { try await service.placeOffer(market: market, body: $0, idempotencyKey: $1, by: $2) }
        }
        routes.on("/v1/markets/{id}/bids", .post) { request, context in
            let market = try context.parameters.require("id")
            return try await create(request) { try await service.placeBid(market: market, body: $0, idempotencyKey: $1, by: $2) }
        }
        routes.on("/v1/markets/{id}/rounds/close", .post) { request, context in
            let market = try context.parameters.require("id")
            return try await create(request) { try await service.closeRound(market: market, body: $0, idempotencyKey: $1, by: $2) }
        }
        routes.on("/v1/markets/{id}/rounds", .get) { request, context in
            .json(try await service.rounds(market: context.parameters.require("id"), limit: request.query("limit")))
        }
        routes.on("/v1/markets/{id}/rounds/{n}", .get) { _, context in
            .json(try await service.round(market: context.parameters.require("id"), number: context.parameters.require("n")))
        }
        routes.on("/v1/orders/{id}", .get) { request, context in
            .json(try await service.order(context.parameters.require("id"), by: caller(request)))
        }
        routes.on("/v1/orders/{id}", .put) { request, context in
            let order = try context.parameters.require("id")
            return try await create(request) { try await service.replaceOrder(order, body: $0, idempotencyKey: $1, by: $2) }
        }
        routes.on("/v1/orders/{id}", .delete) { request, context in
            let order = try context.parameters.require("id")
            return try await create(request) { _, key, principal in try await service.cancelOrder(order, idempotencyKey: key, by: principal) }
        }
        routes.on("/v1/trades", .get) { request, _ in
            .json(try await service.trades(
                market: request.query("market"), participant: request.query("participant"),
                before: request.query("before"), limit: request.query("limit"), by: caller(request)))
        }
        routes.on("/v1/events", .get) { request, _ in
            EventStream.response(try await service.events(market: request.query("market")))
        }
    }

    /// The caller the request's bearer key names (401 without a valid one).
    private func caller(_ request: Request) async throws -> Principal {
        try await service.authenticate(bearer: request.headers[.authorization])
    }

    /// A creating request: the caller, then the body (413, 415), then the operation with the
    /// body, the `Idempotency-Key` and the caller.
    private func create(
        _ request: Request, _ operation: (Data, String?, Principal) async throws -> ServiceResponse
    ) async throws -> Response {
        let principal = try await caller(request)
        let body = try await JSONBody.read(request)
        return .json(try await operation(body, request.idempotencyKey, principal))
    }
}
