import BilateralMarket
import Foundation
import ProgressiveAuction
import SurplusCore

/// What `surplus serve --demo` runs: a bilateral market with the settings of paper 000,
/// Sec. V-B (the Bank model, k = 7; `MarketParameters.SectionVB`) and Table I's "sufficient"
/// budget law Psi = U[5, 10] (under U[0, 5] every budget is below the policy's threshold 5.24,
/// so no client ever bids k and the market never trades: a frozen start) driven by
/// ``agents`` agents playing its equilibrium policy, and a data exchange on which Example 1
/// of papers 001/002 (sellers of 65 and 85 units, buyers A-E) is entered again after each
/// settlement, both at a pace a person can follow on the dashboard.
public struct Demo: Sendable {
    /// The bilateral market's population.
    public static let agents = 200
    /// The bilateral market's scenario: Sec. V-B with Psi = U[5, 10].
    public static let bilateral: MarketScenario = {
        var scenario = MarketScenario()
        scenario.name = "Computing cluster market (paper 000, Sec. V-B, Psi = U[5,10])"
        scenario.initialBudget = MarketParameters.SectionVB.tableIBudgets[1]
        return scenario
    }()
    /// Example 1 (the worked example of paper 001), as in Scenarios/data-exchange-example.json.
    public static let example1 = ExchangeScenario(
        epsilon: 0.01, ispPrice: 3.0,
        sellers: [ExchangeSeller(id: "S1", quantity: 65), ExchangeSeller(id: "S2", quantity: 85)],
        buyers: [
            ExchangeBuyer(id: "A", demand: 50, unitPrice: 1.0), ExchangeBuyer(id: "B", demand: 40, unitPrice: 1.2),
            ExchangeBuyer(id: "C", demand: 26, unitPrice: 1.5), ExchangeBuyer(id: "D", demand: 20, unitPrice: 2.0),
            ExchangeBuyer(id: "E", demand: 14, unitPrice: 2.2),
        ])

    public let client: any MarketClient
    /// The bilateral periods to run; nil: until cancelled.
    public let periods: Int?
    /// The wait between two closes of a market.
    public let pause: Duration

    public init(client: any MarketClient, periods: Int? = nil, pause: Duration = .milliseconds(500)) throws {
        if let periods { try Validate.count(periods, 1...BilateralAgentSettings.maximumPeriods, "--demo-periods") }
        self.client = client
        self.periods = periods
        self.pause = pause
    }

    /// The demo's two markets.
    public struct Markets: Sendable, Hashable {
        public var bilateral: String
        public var exchange: String
    }

    /// Creates the two markets (each run makes new ones).
    public func createMarkets() async throws -> Markets {
        let run = UUID().uuidString
        let bilateral = try await client.createMarket(
            name: "Bilateral market, Sec. V-B (Bank, k = 7, Psi = U[5,10])", .bilateral(Self.bilateral, seed: 1),
            key: IdempotencyKey(run: run, "demo-bilateral"))
        let exchange = try await client.createMarket(
            name: "Data exchange, Example 1", .exchange(try ExchangePopulation.rules(of: Self.example1)),
            key: IdempotencyKey(run: run, "demo-exchange"))
        return Markets(bilateral: bilateral.id, exchange: exchange.id)
    }

    /// Drives both markets: the bilateral one for `periods` periods, the exchange through
    /// Example 1 once, and returns when both are done; without `periods`, the bilateral
    /// market runs and Example 1 is entered again after each settlement until cancelled.
    public func drive(_ markets: Markets, options: RunOptions) async throws {
        let scenario = Self.bilateral
        let parameters = try scenario.parameters()
        let quiet = options.reporting(to: nil)
        let equilibrium = try scenario.solve(options: quiet).equilibrium
        let population = try BilateralPopulation(
            client: client, market: markets.bilateral, parameters: parameters, policies: equilibrium.types.map(\.policy),
            settings: BilateralAgentSettings(agents: Self.agents, periods: periods ?? BilateralAgentSettings.maximumPeriods, burnIn: 0))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { _ = try await population.run(options: options, pause: pause) }
            group.addTask {
                repeat {
                    let exchange = try ExchangePopulation(client: client, market: markets.exchange, scenario: Self.example1)
                    _ = try await exchange.run(options: quiet, pause: pause)
                } while periods == nil && !Task.isCancelled
            }
            try await group.waitForAll()
        }
    }
}
