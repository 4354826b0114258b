/// The reference store: a ``LedgerBook`` behind an actor, so concurrent callers are serialized
/// and each batch is applied whole or not at all. Nothing survives the process.
public actor InMemoryLedger: LedgerStore {
    private var book = LedgerBook()

    public init() {}

    @discardableResult
    public func createAccount(_ account: Account) throws -> Account { try book.createAccount(account) }
    @discardableResult
    public func submit(_ batch: [Transfer]) throws -> [Receipt] { try book.submit(batch) }
    public func account(_ id: AccountID) throws -> AccountState { try book.account(id) }
    public func entries(of account: AccountID, before: JournalCursor?, limit: Int) throws -> JournalPage {
        try book.entries(of: account, before: before, limit: limit)
    }
    public func totals() throws -> LedgerTotals { try book.totals() }
    public func snapshot() -> LedgerSnapshot { book.snapshot }
}
