import SurplusCore

/// A ledger store: where accounts and the journal live. Every store passes one conformance
/// suite (`LedgerTestSupport`); `InMemoryLedger` is the reference, `LedgerSQLite` and
/// `LedgerPostgres` keep the money on disk.
///
/// The guarantees, in every store and under any interleaving of concurrent callers:
/// - **Idempotent by id.** A transfer whose id is already posted with the same body posts nothing
///   and returns the first entry (``Receipt/replayed``); with another body it is
///   ``LedgerError/idReused(_:)``. Two callers sending the same id at once post it once.
/// - **Atomic batches.** ``submit(_:)`` applies a batch in order, as one transaction: all of it
///   or, when one transfer is refused, none of it (the error is that transfer's).
/// - **Double entry.** Every posting debits one account and credits another by the same amount,
///   so total debits equal total credits after every commit.
/// - **Limits.** No account's `balance - held` goes below `-creditLine`; the store enforces it
///   itself (in SQL for the database stores), not only its Swift code.
/// - **Holds resolve at most once**, posted in full, in part, or voided.
/// - **Durable.** A returned result is committed: it survives a crash of the process.
public protocol LedgerStore: Sendable {
    /// Creates an account. Creating it again with the same kind and limit returns it; with
    /// another is ``LedgerError/accountExists(_:)``. The system accounts exist from the start.
    @discardableResult
    func createAccount(_ account: Account) async throws -> Account

    /// Submits a batch of at most ``LedgerLimits/maximumBatch`` transfers, all or nothing, in order.
    /// Returns one receipt per transfer.
    @discardableResult
    func submit(_ batch: [Transfer]) async throws -> [Receipt]

    /// An account and its running sums.
    func account(_ id: AccountID) async throws -> AccountState

    /// The account's journal, newest first: up to `limit` entries that debit or credit it,
    /// older than `before` (nil: from the newest).
    func entries(of account: AccountID, before: JournalCursor?, limit: Int) async throws -> JournalPage

    /// The sums the ledger is checked by.
    func totals() async throws -> LedgerTotals

    /// Every account and the whole journal, as of one commit: for audits and tests (its size
    /// is the ledger's).
    func snapshot() async throws -> LedgerSnapshot
}

/// Bounds on what one call may ask for.
public enum LedgerLimits {
    /// Transfers in one batch.
    public static let maximumBatch = 10_000
    /// Entries in one journal page.
    public static let maximumPage = 1_000

    /// - Throws: ``InputError`` for a batch larger than ``maximumBatch``.
    public static func checkBatch(_ batch: [Transfer]) throws(InputError) {
        try checkCount(batch.count, 0...maximumBatch, "batch")
    }

    /// - Throws: ``InputError`` for a page size outside 1...``maximumPage``.
    public static func checkPage(_ limit: Int) throws(InputError) {
        try checkCount(limit, 1...maximumPage, "limit")
    }

    private static func checkCount(_ count: Int, _ range: ClosedRange<Int>, _ field: String) throws(InputError) {
        guard range.contains(count) else {
            throw InputError(field: field, value: count, expected: "\(range.lowerBound)...\(range.upperBound) items")
        }
    }
}

/// Where a journal page ends: pass it as `before` to read the next (older) page.
/// Its text form is the sequence number of the last entry read.
public struct JournalCursor: Hashable, Sendable, CustomStringConvertible, Codable {
    public let sequence: Int64

    public init(sequence: Int64) { self.sequence = sequence }

    /// - Throws: ``InputError`` naming `field` unless a positive integer.
    public init(parsing text: String, field: String = "cursor") throws(InputError) {
        guard let sequence = Int64(text), sequence > 0 else {
            throw InputError(field: field, value: "'\(text.prefix(40))'", expected: "a cursor returned by an earlier page")
        }
        self.sequence = sequence
    }

    public var description: String { String(sequence) }
}

/// A page of an account's journal, newest first; `next` is nil on the last page.
public struct JournalPage: Hashable, Sendable, Codable {
    public let entries: [JournalEntry]
    public let next: JournalCursor?

    /// A page of `entries` read with page size `limit`: a full page may have a next one.
    public init(entries: [JournalEntry], limit: Int) {
        self.entries = entries
        next = entries.count == limit ? entries.last.map { JournalCursor(sequence: $0.sequence) } : nil
    }
}

/// The sums the ledger is checked by (the server's `GET /v1/ledger`).
public struct LedgerTotals: Hashable, Sendable, Codable {
    /// Sum of every account's posted debits.
    public let totalDebits: Amount
    /// Sum of every account's posted credits.
    public let totalCredits: Amount
    /// Money that entered from the world (the world account's posted debits).
    public let deposited: Amount
    /// Money that left to the world (its posted credits).
    public let withdrawn: Amount
    /// Sum of the participants' balances.
    public let participantBalances: Amount
    /// Sum of the system accounts' balances (bank, ISP, world).
    public let systemBalances: Amount
    /// Debits equal credits and the balances sum to zero.
    public let balanced: Bool

    /// The totals of sums a store computed; `balanced` follows from them.
    public init(totalDebits: Amount, totalCredits: Amount, deposited: Amount, withdrawn: Amount,
                participantBalances: Amount, systemBalances: Amount) {
        self.totalDebits = totalDebits
        self.totalCredits = totalCredits
        self.deposited = deposited
        self.withdrawn = withdrawn
        self.participantBalances = participantBalances
        self.systemBalances = systemBalances
        balanced = totalDebits == totalCredits && participantBalances.adding(systemBalances) == .zero
    }

    /// The totals of these accounts.
    /// - Throws: ``LedgerError/overflow(_:)`` when a sum passes Int64 micro-units.
    public init(accounts: some Sequence<AccountState>) throws(LedgerError) {
        var debits = Amount.zero, credits = Amount.zero, participants = Amount.zero, system = Amount.zero
        var deposited = Amount.zero, withdrawn = Amount.zero
        func add(_ a: Amount, to sum: inout Amount, _ id: AccountID) throws(LedgerError) {
            guard let total = sum.adding(a) else { throw .overflow(id) }
            sum = total
        }
        for state in accounts {
            try add(state.debitsPosted, to: &debits, state.id)
            try add(state.creditsPosted, to: &credits, state.id)
            if state.account.kind.isSystem { try add(state.balance, to: &system, state.id) } else { try add(state.balance, to: &participants, state.id) }
            if state.account.kind == .world {
                deposited = state.debitsPosted
                withdrawn = state.creditsPosted
            }
        }
        self.init(totalDebits: debits, totalCredits: credits, deposited: deposited, withdrawn: withdrawn,
                  participantBalances: participants, systemBalances: system)
    }
}

/// Every account and the whole journal (oldest first), as of one commit.
public struct LedgerSnapshot: Hashable, Sendable, Codable {
    /// Accounts, by id.
    public let accounts: [AccountState]
    /// The journal, oldest first.
    public let journal: [JournalEntry]

    public init(accounts: [AccountState], journal: [JournalEntry]) {
        self.accounts = accounts.sorted { $0.id < $1.id }
        self.journal = journal.sorted { $0.sequence < $1.sequence }
    }
}

extension LedgerStore {
    /// Submits one transfer.
    @discardableResult
    public func submit(_ transfer: Transfer) async throws -> Receipt {
        let receipts = try await submit([transfer])
        return receipts[0]
    }

    /// Moves `amount` from `debit` to `credit` now.
    @discardableResult
    public func post(id: TransferID, from debit: AccountID, to credit: AccountID, amount: Amount, memo: String = "") async throws -> Receipt {
        try await submit(Transfer(id: id, .post(debit: debit, credit: credit, amount: amount), memo: memo))
    }

    /// Holds `amount` on `debit` for `credit`.
    @discardableResult
    public func hold(id: TransferID, from debit: AccountID, to credit: AccountID, amount: Amount, memo: String = "") async throws -> Receipt {
        try await submit(Transfer(id: id, .hold(debit: debit, credit: credit, amount: amount), memo: memo))
    }

    /// Posts the hold `hold` in full (nil) or in part.
    @discardableResult
    public func postHold(id: TransferID, hold: TransferID, amount: Amount? = nil, memo: String = "") async throws -> Receipt {
        try await submit(Transfer(id: id, .postHold(hold, amount: amount), memo: memo))
    }

    /// Voids the hold `hold`.
    @discardableResult
    public func voidHold(id: TransferID, hold: TransferID, memo: String = "") async throws -> Receipt {
        try await submit(Transfer(id: id, .voidHold(hold), memo: memo))
    }

    /// The account's newest entries.
    public func entries(of account: AccountID, limit: Int = 100) async throws -> JournalPage {
        try await entries(of: account, before: nil, limit: limit)
    }
}
