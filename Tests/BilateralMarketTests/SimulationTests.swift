import BilateralMarket
import SurplusCore
import SurplusTestSupport
import Testing

@Suite struct SimulationTests {
    static func simulate(
        _ market: MarketParameters, _ e: MeanFieldEquilibrium, agents: Int, periods: Int, threads: Int = 1,
        start: SimulationSettings.Start, behaviour: SimulationSettings.Behaviour = .equilibrium, seed: UInt64 = 7
    ) throws -> SimulationResult {
        var s = SimulationSettings()
        s.agents = agents
        s.periods = periods
        s.start = start
        s.behaviour = behaviour
        return try PopulationSimulation(market: market, settings: s, equilibrium: e)
            .run(options: RunOptions(seed: seed, threads: threads))
    }

    /// Sec. V-B: "the empirical trade ratio of one million agents matches 1 - z".
    /// Started from the equilibrium's stationary budgets, N = 1,000,000, 4 periods:
    /// each period's ratio has a binomial standard error of about 5e-4 over ~5e5
    /// pairs, so the 4-period mean about 2.6e-4; we allow 4 of them plus 5e-4 for
    /// the distribution grid the initial budgets are drawn from (a node spacing of
    /// 0.035 moves z by a few 1e-4).
    @Test(arguments: [(CreditModel.bank, 1_000_000), (.loan, 200_000)])
    func stationaryStartKeepsTheMeanFieldTradeRatio(model: CreditModel, agents: Int) throws {
        let e = try Fixtures.equilibrium(model)
        let result = try Self.simulate(Fixtures.cluster(model), e, agents: agents, periods: 4, threads: 2, start: .stationary)
        let perPeriod = (e.tradeRatio * (1 - e.tradeRatio) / Double(agents / 2)).squareRoot()
        #expect(
            isApproximatelyEqual(result.tradeRatio, e.tradeRatio, absolute: 4 * perPeriod / 2 + 5e-4),
            "\(result.tradeRatio) vs \(e.tradeRatio)")
        // The empirical trade ratio equals the share of clients bidding k, up to the same sampling error.
        #expect(isApproximatelyEqual(result.tradeRatio, 1 - result.zeroBidProbability, absolute: 4 * perPeriod))
    }

    /// Determinism: the same seed gives identical output with one thread and with several.
    @Test func threadCountDoesNotChangeResults() throws {
        let market = try Fixtures.cluster(.loan), e = try Fixtures.equilibrium(.loan)
        let one = try Self.simulate(market, e, agents: 60_000, periods: 5, threads: 1, start: .stationary)
        let many = try Self.simulate(market, e, agents: 60_000, periods: 5, threads: 4, start: .stationary)
        #expect(one.series == many.series)
        #expect(one.finalBudgets == many.finalBudgets)
        let other = try Self.simulate(market, e, agents: 60_000, periods: 5, threads: 1, start: .stationary, seed: 8)
        #expect(other.series != one.series)
    }

    /// Fig. 2: agents that learn z from the zero bids they observe freeze in the Hard
    /// model (nobody can pay 7 out of U[0, 5]) and ramp up in the Bank model, after
    /// some 250 periods of damped oscillation, to the mean field z. 5,000 agents: the
    /// observed z of a period has a standard deviation of about 0.007, so the mean of
    /// the last 50 periods is compared with a tolerance of 0.03.
    @Test func learningFreezesHardAndRampsUpBank() throws {
        let learning = SimulationSettings.Behaviour.learning(initialBelief: 1)
        let hard = try Self.simulate(
            Fixtures.cluster(.hard), Fixtures.equilibrium(.hard), agents: 5_000, periods: 30, start: .initialLaw,
            behaviour: learning)
        #expect(hard.series.allSatisfy { $0.trades == 0 })
        let e = try Fixtures.equilibrium(.bank)
        let bank = try Self.simulate(
            Fixtures.cluster(.bank), e, agents: 5_000, periods: 500, start: .initialLaw, behaviour: learning)
        let late = bank.series.suffix(50).map(\.zeroBidProbability)
        #expect(isApproximatelyEqual(Statistics.mean(late), e.zeroBidProbability, absolute: 0.03))
    }

    /// The per-period budget law is available as a series of histograms of all N agents.
    @Test func budgetHistogramsPerPeriod() throws {
        var s = SimulationSettings()
        s.agents = 20_000
        s.periods = 3
        s.start = .stationary
        s.recordBudgetHistograms = true
        let result = try PopulationSimulation(market: Fixtures.cluster(.bank), settings: s, equilibrium: Fixtures.equilibrium(.bank))
            .run(options: .serial)
        #expect(result.series.allSatisfy { $0.budgets?.total == 20_000 })
    }

    /// Pairing: every agent is a client or a server, and the matching is maximum.
    @Test func everyPairIsAClientAndAServer() throws {
        let result = try Self.simulate(
            Fixtures.cluster(.bank), Fixtures.equilibrium(.bank), agents: 10_001, periods: 10, start: .stationary)
        for p in result.series {
            #expect(p.pairs <= p.clients && p.pairs <= 10_001 - p.clients)
            #expect(p.pairs == min(p.clients, 10_001 - p.clients))
            #expect(p.trades <= p.pairs)
        }
    }
}
