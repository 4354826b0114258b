import Ledger
import LedgerSQLite

/// The one place the crash test chooses its store from `--database`: a file path opens SQLite.
/// (A `postgres://` URL opens PostgreSQL once the `LedgerPostgres` store is linked here.)
enum LedgerDatabase {
    static func open(_ database: String) async throws -> any LedgerStore {
        if database.hasPrefix("postgres://") || database.hasPrefix("postgresql://") {
            throw CrashTestFailure("--database \(database): this build has no PostgreSQL store")
        }
        return try SQLiteLedger(path: database)
    }
}
