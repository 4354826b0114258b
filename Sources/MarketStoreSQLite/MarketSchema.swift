import GRDB

/// The market service's tables, beside the ledger's in the same database (registered after
/// the ledger's migrations through `SQLiteLedger(path:migrations:)`):
///
/// - `market_participant` (number, name, key_hash): p`number`, its API key's SHA-256 (unique).
/// - `market_market` (number, kind, name, definition): m`number` and its definition.
/// - `market_command` (market, sequence, body): each market's accepted commands; the primary
///   key (market, sequence) lets no two writers append the same sequence.
/// - `market_idempotency` (caller, key, fingerprint, status, body): the first response of each
///   creating request, primary key (caller, key).
///
/// Nothing is ever updated or deleted (triggers refuse it): the commands are the history.
public enum MarketSchema {
    public static func registerMigrations(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("market-service-v1") { db in
            try db.execute(sql: """
                CREATE TABLE market_participant (
                    number INTEGER PRIMARY KEY CHECK (number > 0),
                    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
                    key_hash TEXT NOT NULL UNIQUE CHECK (length(key_hash) = 64)
                ) STRICT;
                CREATE TABLE market_market (
                    number INTEGER PRIMARY KEY CHECK (number > 0),
                    kind TEXT NOT NULL CHECK (kind IN ('exchange', 'bilateral')),
                    name TEXT NOT NULL,
                    definition BLOB NOT NULL
                ) STRICT;
                CREATE TABLE market_command (
                    market TEXT NOT NULL,
                    sequence INTEGER NOT NULL CHECK (sequence > 0),
                    body BLOB NOT NULL,
                    PRIMARY KEY (market, sequence)
                ) STRICT, WITHOUT ROWID;
                CREATE TABLE market_idempotency (
                    caller TEXT NOT NULL,
                    key TEXT NOT NULL,
                    fingerprint TEXT NOT NULL,
                    status INTEGER NOT NULL,
                    body BLOB NOT NULL,
                    PRIMARY KEY (caller, key)
                ) STRICT, WITHOUT ROWID;
                """)
            for table in ["market_participant", "market_market", "market_command", "market_idempotency"] {
                try db.execute(sql: """
                    CREATE TRIGGER \(table)_immutable BEFORE UPDATE ON \(table) BEGIN
                        SELECT RAISE(ABORT, 'market service: \(table) rows are immutable');
                    END;
                    CREATE TRIGGER \(table)_permanent BEFORE DELETE ON \(table) BEGIN
                        SELECT RAISE(ABORT, 'market service: \(table) rows are permanent');
                    END;
                    """)
            }
        }
    }
}
