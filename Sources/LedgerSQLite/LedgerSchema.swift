import GRDB
import Ledger

/// The ledger's tables in SQLite, as `DatabaseMigrator` migrations (each runs once, in its own
/// transaction). The schema itself keeps the invariants, whatever SQL runs against it:
///
/// - `ledger_transfer.id` is `UNIQUE`: one journal entry per transfer id.
/// - The partial unique index `ledger_transfer_resolves_once` on `hold`: a hold is resolved at most once.
/// - The trigger `ledger_transfer_posts` (since `ledger-v2`; in `ledger-v1` its first statement
///   was the trigger `ledger_transfer_resolution_matches_hold`) refuses a resolution that names
///   no hold, other accounts, more than the hold (a post) or another amount (a void), then applies
///   every inserted entry to both accounts' running sums by the same amounts (double entry in
///   the schema: no entry without its two postings).
/// - (`ledger-v3` rebuilt the journal with the same constraints, `kind` checked by comparisons.)
/// - `ledger_account` has the `CHECK` `within_limit`:
///   `credit_line IS NULL OR credits_posted - debits_posted - debits_pending >= -credit_line`,
///   so no statement can leave a balance beyond its limit, and `STRICT` typing refuses a sum
///   that passes Int64 (SQLite would turn it into a REAL).
/// - Triggers refuse any `UPDATE` or `DELETE` of the journal, and any change of an account but
///   its running sums.
public enum LedgerSchema {
    /// Registers the ledger's migrations; a program that keeps its own tables in the same
    /// database registers its migrations after these.
    public static func registerMigrations(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("ledger-v1") { db in
            try db.execute(sql: """
                CREATE TABLE ledger_account (
                    id TEXT PRIMARY KEY NOT NULL CHECK (length(id) BETWEEN 1 AND 64),
                    kind TEXT NOT NULL CHECK (kind IN ('participant', 'bank', 'isp', 'world')),
                    credit_line INTEGER CHECK (credit_line >= 0),
                    debits_posted INTEGER NOT NULL DEFAULT 0 CHECK (debits_posted >= 0),
                    credits_posted INTEGER NOT NULL DEFAULT 0 CHECK (credits_posted >= 0),
                    debits_pending INTEGER NOT NULL DEFAULT 0 CHECK (debits_pending >= 0),
                    credits_pending INTEGER NOT NULL DEFAULT 0 CHECK (credits_pending >= 0),
                    CONSTRAINT within_limit CHECK (credit_line IS NULL OR credits_posted - debits_posted - debits_pending >= -credit_line)
                ) STRICT;

                CREATE TABLE ledger_transfer (
                    sequence INTEGER PRIMARY KEY,
                    id BLOB NOT NULL UNIQUE CHECK (length(id) = 16),
                    kind TEXT NOT NULL CHECK (kind IN ('posted', 'held', 'holdPosted', 'holdVoided')),
                    debit TEXT NOT NULL REFERENCES ledger_account (id),
                    credit TEXT NOT NULL REFERENCES ledger_account (id),
                    amount INTEGER NOT NULL CHECK (amount > 0),
                    hold BLOB REFERENCES ledger_transfer (id),
                    requested INTEGER CHECK (requested IS NULL OR kind = 'holdPosted'),
                    memo TEXT NOT NULL CHECK (length(CAST(memo AS BLOB)) <= 256),
                    CHECK (debit <> credit),
                    CHECK ((hold IS NULL) = (kind IN ('posted', 'held')))
                ) STRICT;
                CREATE UNIQUE INDEX ledger_transfer_resolves_once ON ledger_transfer (hold) WHERE hold IS NOT NULL;
                CREATE INDEX ledger_transfer_by_debit ON ledger_transfer (debit);
                CREATE INDEX ledger_transfer_by_credit ON ledger_transfer (credit);

                CREATE TRIGGER ledger_transfer_resolution_matches_hold BEFORE INSERT ON ledger_transfer
                WHEN NEW.hold IS NOT NULL BEGIN
                    SELECT RAISE(ABORT, 'ledger: a resolution must match an earlier hold')
                    WHERE NOT EXISTS (
                        SELECT 1 FROM ledger_transfer AS h
                        WHERE h.id = NEW.hold AND h.kind = 'held' AND h.debit = NEW.debit AND h.credit = NEW.credit
                          AND (NEW.amount = h.amount OR (NEW.kind = 'holdPosted' AND NEW.amount < h.amount)));
                END;

                CREATE TRIGGER ledger_transfer_posts AFTER INSERT ON ledger_transfer BEGIN
                    UPDATE ledger_account SET
                        debits_posted = debits_posted + (CASE WHEN NEW.kind IN ('posted', 'holdPosted') THEN NEW.amount ELSE 0 END),
                        debits_pending = debits_pending + (CASE NEW.kind WHEN 'posted' THEN 0 WHEN 'held' THEN NEW.amount
                            ELSE -(SELECT h.amount FROM ledger_transfer AS h WHERE h.id = NEW.hold) END)
                    WHERE id = NEW.debit;
                    UPDATE ledger_account SET
                        credits_posted = credits_posted + (CASE WHEN NEW.kind IN ('posted', 'holdPosted') THEN NEW.amount ELSE 0 END),
                        credits_pending = credits_pending + (CASE NEW.kind WHEN 'posted' THEN 0 WHEN 'held' THEN NEW.amount
                            ELSE -(SELECT h.amount FROM ledger_transfer AS h WHERE h.id = NEW.hold) END)
                    WHERE id = NEW.credit;
                END;

                CREATE TRIGGER ledger_transfer_immutable BEFORE UPDATE ON ledger_transfer BEGIN
                    SELECT RAISE(ABORT, 'ledger: journal entries are immutable');
                END;
                CREATE TRIGGER ledger_transfer_permanent BEFORE DELETE ON ledger_transfer BEGIN
                    SELECT RAISE(ABORT, 'ledger: journal entries are permanent');
                END;
                CREATE TRIGGER ledger_account_fixed BEFORE UPDATE OF id, kind, credit_line ON ledger_account BEGIN
                    SELECT RAISE(ABORT, 'ledger: an account keeps its id, kind and limit');
                END;
                CREATE TRIGGER ledger_account_permanent BEFORE DELETE ON ledger_account BEGIN
                    SELECT RAISE(ABORT, 'ledger: accounts are permanent');
                END;
                """)
            for account in Account.system { try Rows.insert(account, db) }
        }
        // One trigger program per inserted entry instead of two: SQLite runs each trigger in a
        // frame of its own, which the check of a resolution cost every posting, hold or not.
        // Same refusals, same messages; 7% fewer of SQLite's instructions per posting (callgrind).
        migrator.registerMigration("ledger-v2-one-trigger-per-entry") { db in
            try db.execute(sql: """
                DROP TRIGGER ledger_transfer_resolution_matches_hold;
                DROP TRIGGER ledger_transfer_posts;
                CREATE TRIGGER ledger_transfer_posts AFTER INSERT ON ledger_transfer BEGIN
                    SELECT RAISE(ABORT, 'ledger: a resolution must match an earlier hold')
                    WHERE NEW.hold IS NOT NULL AND NOT EXISTS (
                        SELECT 1 FROM ledger_transfer AS h
                        WHERE h.id = NEW.hold AND h.kind = 'held' AND h.debit = NEW.debit AND h.credit = NEW.credit
                          AND (NEW.amount = h.amount OR (NEW.kind = 'holdPosted' AND NEW.amount < h.amount)));
                    UPDATE ledger_account SET
                        debits_posted = debits_posted + (CASE WHEN NEW.kind IN ('posted', 'holdPosted') THEN NEW.amount ELSE 0 END),
                        debits_pending = debits_pending + (CASE NEW.kind WHEN 'posted' THEN 0 WHEN 'held' THEN NEW.amount
                            ELSE -(SELECT h.amount FROM ledger_transfer AS h WHERE h.id = NEW.hold) END)
                    WHERE id = NEW.debit;
                    UPDATE ledger_account SET
                        credits_posted = credits_posted + (CASE WHEN NEW.kind IN ('posted', 'holdPosted') THEN NEW.amount ELSE 0 END),
                        credits_pending = credits_pending + (CASE NEW.kind WHEN 'posted' THEN 0 WHEN 'held' THEN NEW.amount
                            ELSE -(SELECT h.amount FROM ledger_transfer AS h WHERE h.id = NEW.hold) END)
                    WHERE id = NEW.credit;
                END;
                """)
        }
        // The journal rebuilt with `kind` checked by comparisons: SQLite evaluates `x IN (list)`
        // of three or more constants by filling a temporary b-tree, and a CHECK does it again for
        // every row inserted (about 10,000 of the 60,000 instructions of a posting in a batch,
        // callgrind). Same rows, constraints, indexes and triggers otherwise; GRDB turns foreign
        // keys off during a migration and checks them all before it commits.
        migrator.registerMigration("ledger-v3-kind-check-without-in-list") { db in
            try db.execute(sql: """
                CREATE TABLE ledger_transfer_v3 (
                    sequence INTEGER PRIMARY KEY,
                    id BLOB NOT NULL UNIQUE CHECK (length(id) = 16),
                    kind TEXT NOT NULL CHECK (kind = 'posted' OR kind = 'held' OR kind = 'holdPosted' OR kind = 'holdVoided'),
                    debit TEXT NOT NULL REFERENCES ledger_account (id),
                    credit TEXT NOT NULL REFERENCES ledger_account (id),
                    amount INTEGER NOT NULL CHECK (amount > 0),
                    hold BLOB REFERENCES ledger_transfer (id),
                    requested INTEGER CHECK (requested IS NULL OR kind = 'holdPosted'),
                    memo TEXT NOT NULL CHECK (length(CAST(memo AS BLOB)) <= 256),
                    CHECK (debit <> credit),
                    CHECK ((hold IS NULL) = (kind = 'posted' OR kind = 'held'))
                ) STRICT;
                INSERT INTO ledger_transfer_v3 SELECT sequence, id, kind, debit, credit, amount, hold, requested, memo
                    FROM ledger_transfer ORDER BY sequence;
                DROP TABLE ledger_transfer;
                ALTER TABLE ledger_transfer_v3 RENAME TO ledger_transfer;
                CREATE UNIQUE INDEX ledger_transfer_resolves_once ON ledger_transfer (hold) WHERE hold IS NOT NULL;
                CREATE INDEX ledger_transfer_by_debit ON ledger_transfer (debit);
                CREATE INDEX ledger_transfer_by_credit ON ledger_transfer (credit);

                CREATE TRIGGER ledger_transfer_posts AFTER INSERT ON ledger_transfer BEGIN
                    SELECT RAISE(ABORT, 'ledger: a resolution must match an earlier hold')
                    WHERE NEW.hold IS NOT NULL AND NOT EXISTS (
                        SELECT 1 FROM ledger_transfer AS h
                        WHERE h.id = NEW.hold AND h.kind = 'held' AND h.debit = NEW.debit AND h.credit = NEW.credit
                          AND (NEW.amount = h.amount OR (NEW.kind = 'holdPosted' AND NEW.amount < h.amount)));
                    UPDATE ledger_account SET
                        debits_posted = debits_posted + (CASE WHEN NEW.kind = 'posted' OR NEW.kind = 'holdPosted' THEN NEW.amount ELSE 0 END),
                        debits_pending = debits_pending + (CASE NEW.kind WHEN 'posted' THEN 0 WHEN 'held' THEN NEW.amount
                            ELSE -(SELECT h.amount FROM ledger_transfer AS h WHERE h.id = NEW.hold) END)
                    WHERE id = NEW.debit;
                    UPDATE ledger_account SET
                        credits_posted = credits_posted + (CASE WHEN NEW.kind = 'posted' OR NEW.kind = 'holdPosted' THEN NEW.amount ELSE 0 END),
                        credits_pending = credits_pending + (CASE NEW.kind WHEN 'posted' THEN 0 WHEN 'held' THEN NEW.amount
                            ELSE -(SELECT h.amount FROM ledger_transfer AS h WHERE h.id = NEW.hold) END)
                    WHERE id = NEW.credit;
                END;
                CREATE TRIGGER ledger_transfer_immutable BEFORE UPDATE ON ledger_transfer BEGIN
                    SELECT RAISE(ABORT, 'ledger: journal entries are immutable');
                END;
                CREATE TRIGGER ledger_transfer_permanent BEFORE DELETE ON ledger_transfer BEGIN
                    SELECT RAISE(ABORT, 'ledger: journal entries are permanent');
                END;
                """)
        }
    }
}
