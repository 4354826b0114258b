import SurplusTestSupport
import SurplusCore
import Testing
import BilateralMarket

/// The structure of Table I's equilibria that paper 000 states in the text (its
/// printed cells are compared with `Published000` in the reproduction's tests).
@Suite struct TableITests {
    /// The six markets of Table I are Sec. V-B's, in the table's order.
    @Test func tableIMarketsAreSectionVB() throws {
        let markets = try MarketParameters.tableI()
        #expect(markets.count == Fixtures.tableI.count)
        for (market, (model, budget)) in zip(markets, Fixtures.tableI) {
            #expect(market == (try Fixtures.cluster(model, budget: budget)))
        }
    }

    /// Reading alpha - 1 as the interest rate ("an interest rate of 10%") lets every
    /// Bank client trade, where eq. (1) leaves some out.
    @Test func theRateReadingTradesMoreThanTheEquation() throws {
        let printed = try Fixtures.equilibrium(.bank)
        let rate = try MeanFieldEquilibrium.solve(Fixtures.cluster(.bank, interest: .rate), options: Fixtures.options)
        #expect(printed.tradeRatio < 0.9)
        #expect(rate.tradeRatio > 0.99)
    }

    /// Sec. V-B / Fig. 2: with Psi = U[0, 5] and k = 7 nobody can pay in the Hard
    /// model, z = 1 is a fixed point, and the selected equilibrium is frozen.
    /// The search also finds a second, trading fixed point, which we report.
    @Test func hardModelFreezes() throws {
        let e = try Fixtures.equilibrium(.hard)
        #expect(e.zeroBidProbability == 1)
        #expect(e.tradeRatio == 0)
        #expect(e.fixedPoints.contains { $0.zeroBidProbability == 1 && $0.kind == .fixedPoint })
        // A frozen agent's value: it never trades and pays c_lose as a client, -p_c c_lose/(1 - beta);
        // value iteration stops at a change of 1e-8 per sweep, so the value is within 1e-6 of it.
        let m = e.market
        #expect(isApproximatelyEqual(e.expectedValue, -m.clientShare * m.loseCost / (1 - m.beta), absolute: 1e-6))
    }

    /// Fig. 3: agents are wealthier at the equilibrium of the Loan model than of the Bank model.
    @Test func loanAgentsAreWealthierThanBankAgents() throws {
        let bank = try Fixtures.equilibrium(.bank)
        let loan = try Fixtures.equilibrium(.loan)
        #expect(loan.types[0].meanBudget > bank.types[0].meanBudget)
        #expect(loan.meanInterestReceived > 0)
    }

    /// `--threads 1` and several threads give the same equilibrium, bit for bit.
    @Test func threadCountDoesNotChangeTheEquilibrium() throws {
        let market = try Fixtures.cluster(.loan)
        let one = try MeanFieldEquilibrium.solve(market, options: RunOptions(threads: 1))
        let two = try MeanFieldEquilibrium.solve(market, options: RunOptions(threads: 2))
        #expect(one.zeroBidProbability == two.zeroBidProbability)
        #expect(one.expectedValue == two.expectedValue)
        #expect(one.types[0].valueFunction == two.types[0].valueFunction)
    }
}
