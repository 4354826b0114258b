import Foundation
import LedgerPostgres
import MarketService
import MarketServiceTestSupport
import MarketStorePostgres
import Synchronization
import Testing

/// The market service's conformance suite (the one the in-memory and SQLite storages pass) on
/// PostgreSQL: each check on a new schema, which a restart opens again; every storage opened
/// is shut down and the schema dropped afterwards.
@Suite("Market service on PostgreSQL", .enabled(if: MarketPostgresTestServer.url != nil, Comment(rawValue: MarketPostgresTestServer.skipReason)))
struct PostgresConformanceTests {
    @Test("conformance", arguments: MarketStorageConformance.allCases)
    func conformance(_ check: MarketStorageConformance) async throws {
        guard let url = MarketPostgresTestServer.url else { return }
        let schema = "market_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let configuration = try PostgresLedgerConfiguration(url: url, schema: schema, maximumConnections: 4)
        let opened = OpenedStorages()
        do {
            try await check.run {
                StorageFixture {
                    let storage = try await PostgresMarketStorage.open(configuration)
                    opened.add(storage)
                    return storage
                }
            }
        } catch {
            await opened.closeAll()
            throw error
        }
        await opened.closeAll()
    }
}

/// The storages a check opened, shut down at its end (the first also drops the schema).
private final class OpenedStorages: Sendable {
    private let storages = Mutex<[PostgresMarketStorage]>([])

    func add(_ storage: PostgresMarketStorage) { storages.withLock { $0.append(storage) } }

    func closeAll() async {
        let all = storages.withLock { $0 }
        for storage in all.dropFirst() { await storage.shutdown() }
        try? await all.first?.postgresLedger.dropSchemaAndShutdown()
    }
}
