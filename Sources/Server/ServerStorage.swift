import LedgerPostgres
import Logging
import MarketService
import MarketStorePostgres
import MarketStoreSQLite
import SurplusCore

/// The store `--database` names: a SQLite file (the default), or a PostgreSQL URL, on which
/// several `surplus serve` processes may serve the same markets (`PostgresMarketStorage`).
enum ServerStorage {
    /// - Throws: ``InputError`` naming `--database` for a malformed URL, and
    ///   ``StorageUnavailable`` naming it when the file or the server cannot be opened (a
    ///   PostgreSQL server that does not answer within `PostgresLedger.openDeadline`).
    static func open(_ database: String, logger: Logger) async throws -> any MarketStorage {
        if database.hasPrefix("postgres://") || database.hasPrefix("postgresql://") {
            let configuration: PostgresLedgerConfiguration
            do { configuration = try PostgresLedgerConfiguration(url: database) } catch let error as InputError {
                throw InputError(field: "--database", value: error.value, expected: error.expected)
            }
            logger.info("opening the PostgreSQL database", metadata: ["schema": "\(configuration.schema)"])
            do { return try await PostgresMarketStorage.open(configuration, logger: logger) } catch {
                throw StorageUnavailable(database: PostgresLedgerConfiguration.redacted(database), reason: "\(error)")
            }
        }
        logger.info("opening the SQLite database", metadata: ["path": "\(database)"])
        do { return try SQLiteMarketStorage(path: database) } catch {
            throw StorageUnavailable(database: database, reason: "\(error)")
        }
    }

    /// Closes a PostgreSQL store's connections (a SQLite store closes when released).
    static func close(_ storage: any MarketStorage) async {
        if let postgres = storage as? PostgresMarketStorage { await postgres.shutdown() }
    }
}

/// `--database` names a store that could not be opened: one line that says which and why.
struct StorageUnavailable: Error, CustomStringConvertible {
    /// The value of `--database` (a URL's password hidden).
    var database: String
    var reason: String

    var description: String { "--database = '\(database)' could not be opened: \(reason)" }
}
