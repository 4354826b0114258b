import Ledger
import SurplusCore

/// Makes a new, empty store for one check (a fresh temporary database for the database stores).
public typealias LedgerStoreFactory = @Sendable () async throws -> any LedgerStore

/// The ledger conformance suite: every check a store must pass, each on a fresh store from the
/// factory. A store's test target runs them all:
///
///     @Test(arguments: LedgerConformance.allCases)
///     func conformance(_ check: LedgerConformance) async throws { try await check.run(makeStore) }
///
/// A failing check throws a ``ConformanceFailure`` naming the check, the seed and the step.
public enum LedgerConformance: String, CaseIterable, Sendable, CustomStringConvertible {
    /// The system accounts exist; creating an account is idempotent; another body is refused.
    case accounts
    /// Posting moves money between two accounts, both sides at once.
    case posting
    /// Holds: posted in full, in part, voided; each resolved at most once.
    case holds
    /// Credit lines: a balance may go down to `-creditLine`, no further.
    case creditLines
    /// A batch with one refused transfer posts nothing; a valid batch posts all, in order.
    case atomicBatches
    /// Every error case, each with its exact value.
    case errors
    /// Journal pages: newest first, only the account's entries, cursors that continue.
    case journalPages
    /// Seeded random workloads: every result equal to the reference ``LedgerBook``'s, every
    /// invariant checked after every operation.
    case randomWorkloads
    /// Submitting a workload's posted batches again, with their ids, changes nothing.
    case replay
    /// Concurrent writers sending the same ids: each posted once, every caller gets the first result.
    case concurrentSameIDs
    /// Jepsen's bank test: concurrent transfers between participants while readers see the
    /// participants' total never change and no balance pass its limit.
    case concurrentBank

    public var description: String { rawValue }

    /// Runs this check on a fresh store.
    public func run(_ makeStore: LedgerStoreFactory) async throws {
        let store = try await makeStore()
        switch self {
        case .accounts: try await Checks.accounts(store)
        case .posting: try await Checks.posting(store)
        case .holds: try await Checks.holds(store)
        case .creditLines: try await Checks.creditLines(store)
        case .atomicBatches: try await Checks.atomicBatches(store)
        case .errors: try await Checks.errors(store)
        case .journalPages: try await Checks.journalPages(store)
        case .randomWorkloads:
            for seed: UInt64 in 1...4 { try await Workload(seed: seed).run(on: seed == 1 ? store : try await makeStore()) }
        case .replay: try await Checks.replay(store)
        case .concurrentSameIDs: try await Checks.concurrentSameIDs(store)
        case .concurrentBank: try await Checks.concurrentBank(store)
        }
        try await store.checkInvariants()
    }
}

/// A conformance check that failed: what was expected, where.
public struct ConformanceFailure: Error, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Throws a ``ConformanceFailure`` with `message` unless `condition`.
func expect(_ condition: Bool, _ message: @autoclosure () -> String) throws {
    guard condition else { throw ConformanceFailure(message()) }
}

/// Runs `body`, which must throw exactly `expected`.
func expectError<E: Error & Equatable>(_ expected: E, _ context: String, _ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as E {
        try expect(error == expected, "\(context): expected error '\(expected)', got '\(error)'")
        return
    } catch {
        throw ConformanceFailure("\(context): expected error '\(expected)', got '\(error)'")
    }
    throw ConformanceFailure("\(context): expected error '\(expected)', got success")
}

/// Test values: accounts `p0`, `p1`, ...; ids in a numbered space; amounts in tokens.
enum Fixture {
    static func participant(_ k: Int) throws -> AccountID { try AccountID("p\(k)") }

    static func id(_ n: UInt64, _ space: UInt64 = 0xC0FFEE) throws -> TransferID { try TransferID(high: space, low: n) }

    static func tokens(_ x: Int64) -> Amount { Amount(microUnits: x * Amount.microUnitsPerToken) }

    /// Creates participants `p0..<p(count)` and deposits `deposit` tokens in each.
    static func fund(_ store: any LedgerStore, participants count: Int, deposit: Int64, limit: BalanceLimit = .noCredit) async throws {
        for k in 0..<count {
            try await store.createAccount(Account(participant: try participant(k), limit: limit))
            try await store.post(id: try id(UInt64(k) + 1, 0xDE9051), from: .world, to: try participant(k), amount: tokens(deposit), memo: "deposit")
        }
    }
}
