import LedgerPostgres

/// The market service's tables in PostgreSQL, beside the ledger's in the same schema, as
/// versioned migrations recorded in `market_schema_migrations` (applied by
/// `PostgresLedger.migrate(_:recordedIn:)`, one migrator at a time). The same tables as the
/// SQLite store's `MarketSchema`:
///
/// - `market_participant` (number, name, key_hash): p`number`, its API key's SHA-256 (unique).
/// - `market_market` (number, kind, name, definition): m`number` and its definition.
/// - `market_command` (market, sequence, body): each market's accepted commands; the primary
///   key `market_command_pkey` on (market, sequence) lets no two writers append the same sequence.
/// - `market_idempotency` (caller, key, fingerprint, status, body): the first response of each
///   creating request, primary key `market_idempotency_pkey` on (caller, key).
///
/// Nothing is ever updated or deleted: the trigger `market_rows_are_permanent` refuses it on
/// every table (the commands are the history).
enum MarketMigrations {
    /// Where the versions applied are recorded.
    static let table = "market_schema_migrations"

    static let all: [PostgresMigration] = [tables]

    /// Version 1: the four tables and their immutability.
    static let tables = PostgresMigration(version: 1, name: "market service tables", statements: [
        """
        CREATE TABLE market_participant (
            number integer PRIMARY KEY CHECK (number > 0),
            name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
            key_hash text NOT NULL UNIQUE CHECK (length(key_hash) = 64)
        )
        """,
        """
        CREATE TABLE market_market (
            number integer PRIMARY KEY CHECK (number > 0),
            kind text NOT NULL CHECK (kind IN ('exchange', 'bilateral')),
            name text NOT NULL,
            definition bytea NOT NULL
        )
        """,
        """
        CREATE TABLE market_command (
            market text NOT NULL,
            sequence integer NOT NULL CHECK (sequence > 0),
            body bytea NOT NULL,
            PRIMARY KEY (market, sequence)
        )
        """,
        """
        CREATE TABLE market_idempotency (
            caller text NOT NULL,
            key text NOT NULL,
            fingerprint text NOT NULL,
            status integer NOT NULL,
            body bytea NOT NULL,
            PRIMARY KEY (caller, key)
        )
        """,
        """
        CREATE FUNCTION market_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'market service: % rows are permanent and immutable', TG_TABLE_NAME;
        END
        $$
        """,
        "CREATE TRIGGER market_rows_are_permanent BEFORE UPDATE OR DELETE ON market_participant FOR EACH ROW EXECUTE FUNCTION market_refuse_change()",
        "CREATE TRIGGER market_rows_are_permanent BEFORE UPDATE OR DELETE ON market_market FOR EACH ROW EXECUTE FUNCTION market_refuse_change()",
        "CREATE TRIGGER market_rows_are_permanent BEFORE UPDATE OR DELETE ON market_command FOR EACH ROW EXECUTE FUNCTION market_refuse_change()",
        "CREATE TRIGGER market_rows_are_permanent BEFORE UPDATE OR DELETE ON market_idempotency FOR EACH ROW EXECUTE FUNCTION market_refuse_change()",
    ])
}
