import Foundation
import Ledger
import LiveMarkets
import SurplusCore

/// Where a ``MarketService`` keeps everything: participants, markets, each market's accepted
/// commands in order, the idempotency records of creating requests, and the ledger.
///
/// **Event-sourced.** A market's state is not stored: its accepted commands are, each with
/// the market's next sequence number (1, 2, ...; unique per market), and the service rebuilds
/// the market by replaying them through `LiveMarkets` on start (``load()``). The bytes of a
/// command (``StoredCommand/body``) are the service's; a store keeps them as they are.
///
/// **One commit per request.** ``commit(_:)`` runs one write transaction that does, in order:
/// 1. when the plan names a market, take that market's lock (PostgreSQL:
///    `pg_advisory_xact_lock` on the market; SQLite: the single writer already serializes);
/// 2. read the idempotency record of (caller, key): when there is one, change nothing and
///    return it (``CommitResult/replay(_:)``; the service compares fingerprints);
/// 3. catch up: read the market's commands with a sequence greater than
///    ``CommitPlan/knownSequence`` (those other processes committed since this one last saw
///    the market), oldest first;
/// 4. when the plan asks for one, allocate the next participant or market number
///    (``CommitPlan/allocation``: max + 1 in the store's table, so ids are sequential in the
///    database);
/// 5. read the account states ``CommitPlan/accountsToRead`` names for the caught-up commands
///    (a bilateral close records its participants' available balances; a deposit answers the
///    balance after it);
/// 6. call ``CommitPlan/decide`` with all that, which returns the effects (or throws: roll back);
/// 7. insert the new participant with its ledger account, or the new market; append the
///    command with sequence `knownSequence + caughtUp.count + 1` (a unique constraint on
///    (market, sequence) refuses a second writer that skipped the lock); submit the postings
///    to the ledger inside the same transaction (SQLite: `SQLiteLedger.submit(_:in:)`); store
///    the idempotency record (caller, key, fingerprint, status, body);
/// 8. commit, and return what was caught up and the command's sequence.
///
/// A refused posting (a `LedgerError` such as insufficient funds) rolls everything back and is
/// thrown as is. `decide` and `accountsToRead` are pure and synchronous: a store may call them
/// again if it retries the transaction (PostgreSQL on a serialization failure).
///
/// Every store passes the conformance suite in `MarketServiceTestSupport`.
public protocol MarketStorage: Sendable {
    /// The ledger the postings go to, for reads (accounts, journal pages, totals) and audits.
    var ledger: any LedgerStore { get }

    /// Everything stored: participants and markets by number, every command by market and
    /// sequence.
    func load() async throws -> StoredWorld

    /// Participants with a number greater than `number` (created by another process since).
    func participants(after number: Int) async throws -> [StoredParticipant]

    /// Markets with a number greater than `number`.
    func markets(after number: Int) async throws -> [StoredMarket]

    /// The market's commands with a sequence greater than `sequence`, oldest first.
    func commands(of market: MarketID, after sequence: Int) async throws -> [StoredCommand]

    /// The idempotency record of `scope`, if any (a fast path for replays; ``commit(_:)``
    /// checks again inside its transaction).
    func idempotencyRecord(_ scope: IdempotencyScope) async throws -> IdempotencyRecord?

    /// Runs `plan` in one write transaction (see the protocol's documentation for the steps).
    func commit<Payload: Sendable>(_ plan: CommitPlan<Payload>) async throws -> CommitResult<Payload>
}

/// A participant as stored: its number (p`number`), name and API key hash.
public struct StoredParticipant: Sendable, Hashable, Codable {
    public var number: Int
    public var name: String
    /// SHA-256 hex of its API key (``APIKey/hash(_:)``).
    public var keyHash: String

    public init(number: Int, name: String, keyHash: String) {
        self.number = number
        self.name = name
        self.keyHash = keyHash
    }

    /// `p1`, `p2`, ...
    public var id: AccountID {
        get throws(InputError) { try AccountID("p\(number)", field: "participant") }
    }
}

/// A market as stored: its number (m`number`), kind, name and definition (the service's JSON
/// of its parameters and what it derived from them once, such as the equilibrium policy).
public struct StoredMarket: Sendable, Hashable, Codable {
    public var number: Int
    public var kind: String
    public var name: String
    public var definition: Data

    public init(number: Int, kind: String, name: String, definition: Data) {
        self.number = number
        self.kind = kind
        self.name = name
        self.definition = definition
    }

    /// `m1`, `m2`, ...
    public var id: MarketID {
        get throws(InputError) { try MarketID("m\(number)") }
    }
}

/// An accepted command of a market: its place in the market's order and its bytes.
public struct StoredCommand: Sendable, Hashable, Codable {
    public var market: MarketID
    public var sequence: Int
    public var body: Data

    public init(market: MarketID, sequence: Int, body: Data) {
        self.market = market
        self.sequence = sequence
        self.body = body
    }
}

/// Everything a store holds but the ledger.
public struct StoredWorld: Sendable, Hashable {
    /// By number.
    public var participants: [StoredParticipant]
    /// By number.
    public var markets: [StoredMarket]
    /// By market, then sequence.
    public var commands: [StoredCommand]

    public init(participants: [StoredParticipant], markets: [StoredMarket], commands: [StoredCommand]) {
        self.participants = participants
        self.markets = markets
        self.commands = commands
    }
}

/// The scope of an idempotency key: the caller (`admin` or a participant id) and the key.
public struct IdempotencyScope: Sendable, Hashable, Codable {
    public var caller: String
    public var key: String

    public init(caller: String, key: String) {
        self.caller = caller
        self.key = key
    }
}

/// A creating request's first response, kept with the request's fingerprint (SHA-256 of
/// method, path and body): a retry with the same fingerprint gets it again.
public struct IdempotencyRecord: Sendable, Hashable, Codable {
    public var scope: IdempotencyScope
    public var fingerprint: String
    public var status: Int
    public var body: Data

    public init(scope: IdempotencyScope, fingerprint: String, status: Int, body: Data) {
        self.scope = scope
        self.fingerprint = fingerprint
        self.status = status
        self.body = body
    }
}

/// What a commit allocates a number for.
public enum Allocation: Sendable, Hashable {
    case participant
    case market
}

/// What ``CommitPlan/decide`` is given: the caught-up commands, the account states asked
/// for (read before the postings), and the allocated number.
public struct CommitContext: Sendable {
    public var caughtUp: [StoredCommand]
    public var accounts: [AccountID: AccountState]
    public var allocatedNumber: Int?

    public init(caughtUp: [StoredCommand], accounts: [AccountID: AccountState], allocatedNumber: Int?) {
        self.caughtUp = caughtUp
        self.accounts = accounts
        self.allocatedNumber = allocatedNumber
    }
}

/// What a commit writes, besides the idempotency record (built from `status` and `body`).
public struct CommitEffects: Sendable {
    /// A new participant, whose ledger account (`Account(participant:)`) is created too.
    public var participant: StoredParticipant?
    public var market: StoredMarket?
    /// The command to append to the plan's market.
    public var command: Data?
    /// Submitted after the rows, in the same transaction (in ``postingBatches``).
    public var postings: [Transfer]
    public var status: Int
    public var body: Data

    public init(participant: StoredParticipant? = nil, market: StoredMarket? = nil, command: Data? = nil,
                postings: [Transfer] = [], status: Int, body: Data) {
        self.participant = participant
        self.market = market
        self.command = command
        self.postings = postings
        self.status = status
        self.body = body
    }
}

extension CommitEffects {
    /// ``postings`` in order, in batches the ledger accepts (at most `LedgerLimits.maximumBatch`
    /// each): a store submits them one after the other inside the commit's transaction, so they
    /// still post all or nothing (a close of a 10,000-buyer exchange round makes some 19,000).
    public var postingBatches: [[Transfer]] {
        guard postings.count > LedgerLimits.maximumBatch else { return postings.isEmpty ? [] : [postings] }  // the common case, no copy
        return stride(from: 0, to: postings.count, by: LedgerLimits.maximumBatch).map {
            Array(postings[$0..<min($0 + LedgerLimits.maximumBatch, postings.count)])
        }
    }
}

/// One request's write transaction (``MarketStorage/commit(_:)``). `Payload` is what `decide`
/// hands back to the service with the effects (e.g. the market's new state).
public struct CommitPlan<Payload: Sendable>: Sendable {
    public var scope: IdempotencyScope
    public var fingerprint: String
    /// The market to lock and catch up on; nil for requests that touch no market.
    public var market: MarketID?
    /// The last sequence of `market` the service has applied.
    public var knownSequence: Int
    public var allocation: Allocation?
    /// The accounts whose states `decide` needs, given the caught-up commands.
    public var accountsToRead: @Sendable ([StoredCommand]) throws -> [AccountID]
    public var decide: @Sendable (CommitContext) throws -> (effects: CommitEffects, payload: Payload)

    public init(scope: IdempotencyScope, fingerprint: String, market: MarketID? = nil, knownSequence: Int = 0,
                allocation: Allocation? = nil,
                accountsToRead: @escaping @Sendable ([StoredCommand]) throws -> [AccountID] = { _ in [] },
                decide: @escaping @Sendable (CommitContext) throws -> (effects: CommitEffects, payload: Payload)) {
        self.scope = scope
        self.fingerprint = fingerprint
        self.market = market
        self.knownSequence = knownSequence
        self.allocation = allocation
        self.accountsToRead = accountsToRead
        self.decide = decide
    }
}

/// What a commit did.
public enum CommitResult<Payload: Sendable>: Sendable {
    /// Committed: the commands caught up (oldest first), the appended command's sequence (nil
    /// when none), and `decide`'s payload.
    case committed(caughtUp: [StoredCommand], sequence: Int?, payload: Payload)
    /// The scope had a record already; nothing changed.
    case replay(IdempotencyRecord)
}
