@testable import BilateralMarket
import SurplusCore
import SurplusTestSupport
import Testing

/// The Loan market's interest as the simulation and the mean field see it (paper 000,
/// eq. (1) and Sec. V-B's Loan model: the matched server lends the overdraft (k - b)^+ and
/// receives the interest alpha (k - b)^+). A server's interest per trade is that of a
/// random bidding client, zero when the client paid k from its own budget; the mean field's
/// law (`BeliefResponse.lentInterest`) is built that way, and the law that learning agents
/// best-respond to must be the same one.
@Suite struct LoanInterestTests {
    /// One period of 100,000 agents at the Loan equilibrium (Psi = U[0,5]), from its
    /// stationary budgets: every trade's interest is recorded, zeros included, and the
    /// mean interest per trade is the mean field's E[I] (`meanInterestReceived`).
    /// Tolerance: 4 standard errors of the mean over the period's ~42,000 trades, plus
    /// 0.01 for the distribution grid the budgets are drawn from. Before the fix only
    /// the positive amounts were kept (6% of the trades), so learning Loan agents believed
    /// in E[I | I > 0] = 1.13 per trade instead of E[I] = 0.066 and settled at z = 0.198
    /// instead of the mean field's 0.150 (release run of Fig. 2's 20,000 learning agents).
    @Test func lendersLawCountsEveryTrade() throws {
        let market = try Fixtures.cluster(.loan), e = try Fixtures.equilibrium(.loan)
        var settings = SimulationSettings()
        settings.agents = 100_000
        settings.periods = 1
        settings.start = .stationary
        let simulation = try PopulationSimulation(market: market, settings: settings, equilibrium: e)
        let problems = market.types.map { AgentProblem(market: market, type: $0) }
        var rules = PopulationRules(market: market, problems: problems)
        rules.setPolicies(e.types.map(\.policy))
        let population = try Population(
            agents: settings.agents, rules: rules, simulation: simulation, options: RunOptions(seed: 5, threads: 2))
        let outcome = population.step(period: 0, rules: rules)
        // Every trade counts: the positive interests recorded, and a zero for each other trade.
        let zeros = outcome.statistics.trades - outcome.interestPaid.count
        let paid = outcome.interestPaid + [Double](repeating: 0, count: zeros)
        #expect(paid.count == outcome.statistics.trades, "every trade's interest is recorded")
        #expect(zeros > 0, "clients who pay k from their budget lend nothing")
        let law = outcome.interestLaw(atoms: SolverSettings().interestAtoms, upTo: problems.map { $0.interest(budget: 0) }.max() ?? 0)
        #expect(isApproximatelyEqual(law.probabilities.reduce(0, +), 1, absolute: 1e-12), "the law is over every trade")
        #expect(isApproximatelyEqual(law.mean, Statistics.mean(paid), absolute: 1e-12), "the law's mean is the trades' mean")
        let error = Statistics.standardError(paid)
        #expect(
            isApproximatelyEqual(law.mean, e.meanInterestReceived, absolute: 4 * error + 0.01),
            "mean interest per trade \(law.mean) vs the mean field's \(e.meanInterestReceived)")
    }
}
