import Foundation
import GRDB
import Ledger
import LiveMarkets
import MarketService
import MarketServiceTestSupport
import MarketStoreSQLite
import Testing

/// A fresh database file per check; each `open` opens that file again (a restart).
private func makeFixture() throws -> StorageFixture {
    let path = try temporaryDatabasePath()
    return StorageFixture { try SQLiteMarketStorage(path: path) }
}

/// `surplus.sqlite` in a new temporary folder.
private func temporaryDatabasePath() throws -> String {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("market-service-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder.appendingPathComponent("surplus.sqlite").path
}

@Suite("Market service on SQLite")
struct SQLiteConformanceTests {
    @Test("conformance", arguments: MarketStorageConformance.allCases)
    func conformance(_ check: MarketStorageConformance) async throws {
        try await check.run { try makeFixture() }
    }

    @Test("the schema keeps one command per market and sequence, and never changes a row")
    func schema() async throws {
        let storage = try SQLiteMarketStorage(path: try temporaryDatabasePath())
        try await storage.sqliteLedger.pool.write { db in
            try db.execute(sql: "INSERT INTO market_command (market, sequence, body) VALUES ('m1', 1, x'7b7d')")
        }
        await #expect(throws: DatabaseError.self) {
            try await storage.sqliteLedger.pool.write { db in
                try db.execute(sql: "INSERT INTO market_command (market, sequence, body) VALUES ('m1', 1, x'7b7d')")
            }
        }
        await #expect(throws: DatabaseError.self) {
            try await storage.sqliteLedger.pool.write { db in try db.execute(sql: "UPDATE market_command SET body = x'00'") }
        }
        await #expect(throws: DatabaseError.self) {
            try await storage.sqliteLedger.pool.write { db in try db.execute(sql: "DELETE FROM market_command") }
        }
        let commands = try await storage.commands(of: try MarketID("m1"), after: 0)
        #expect(commands.count == 1 && commands[0].body == Data("{}".utf8))
    }
}
