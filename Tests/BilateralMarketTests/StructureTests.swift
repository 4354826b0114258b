import BilateralMarket
import SurplusTestSupport
import Testing

/// The structure paper 000 proves or states about the best response.
@Suite struct StructureTests {
    /// Lemma 4: v*_z is increasing in the budget, for every model and initial law.
    @Test(arguments: Fixtures.tableI.indices)
    func valueFunctionIncreases(index: Int) throws {
        let (model, budget) = Fixtures.tableI[index]
        let e = try Fixtures.equilibrium(model, budget: budget)
        let v = e.types[0].valueFunction
        // 1e-9 of slack for rounding on flat stretches, far below the value tolerance 1e-8.
        for i in 1..<v.count { #expect(v[i] >= v[i - 1] - 1e-9, "v decreases at node \(i)") }
    }

    /// Eq. (5): no bid below the affordable range; always bid k above k - (s - k)/alpha
    /// (Bank, Loan) or from k on (Hard); the bids form finitely many intervals (Lemma 6).
    @Test(arguments: [CreditModel.bank, .loan, .hard])
    func clientPolicyHasTheFormOfEquation5(model: CreditModel) throws {
        let e = try Fixtures.equilibrium(model, budget: 5...10)
        let policy = e.types[0].policy
        let m = e.market, alpha = m.alpha, s = m.types[0].surplus ?? 0, k = m.price
        let affordable = model == .hard ? k : k - s / (1 + alpha)
        let alwaysBids = model == .hard ? k : k - (s - k) / alpha
        #expect(!policy.bidIntervals.isEmpty)
        #expect(policy.bidIntervals.count < 5)
        #expect((policy.threshold ?? .infinity) >= affordable - 1e-9)
        for b in stride(from: 0.0, to: affordable - 1e-6, by: 0.01) { #expect(!policy.bids(budget: b)) }
        for b in stride(from: alwaysBids + 0.03, through: 30, by: 0.01) { #expect(policy.bids(budget: b), "b = \(b)") }
    }

    /// The grid figures change by less than the printed precision when the grid is
    /// refined: halving the step moves the trade ratio by < 0.05 pp and the value by < 0.05.
    @Test(arguments: [CreditModel.bank, .loan])
    func figuresAreGridConverged(model: CreditModel) throws {
        var fine = SolverSettings()
        fine.budgetStep = 0.01
        var wider = SolverSettings()
        wider.ceilingMargin = 12
        let market = try Fixtures.cluster(model)
        let base = try Fixtures.equilibrium(model)
        for settings in [fine, wider] {
            let refined = try MeanFieldEquilibrium.solve(market, settings: settings, options: Fixtures.options)
            #expect(isApproximatelyEqual(refined.tradeRatio, base.tradeRatio, absolute: 0.0005))
            #expect(isApproximatelyEqual(refined.expectedValue, base.expectedValue, absolute: 0.05))
        }
    }

    /// Figs. 5-7 (Bank): the trade ratio rises with k for Psi = U[0,5], rises then
    /// falls for U[3,8], falls for U[5,10].
    @Test func priceSweepsHaveThePublishedShapes() throws {
        func ratios(_ budget: ClosedRange<Double>) throws -> [Double] {
            let market = try Fixtures.cluster(.bank, budget: budget)
            return try PriceSweep.run(market, prices: [6.25, 7, 8], options: Fixtures.options).map(\.tradeRatio)
        }
        let low = try ratios(0...5), middle = try ratios(3...8), high = try ratios(5...10)
        #expect(low[0] < low[1] && low[1] < low[2])
        #expect(high[0] > high[1] && high[1] > high[2])
        let peak = try PriceSweep.run(Fixtures.cluster(.bank, budget: 3...8), prices: [6, 6.5], options: Fixtures.options)
            .map(\.tradeRatio)
        #expect(peak[0] < peak[1] && middle[1] < peak[1] && middle[2] < middle[1])
    }

    /// Every fixed point reported satisfies its kind's definition.
    @Test func reportedFixedPointsAreFixed() throws {
        for (model, budget) in Fixtures.tableI {
            let e = try Fixtures.equilibrium(model, budget: budget)
            for p in e.fixedPoints where p.kind == .fixedPoint {
                // A true fixed point is one within the solver's residual, by definition.
                #expect(isApproximatelyEqual(p.gamma, p.zeroBidProbability, absolute: SolverSettings().fixedPointResidual))
            }
            #expect(e.zeroBidProbability == e.fixedPoints.map(\.zeroBidProbability).max())
        }
    }
}
