import HashTreeCollections
import Ledger
import SurplusCore

/// A market's id: 1 to 64 letters, digits or `-_.:` (the rules of an ``AccountID``).
public struct MarketID: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String

    /// - Throws: ``InputError`` naming `field` for an empty, too long or unusual id.
    public init(_ text: String, field: String = "market") throws(InputError) {
        do { rawValue = try AccountID(text, field: field).rawValue } catch {
            throw InputError(field: field, value: error.value, expected: "a market id of 1 to 64 letters, digits or -_.:")
        }
    }

    public static func < (a: MarketID, b: MarketID) -> Bool { a.rawValue < b.rawValue }
    public var description: String { rawValue }

    /// In JSON a market id is its text (`"m1"`), checked as ``init(_:field:)`` checks it.
    public init(from decoder: any Decoder) throws {
        try self.init(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// An order's number within its market: 1 for the first order placed, then 2, 3, ...
public struct OrderID: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let number: Int
    public init(_ number: Int) { self.number = number }
    public static func < (a: OrderID, b: OrderID) -> Bool { a.number < b.number }
    public var description: String { "o\(number)" }
}

/// The client-chosen id of a command (the HTTP `Idempotency-Key`): 1 to 128 printable ASCII
/// characters. A command sent again with its id changes nothing and returns its first outcome.
public struct CommandID: Hashable, Sendable, Codable, CustomStringConvertible {
    public static let maximumLength = 128
    public let rawValue: String

    /// - Throws: ``InputError`` naming `field` for an empty, too long or non-printable id.
    public init(_ text: String, field: String = "commandID") throws(InputError) {
        guard !text.isEmpty, text.utf8.count <= CommandID.maximumLength, text.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw InputError(field: field, value: "'\(text.prefix(40))'", expected: "1 to 128 printable ASCII characters without spaces")
        }
        rawValue = text
    }

    public var description: String { rawValue }
}

/// One trade of a settled exchange session or of a bilateral period. Units the ISP fallback
/// sold name ``AccountID/isp`` as seller.
public struct LiveTrade: Sendable, Hashable, Codable {
    /// The trade's place in its round: 1, 2, ...
    public var number: Int
    public var market: MarketID
    /// The round (exchange) or period (bilateral) that settled it.
    public var round: Int
    public var buyer: AccountID
    public var seller: AccountID
    /// Units of data (exchange) or 1 unit of service (bilateral).
    public var quantity: Double
    /// payment / quantity, as the mechanism priced it.
    public var unitPrice: Double
    /// What the ledger moved from buyer to seller for it (``MoneyRounding``).
    public var payment: Amount
}

/// What a market tells its watchers (the server's `GET /v1/events`).
public enum LiveEvent: Sendable, Hashable, Codable {
    case orderAccepted(order: OrderID, participant: AccountID)
    case orderReplaced(order: OrderID, participant: AccountID)
    case orderCancelled(order: OrderID, participant: AccountID)
    /// A round (exchange) or period (bilateral) closed, with the hash of its inputs.
    case roundClosed(round: Int, inputHash: String)
    case trade(LiveTrade)
    /// A matched client and server that did not trade (the client bid 0 or could not pay k),
    /// or a client left without a server (`server` nil).
    case noMatch(round: Int, client: AccountID, server: AccountID?)
    /// An exchange session settled in this round (its holds released, its data expired).
    case settled(round: Int, session: Int)
    case roundOpened(round: Int)
}

/// What one accepted command gave: the events to publish and the ledger transfers to submit,
/// as one batch, in the same transaction that records the command.
public struct CommandOutcome: Sendable, Hashable {
    public var events: [LiveEvent]
    public var postings: [Transfer]
    /// The order the command created or touched, if any.
    public var order: OrderID?
    /// True when the command's id was seen before with the same command: nothing changed,
    /// and `events` and `postings` are the first outcome's (the ledger, idempotent by
    /// transfer id, posts nothing again).
    public var replayed: Bool

    init(events: [LiveEvent] = [], postings: [Transfer] = [], order: OrderID? = nil) {
        self.events = events
        self.postings = postings
        self.order = order
        replayed = false
    }
}

/// A market's refusals of well-formed commands (malformed input is an ``InputError``). Each
/// prints as one line and names the field it is about; `code` is stable for APIs.
public enum LiveMarketError: Error, Hashable, Sendable, CustomStringConvertible {
    /// No open order with this id in the market (HTTP 404).
    case unknownOrder(OrderID)
    /// The order belongs to another participant (HTTP 403).
    case notOwner(order: OrderID, participant: AccountID)
    /// The participant already has an open order of this market's current round (HTTP 409).
    case orderExists(participant: AccountID, order: OrderID)
    /// The command id was used before for a different command (HTTP 422).
    case commandIDReused(CommandID)
    /// The period's close did not carry the budget of a participant in it (HTTP 422).
    case missingBudget(AccountID)

    public var code: String {
        switch self {
        case .unknownOrder: "unknownOrder"
        case .notOwner: "notOwner"
        case .orderExists: "orderExists"
        case .commandIDReused: "commandIDReused"
        case .missingBudget: "missingBudget"
        }
    }

    public var field: String {
        switch self {
        case .unknownOrder: "order"
        case .notOwner, .orderExists: "participant"
        case .commandIDReused: "commandID"
        case let .missingBudget(id): "budgets.\(id)"
        }
    }

    public var description: String {
        switch self {
        case let .unknownOrder(id): "order = \(id) is invalid: expected an open order of this market"
        case let .notOwner(order, participant): "participant = '\(participant)' is invalid: expected the owner of order \(order)"
        case let .orderExists(participant, order):
            "participant = '\(participant)' is invalid: expected a participant without an open order (it has \(order); replace or cancel it)"
        case let .commandIDReused(id): "commandID = '\(id)' is invalid: expected a new id (it was used for a different command)"
        case let .missingBudget(id): "budgets.\(id) is missing: expected the budget of every participant in the period"
        }
    }
}

/// The commands a market accepted in its open round and in the round closed last, by id, with
/// a fingerprint of each and its outcome: what makes a retry change nothing.
///
/// Bounded: each close forgets the commands of the round before the one it closes, so a
/// market's memory does not grow with its history (the whole log grew by about 800 bytes
/// per command). A command id sent again after two closes is applied as a new command; the market
/// service never does that (its ids are the commands' unique sequence numbers, and its
/// idempotency records, kept in the store, answer retries of any age).
struct CommandLog: Sendable {
    private typealias Entries = TreeDictionary<CommandID, (fingerprint: String, outcome: CommandOutcome)>
    /// The commands since the last close (that close included).
    private var current: Entries = [:]
    /// The commands of the round closed last.
    private var previous: Entries = [:]

    /// The first outcome of `id` if it was sent with the same fingerprint; nil if new.
    /// - Throws: ``LiveMarketError/commandIDReused(_:)`` for the same id with another command.
    func replay(_ id: CommandID, fingerprint: String) throws(LiveMarketError) -> CommandOutcome? {
        guard let (first, outcome) = current[id] ?? previous[id] else { return nil }
        guard first == fingerprint else { throw .commandIDReused(id) }
        var replayed = outcome
        replayed.replayed = true
        return replayed
    }

    /// Records `id`; a close (`closesRound`) first moves the open round's commands to `previous`.
    mutating func record(_ id: CommandID, fingerprint: String, outcome: CommandOutcome, closesRound: Bool) {
        if closesRound {
            previous = current
            current = [:]
        }
        current[id] = (fingerprint, outcome)
    }
}

/// How a mechanism's `Double` sums of money become ledger amounts.
public enum MoneyRounding {
    /// A payment the mechanism computed, rounded toward zero to whole micro-units: the
    /// ledger posts exactly this amount on both sides, so money is conserved exactly, and a
    /// buyer never pays more than the mechanism charged (so never more than its hold).
    /// - Throws: ``InputError`` naming `field` for a negative, infinite or too large sum.
    public static func payment(_ tokens: Double, field: String) throws(InputError) -> Amount {
        try micro(tokens, .towardZero, field: field)
    }

    /// The most a bid may need, rounded up to whole micro-units (holds are never short).
    public static func ceiling(_ tokens: Double, field: String) throws(InputError) -> Amount {
        try micro(tokens, .up, field: field)
    }

    /// A price or other parameter, rounded to the nearest micro-unit (ties to even).
    public static func nearest(_ tokens: Double, field: String) throws(InputError) -> Amount {
        try micro(tokens, .toNearestOrEven, field: field)
    }

    private static func micro(_ tokens: Double, _ rule: FloatingPointRoundingRule, field: String) throws(InputError) -> Amount {
        let scaled = (tokens * Double(Amount.microUnitsPerToken)).rounded(rule)
        guard scaled.isFinite, scaled >= 0, scaled < 9.2e18 else {
            throw InputError(field: field, value: tokens, expected: "a sum of tokens >= 0 that fits the ledger")
        }
        return Amount(microUnits: Int64(scaled))
    }
}

extension AccountID {
    /// Whether the id is one of the system accounts (`bank`, `isp`, `world`), which never
    /// place orders.
    var isSystemAccount: Bool { Account.system.contains { $0.id == self } }
}

/// Checks that `participant` may place orders (not a system account).
func checkParticipant(_ participant: AccountID) throws(InputError) {
    guard !participant.isSystemAccount else {
        throw InputError(field: "participant", value: "'\(participant)'", expected: "a participant, not a system account")
    }
}
