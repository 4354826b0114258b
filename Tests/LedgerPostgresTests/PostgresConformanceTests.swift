import Ledger
import LedgerTestSupport
import Testing

/// The shared ledger conformance suite, run on PostgreSQL (each check on fresh schemas).
@Suite(.enabled(if: PostgresTestServer.isConfigured, Comment(rawValue: PostgresTestServer.skipReason)))
struct PostgresConformanceTests {
    @Test(arguments: LedgerConformance.allCases)
    func conformance(_ check: LedgerConformance) async throws {
        try await PostgresTestServer.withStores { makeStore in
            try await check.run { try await makeStore() }
        }
    }
}
