/// Why the ledger refused a request that was well formed (malformed input is an ``InputError``).
/// A batch with one refused transfer posts nothing. Each case prints as one line and has a
/// stable ``code`` for APIs.
public enum LedgerError: Error, Hashable, Sendable, CustomStringConvertible {
    /// No account with this id.
    case unknownAccount(AccountID)
    /// An account with this id exists with another kind or limit.
    case accountExists(AccountID)
    /// The debit account's limit would be passed: it has `available`, the transfer needs `needed`.
    case insufficientFunds(account: AccountID, available: Amount, needed: Amount)
    /// This id was already posted with a different body.
    case idReused(TransferID)
    /// No hold with this id (or the id is not a hold's).
    case unknownHold(TransferID)
    /// The hold was already posted or voided, by the transfer `by`.
    case alreadyResolved(hold: TransferID, by: TransferID)
    /// A hold posted for more than it holds.
    case exceedsHold(hold: TransferID, held: Amount, requested: Amount)
    /// A running sum of the account would pass Int64 micro-units.
    case overflow(AccountID)

    public var code: String {
        switch self {
        case .unknownAccount: "unknownAccount"
        case .accountExists: "accountExists"
        case .insufficientFunds: "insufficientFunds"
        case .idReused: "idReused"
        case .unknownHold: "unknownHold"
        case .alreadyResolved: "alreadyResolved"
        case .exceedsHold: "exceedsHold"
        case .overflow: "overflow"
        }
    }

    public var description: String {
        switch self {
        case let .unknownAccount(id): "unknown account '\(id)'"
        case let .accountExists(id): "account '\(id)' already exists with another kind or limit"
        case let .insufficientFunds(account, available, needed):
            "insufficient funds: account '\(account)' has \(available) available, needs \(needed)"
        case let .idReused(id): "transfer id \(id) was already used for a different transfer"
        case let .unknownHold(id): "no hold with id \(id)"
        case let .alreadyResolved(hold, by): "hold \(hold) was already resolved by transfer \(by)"
        case let .exceedsHold(hold, held, requested): "hold \(hold) holds \(held), cannot post \(requested)"
        case let .overflow(id): "a running sum of account '\(id)' would pass the largest amount"
        }
    }
}
