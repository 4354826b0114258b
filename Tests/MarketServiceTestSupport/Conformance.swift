import BilateralMarket
import Foundation
import Ledger
import LiveMarkets
import MarketService
import ProgressiveAuction
import SurplusCore

/// A store under test. `open` opens it: the first call on an empty store, each later call on
/// the same data again, as a restarted server would (the same database file; the same
/// in-memory instance).
public struct StorageFixture: Sendable {
    public let open: @Sendable () async throws -> any MarketStorage
    public init(open: @escaping @Sendable () async throws -> any MarketStorage) { self.open = open }
}

/// Makes a fixture on a fresh, empty store for one check.
public typealias MarketStorageFactory = @Sendable () async throws -> StorageFixture

/// The admin key the checks open the service with.
public let testAdminKey = "admin-test-key"

/// The market service's conformance suite: every check runs the service on a fresh store
/// from the factory, and ends with the ledger's invariants. A store's test target runs them all:
///
///     @Test(arguments: MarketStorageConformance.allCases)
///     func conformance(_ check: MarketStorageConformance) async throws { try await check.run(makeFixture) }
public enum MarketStorageConformance: String, CaseIterable, Sendable, CustomStringConvertible {
    /// Participants, API keys, deposits, withdrawals, transfers, account and journal views.
    case participantsAndMoney
    /// Example 1 of papers 001/002 entered through the service settles as `ExchangeScenario.settle`.
    case exchangeExample
    /// Example 1 with a manual buyer (its own bids, placed, then replaced mid-session)
    /// settles as `ExchangeScenario.settle` of the same scenario.
    case manualBuyer
    /// A scripted bilateral period with a fixed seed settles the pairs and budgets the module computes.
    case bilateralScripted
    /// Every refusal: 400, 401, 403, 404, 409, 422 (invalidField, insufficientFunds, idempotencyKeyReused).
    case errors
    /// A retried request returns the first response, bytes and status, and changes nothing.
    case replays
    /// A service opened again on the same store has the same participants, markets, orders,
    /// rounds and balances, and replays a retried request.
    case restart
    /// A seeded random workload with the ledger's invariants checked after every commit.
    case randomWorkload
    /// Concurrent callers: deposits, transfers, bids and closes at once; every acknowledged
    /// request there once; the money conserved.
    case concurrentCallers
    /// The event stream: a subscriber sees its market's events in order, with sequence numbers.
    case events
    /// Many commands of one market in flight at once, some refused by the ledger after the
    /// market decided them (bids beyond the funds): the live state equals the state a new
    /// service replays from the store.
    case concurrentRefusals
    /// A commit with more postings than one ledger batch takes (a large round's close): they
    /// post in order, in one transaction; when the last is refused, none of them is.
    case largeCommit

    public var description: String { rawValue }

    public func run(_ makeFixture: MarketStorageFactory) async throws {
        let fixture = try await makeFixture()
        let storage = try await fixture.open()
        let service = try await MarketService(storage: storage, adminKey: testAdminKey)
        let driver = Driver(service)
        switch self {
        case .participantsAndMoney: try await ServiceChecks.participantsAndMoney(driver)
        case .exchangeExample: try await ServiceChecks.exchangeExample(driver)
        case .manualBuyer: try await ServiceChecks.manualBuyer(driver)
        case .bilateralScripted: try await ServiceChecks.bilateralScripted(driver)
        case .errors: try await ServiceChecks.errors(driver)
        case .replays: try await ServiceChecks.replays(driver, storage)
        case .restart: try await ServiceChecks.restart(driver, fixture)
        case .randomWorkload: try await ServiceChecks.randomWorkload(driver, storage, seed: 7)
        case .concurrentCallers: try await ServiceChecks.concurrentCallers(driver, storage)
        case .events: try await ServiceChecks.events(driver)
        case .concurrentRefusals: try await ServiceChecks.concurrentRefusals(driver, storage)
        case .largeCommit: try await ServiceChecks.largeCommit(driver, storage)
        }
        try await storage.ledger.checkInvariants()
    }
}
