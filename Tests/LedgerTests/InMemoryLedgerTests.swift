import Ledger
import LedgerTestSupport
import Testing

@Suite("The in-memory ledger passes the conformance suite")
struct InMemoryLedgerTests {
    @Test(arguments: LedgerConformance.allCases)
    func conformance(_ check: LedgerConformance) async throws {
        try await check.run { InMemoryLedger() }
    }
}
