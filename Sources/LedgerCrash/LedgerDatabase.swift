import Foundation
import Ledger
import LedgerPostgres
import LedgerSQLite

/// The one place the crash test chooses its store from `--database`: a file path opens SQLite;
/// a `postgres://USER:PASSWORD@HOST:PORT/DATABASE?schema=NAME` URL opens PostgreSQL, in the schema
/// `NAME` (default `ledger`; the crash test needs a new one).
enum LedgerDatabase {
    static func open(_ database: String) async throws -> any LedgerStore {
        if database.hasPrefix("postgres://") || database.hasPrefix("postgresql://") {
            let schema = URLComponents(string: database)?.queryItems?.first { $0.name == "schema" }?.value ?? "ledger"
            return try await PostgresLedger.open(try PostgresLedgerConfiguration(url: database, schema: schema, maximumConnections: 2))
        }
        return try SQLiteLedger(path: database)
    }
}
