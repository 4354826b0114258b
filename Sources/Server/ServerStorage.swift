import LedgerPostgres
import Logging
import MarketService
import MarketStorePostgres
import MarketStoreSQLite
import SurplusCore

/// The store `--database` names: a SQLite file (the default), or a PostgreSQL URL, on which
/// several `surplus serve` processes may serve the same markets (`PostgresMarketStorage`).
enum ServerStorage {
    /// - Throws: ``InputError`` naming `--database` for a malformed URL; the store's error when
    ///   the file or the server cannot be opened.
    static func open(_ database: String, logger: Logger) async throws -> any MarketStorage {
        if database.hasPrefix("postgres://") || database.hasPrefix("postgresql://") {
            let configuration: PostgresLedgerConfiguration
            do { configuration = try PostgresLedgerConfiguration(url: database) } catch let error as InputError {
                throw InputError(field: "--database", value: error.value, expected: error.expected)
            }
            logger.info("opening the PostgreSQL database", metadata: ["schema": "\(configuration.schema)"])
            return try await PostgresMarketStorage.open(configuration, logger: logger)
        }
        logger.info("opening the SQLite database", metadata: ["path": "\(database)"])
        return try SQLiteMarketStorage(path: database)
    }

    /// Closes a PostgreSQL store's connections (a SQLite store closes when released).
    static func close(_ storage: any MarketStorage) async {
        if let postgres = storage as? PostgresMarketStorage { await postgres.shutdown() }
    }
}
