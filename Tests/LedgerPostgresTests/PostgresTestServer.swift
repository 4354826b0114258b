import Foundation
import Ledger
@testable import LedgerPostgres

/// The PostgreSQL server the tests use: the URL in `SURPLUS_TEST_POSTGRES_URL`
/// (`Scripts/postgres-cluster.sh start` prints one; `.ci/run` exports it). Without it the
/// PostgreSQL tests are skipped, and the first check says so on stderr.
enum PostgresTestServer {
    static let url: String? = {
        let url = ProcessInfo.processInfo.environment[PostgresLedgerConfiguration.testURLVariable].flatMap { $0.isEmpty ? nil : $0 }
        if url == nil {
            FileHandle.standardError.write(Data("LedgerPostgresTests: PostgreSQL skipped: \(skipReason)\n".utf8))
        }
        return url
    }()

    static var isConfigured: Bool { url != nil }

    static let skipReason = "\(PostgresLedgerConfiguration.testURLVariable) is not set "
        + "(export SURPLUS_TEST_POSTGRES_URL=$(Scripts/postgres-cluster.sh start) to run the PostgreSQL tests)"

    /// A store in a new schema of its own, so that tests running at once do not meet.
    static func makeStore() async throws -> PostgresLedger {
        guard let url else { throw PostgresLedgerError.connection(skipReason) }
        let schema = "test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        return try await PostgresLedger.open(try PostgresLedgerConfiguration(url: url, schema: schema, maximumConnections: 8))
    }

    /// Runs `body` with a factory of fresh stores; afterwards drops their schemas and shuts them down.
    static func withStores<Result: Sendable>(_ body: (@escaping @Sendable () async throws -> PostgresLedger) async throws -> Result)
        async throws -> Result {
        let opened = OpenedStores()
        let factory: @Sendable () async throws -> PostgresLedger = {
            let store = try await makeStore()
            await opened.add(store)
            return store
        }
        do {
            let result = try await body(factory)
            try await opened.dropAll()
            return result
        } catch {
            try? await opened.dropAll()
            throw error
        }
    }

    private actor OpenedStores {
        var stores: [PostgresLedger] = []
        func add(_ store: PostgresLedger) { stores.append(store) }
        func dropAll() async throws {
            let all = stores
            stores = []
            for store in all { try await store.dropSchemaAndShutdown() }
        }
    }
}
