/// What can go wrong with a PostgreSQL ledger beyond the ledger's own refusals (``LedgerError``).
public enum PostgresLedgerError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The server aborted every attempt with a conflict (SQLSTATE `sqlState`): too many writers on
    /// the same accounts for the retry policy.
    case retriesExhausted(attempts: Int, sqlState: String)
    /// A stored row the store cannot read back (`what`): the schema was changed by hand.
    case unreadableRow(String)
    /// The server refused a statement for a reason that is not the ledger's (SQLSTATE `sqlState`).
    case server(sqlState: String, message: String)
    /// No answer from the server: the connection failed or was closed (`reason`), or the store was shut down.
    case connection(String)

    public var description: String {
        switch self {
        case let .retriesExhausted(attempts, state):
            "PostgreSQL aborted the transaction \(attempts) times (SQLSTATE \(state)): too much contention, try again"
        case let .unreadableRow(what): "the ledger database holds an unreadable row: \(what)"
        case let .server(state, message): "PostgreSQL refused the statement (SQLSTATE \(state)): \(message)"
        case let .connection(reason): "no answer from PostgreSQL: \(reason)"
        }
    }
}
