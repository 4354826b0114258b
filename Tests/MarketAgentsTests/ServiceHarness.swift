import Foundation
import MarketAgents
import MarketService

/// A fresh in-memory `MarketService` and a client of it, for each test.
struct ServiceHarness {
    static let adminKey = "test-admin-key"
    let service: MarketService
    let client: ContractClient

    init(transport: (InProcessTransport) -> any MarketTransport = { $0 }, attempts: Int = 6) async throws {
        service = try await MarketService(storage: InMemoryMarketStorage(), adminKey: Self.adminKey)
        client = ContractClient(
            transport: transport(InProcessTransport(service: service)), adminKey: Self.adminKey, maximumConcurrentRequests: 8,
            maximumAttempts: attempts)
    }
}

/// A transport that delivers every `every`-th request but loses its response (a connection
/// that broke after the server acted), so the client must retry it with the same key.
final class LosingTransport: MarketTransport, @unchecked Sendable {
    let inner: any MarketTransport
    let every: Int
    private let lock = NSLock()
    private var count = 0
    private(set) var lost = 0

    init(_ inner: any MarketTransport, every: Int) {
        self.inner = inner
        self.every = every
    }

    func send(_ request: ContractRequest) async throws -> ContractResponse {
        let response = try await inner.send(request)
        let lose = lock.withLock {
            count += 1
            guard count % every == 0 else { return false }
            lost += 1
            return true
        }
        if lose { throw ConnectionFailure("response lost (test)") }
        return response
    }
}
