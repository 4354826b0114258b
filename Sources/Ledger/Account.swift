import SurplusCore

/// What an account is for. Participants are the market's users; the system accounts are the
/// counterparties every market needs (one of each kind, created by every store when it opens).
public enum AccountKind: String, Hashable, Sendable, Codable, CaseIterable {
    /// A participant's tokens.
    case participant
    /// The bank of the credit models (paper 000, Sec. III-D): lends to participants, is repaid.
    case bank
    /// The ISP fallback seller of the data exchange (papers 001, 002): paid for unmet demand.
    case isp
    /// The outside world: deposits are transfers from it, withdrawals transfers to it.
    case world

    /// A bank, ISP or world account.
    public var isSystem: Bool { self != .participant }
}

/// An account's id: 1 to 64 characters of letters, digits and `-_.:`. The system accounts
/// have the ids `bank`, `isp` and `world`.
public struct AccountID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public static let maximumLength = 64
    public let rawValue: String

    /// - Throws: ``InputError`` naming `field` for an empty, too long or unusual id.
    public init(_ text: String, field: String = "account") throws(InputError) {
        let allowed = text.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || "-_.:".utf8.contains(byte)
        }
        guard !text.isEmpty, text.utf8.count <= AccountID.maximumLength, allowed else {
            let shown = text.count > 40 ? "'\(text.prefix(40))...'" : "'\(text)'"
            throw InputError(field: field, value: shown, expected: "an account id of 1 to 64 letters, digits or -_.:")
        }
        rawValue = text
    }

    init(system kind: AccountKind) { rawValue = kind.rawValue }

    public static let bank = AccountID(system: .bank)
    public static let isp = AccountID(system: .isp)
    public static let world = AccountID(system: .world)

    public static func < (a: AccountID, b: AccountID) -> Bool { a.rawValue < b.rawValue }
    public var description: String { rawValue }
}

extension AccountID: Codable {
    public init(from decoder: any Decoder) throws {
        try self.init(try decoder.singleValueContainer().decode(String.self), field: fieldName(decoder.codingPath, default: "account"))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// How low an account's balance may go (TigerBeetle's `debits_must_not_exceed_credits` flag,
/// with a credit line): `balance - held >= -creditLine`. No limit at all (nil) is for the
/// system accounts that create or lend money: the world and the bank.
public struct BalanceLimit: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The most the balance may go below zero; nil for no limit.
    public let creditLine: Amount?

    /// The balance may not go below zero: a participant spends only what it has.
    public static let noCredit = BalanceLimit(unchecked: .zero)
    /// No limit.
    public static let unlimited = BalanceLimit(unchecked: nil)

    /// A credit line, as a credit model grants one.
    /// - Throws: ``InputError`` for a negative line.
    public init(creditLine: Amount, field: String = "creditLine") throws(InputError) {
        guard creditLine >= .zero else {
            throw InputError(field: field, value: creditLine.description, expected: "a credit line >= 0")
        }
        self.creditLine = creditLine
    }

    private init(unchecked creditLine: Amount?) { self.creditLine = creditLine }

    /// The lowest balance - held allowed, in micro-units; nil for no limit.
    public var floor: Int64? { creditLine.map { -$0.microUnits } }

    public var description: String { creditLine.map { "a credit line of \($0)" } ?? "no limit" }
}

/// An account: its id, its kind and its balance limit. Created once, never changed.
public struct Account: Hashable, Sendable, Codable {
    public let id: AccountID
    public let kind: AccountKind
    public let limit: BalanceLimit

    /// A participant's account; by default it may not go below zero.
    public init(participant id: AccountID, limit: BalanceLimit = .noCredit) {
        self.id = id
        kind = .participant
        self.limit = limit
    }

    private init(system kind: AccountKind, limit: BalanceLimit) {
        id = AccountID(system: kind)
        self.kind = kind
        self.limit = limit
    }

    /// The bank lends, so it has no limit.
    public static let bank = Account(system: .bank, limit: .unlimited)
    /// The ISP is only ever paid: it may not go below zero.
    public static let isp = Account(system: .isp, limit: .noCredit)
    /// The world is where deposits come from: no limit.
    public static let world = Account(system: .world, limit: .unlimited)
    /// The system accounts every store creates when it opens.
    public static let system: [Account] = [.bank, .isp, .world]

    /// A stored account, as a store reads it back (the system accounts included).
    public init(stored id: AccountID, kind: AccountKind, limit: BalanceLimit) {
        self.id = id
        self.kind = kind
        self.limit = limit
    }
}

/// An account with its running sums (TigerBeetle's `debits_posted`, `credits_posted`,
/// `debits_pending`, `credits_pending`). A transfer debits the account the money leaves and
/// credits the one it reaches, so `balance = creditsPosted - debitsPosted`, and the funds held
/// by the account's open holds are `debitsPending`.
public struct AccountState: Hashable, Sendable, Codable {
    public let account: Account
    public var debitsPosted: Amount
    public var creditsPosted: Amount
    public var debitsPending: Amount
    public var creditsPending: Amount

    public init(account: Account, debitsPosted: Amount = .zero, creditsPosted: Amount = .zero,
                debitsPending: Amount = .zero, creditsPending: Amount = .zero) {
        self.account = account
        self.debitsPosted = debitsPosted
        self.creditsPosted = creditsPosted
        self.debitsPending = debitsPending
        self.creditsPending = creditsPending
    }

    public var id: AccountID { account.id }

    /// Posted credits minus posted debits (may be negative only with a credit line or no limit).
    public var balance: Amount { Amount(microUnits: creditsPosted.microUnits &- debitsPosted.microUnits) }

    /// Funds reserved by open holds on this account.
    public var held: Amount { debitsPending }

    /// What the account may still spend or hold: `balance - held + creditLine`; nil for no limit.
    public var available: Amount? {
        account.limit.creditLine.map { Amount(microUnits: balance.microUnits &- held.microUnits &+ $0.microUnits) }
    }

    /// Whether `balance - held >= -creditLine`: the limit holds.
    public var isWithinLimit: Bool {
        guard let floor = account.limit.floor else { return true }
        let (spendable, overflow) = balance.microUnits.subtractingReportingOverflow(held.microUnits)
        return !overflow && spendable >= floor
    }
}
