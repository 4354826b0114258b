import SurplusTestSupport
import SurplusCore
import Testing
import BilateralMarket

/// Every fixed point of gamma (paper 000, Theorem 2) and its stability.
@Suite struct FixedPointTests {
    /// Sec. V-B's Hard market at Psi = U[0,5], k = 7 has three fixed points: a
    /// trading one near z = 0.224 (stable), one near z = 0.966 (unstable: gamma(0.99)
    /// is about 0.998 > 0.99, so gamma crosses the diagonal from below between the
    /// two), and the frozen market z = 1 (stable: gamma is above the diagonal just left
    /// of 1). The selected equilibrium is still the frozen one.
    @Test func hardMarketHasThreeFixedPoints() throws {
        let e = try Fixtures.equilibrium(.hard)
        let points = e.fixedPoints
        #expect(points.count == 3)
        guard points.count == 3 else { return }
        #expect(points.allSatisfy { $0.kind == .fixedPoint })
        #expect(isApproximatelyEqual(points[0].zeroBidProbability, 0.2235, absolute: 5e-4))
        #expect(points[0].stable)
        #expect(isApproximatelyEqual(points[1].zeroBidProbability, 0.966, absolute: 5e-3))
        #expect(!points[1].stable)
        #expect(points[2].zeroBidProbability == 1)
        #expect(points[2].stable)
        #expect(e.zeroBidProbability == 1)
    }
}

extension FixedPointTests {
    /// Stability is judged at the fixed point, from gamma's one-sided slopes there, not
    /// from the neighbouring scan point: z = 1 has only a left slope, gamma is nearly
    /// flat just below 1 (the market stays frozen), and the verdicts and slopes are
    /// the same from a 3-point scan as from the default 21 points.
    @Test func stabilityIsJudgedAtThePoint() throws {
        let e = try Fixtures.equilibrium(.hard)
        var coarse = SolverSettings()
        coarse.scanPoints = 3
        let c = try MeanFieldEquilibrium.solve(e.market, settings: coarse, options: Fixtures.options)
        #expect(c.zeroBidProbability == 1)
        #expect(c.fixedPoints.count == e.fixedPoints.count)
        for (p, q) in zip(e.fixedPoints, c.fixedPoints) {
            #expect(isApproximatelyEqual(p.zeroBidProbability, q.zeroBidProbability, absolute: SolverSettings().fixedPointTolerance))
            #expect(p.stable == q.stable)
            #expect(p.leftSlope != nil)
            if let a = p.leftSlope, let b = q.leftSlope { #expect(isApproximatelyEqual(a, b, absolute: 1e-4)) }
        }
        guard let frozen = e.fixedPoints.last, e.fixedPoints.count == 3 else { return }
        #expect(frozen.zeroBidProbability == 1 && frozen.rightSlope == nil)
        #expect((frozen.leftSlope ?? 1) >= 0 && (frozen.leftSlope ?? 1) < 0.01)
        #expect(frozen.stable)
        // The middle fixed point: gamma crosses the diagonal from below, slope about 2.
        #expect((e.fixedPoints[1].leftSlope ?? 0) > 1 && (e.fixedPoints[1].rightSlope ?? 0) > 1)
    }

    /// Table I's other markets have a single, stable fixed point each (the selected one);
    /// gamma is increasing over every evaluation.
    @Test func tableIMarketsFixedPoints() throws {
        for (model, budget) in Fixtures.tableI where !(model == .hard && budget == 0...5) {
            let e = try Fixtures.equilibrium(model, budget: budget)
            #expect(e.fixedPoints.count == 1, "\(model) \(budget)")
            #expect(e.fixedPoints.allSatisfy { $0.stable && $0.kind == .fixedPoint })
            #expect(e.gammaIsMonotone)
        }
    }
}
