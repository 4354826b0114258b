import Foundation
import Ledger
import LiveMarkets
import MarketService
import SurplusCore

/// A test's hand on a ``MarketService``: requests as the server would send them (JSON bodies,
/// fresh idempotency keys), answers decoded.
public struct Driver: Sendable {
    public let service: MarketService
    private let keys = KeySource()

    public init(_ service: MarketService) { self.service = service }

    /// A fresh `Idempotency-Key`.
    public func key() -> String { keys.next() }

    /// A participant that has `tokens` deposited.
    public struct Participant: Sendable, Hashable {
        public let id: AccountID
        public let apiKey: String
        public var principal: Principal { .participant(id) }
    }

    public func participant(_ name: String, tokens: Int64 = 0) async throws -> Participant {
        let created = try await service.createParticipant(body: json(["name": name]), idempotencyKey: key(), by: .admin)
            .decode(ParticipantCreated.self)
        if tokens > 0 { try await deposit(created.id, tokens: tokens) }
        return Participant(id: created.id, apiKey: created.apiKey)
    }

    @discardableResult
    public func deposit(_ id: AccountID, tokens: Int64) async throws -> MoneyMovement {
        try await service.deposit(body: json(MoneyRequest(participant: id, amount: Amount(tokens: tokens) ?? .zero)), idempotencyKey: key(), by: .admin)
            .decode(MoneyMovement.self)
    }

    public func market(_ request: CreateMarketRequest) async throws -> MarketView {
        try await service.createMarket(body: json(request), idempotencyKey: key(), by: .admin).decode(MarketView.self)
    }

    public func offer(_ market: MarketID, _ by: Participant, quantity: Double? = nil) async throws -> OrderView {
        try await service.placeOffer(market: market.rawValue, body: json(OfferRequest(quantity: quantity)), idempotencyKey: key(), by: by.principal)
            .decode(OrderView.self)
    }

    public func bid(_ market: MarketID, _ by: Participant, _ bid: BidRequest) async throws -> OrderView {
        try await service.placeBid(market: market.rawValue, body: json(bid), idempotencyKey: key(), by: by.principal).decode(OrderView.self)
    }

    public func close(_ market: MarketID) async throws -> RoundView {
        try await service.closeRound(market: market.rawValue, idempotencyKey: key(), by: .admin).decode(RoundView.self)
    }

    public func account(_ id: AccountID) async throws -> AccountView { try await service.account(of: id.rawValue, by: .admin) }
}

/// JSON of `value`, as a client sends it.
public func json(_ value: some Encodable) -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return (try? encoder.encode(value)) ?? Data()
}

/// Keys `k1`, `k2`, ... (one source per driver).
private final class KeySource: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func next() -> String { lock.withLock { count += 1; return "k\(count)" } }
}

/// A check that failed: what was expected, where.
public struct CheckFailure: Error, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Throws a ``CheckFailure`` with `message` unless `condition`.
public func check(_ condition: Bool, _ message: @autoclosure () -> String) throws {
    guard condition else { throw CheckFailure(message()) }
}

/// Runs `body`, which must throw a ``ServiceError`` with `status` and `code`; returns it.
@discardableResult
public func expectServiceError(_ status: Int, _ code: String, _ context: String, _ body: () async throws -> Void) async throws -> ServiceError {
    do {
        try await body()
    } catch let error as ServiceError {
        try check(error.status == status && error.code == code, "\(context): expected \(status) \(code), got \(error.status) \(error.code): \(error.message)")
        return error
    }
    throw CheckFailure("\(context): expected \(status) \(code), got success")
}
