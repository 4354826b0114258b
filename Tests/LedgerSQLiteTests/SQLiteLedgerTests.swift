import Foundation
import GRDB
import Ledger
import LedgerSQLite
import LedgerTestSupport
import Testing

/// A new ledger in a new temporary folder.
func temporaryLedger() throws -> SQLiteLedger {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ledger-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return try SQLiteLedger(path: folder.appendingPathComponent("ledger.sqlite").path)
}

@Suite("The SQLite ledger passes the conformance suite")
struct SQLiteLedgerConformanceTests {
    @Test(arguments: LedgerConformance.allCases)
    func conformance(_ check: LedgerConformance) async throws {
        try await check.run { try temporaryLedger() }
    }
}
