import Logging
import MarketService
import MarketStoreSQLite
import SurplusCore

/// The store `--database` names: a SQLite file (the default), or a PostgreSQL URL.
enum ServerStorage {
    /// - Throws: ``InputError`` naming `--database` for a store this build cannot open; the
    ///   store's error when the file cannot be opened.
    static func open(_ database: String, logger: Logger) async throws -> any MarketStorage {
        if database.hasPrefix("postgres://") || database.hasPrefix("postgresql://") {
            throw InputError(field: "--database", value: "'postgres://...'", expected: "a SQLite file path: this build has no PostgreSQL market store")
        }
        logger.info("opening the SQLite database", metadata: ["path": "\(database)"])
        return try SQLiteMarketStorage(path: database)
    }
}
