import BilateralMarket
import DesignOptimization
import SurplusCore
import Testing

/// Paper 000, Figs. 5-7 (Bank model): the trade ratio increases in k for Psi = U[0,5], rises
/// then falls for U[3,8], decreases for U[5,10]; so the best k is high, interior, low.
/// A coarse solver (budget step 0.05, 11 prices, k to 0.02) keeps the test quick: only where
/// the optimum lies is checked, not its digits.
@Suite struct PriceDesignTests {
    var solver: SolverSettings {
        var s = SolverSettings()
        s.budgetStep = 0.05
        return s
    }

    func optimum(_ low: Double, _ high: Double) throws -> DesignOptimum {
        try PriceDesign.optimize(
            MarketParameters.sectionVB(.bank, budget: BudgetRange(low: low, high: high)), objective: .tradeRatio,
            settings: solver, gridPoints: 11, tolerance: 0.02, options: .serial)
    }

    @Test func bestPriceFollowsFiguresFiveToSeven() throws {
        let scarce = try optimum(0, 5), middle = try optimum(3, 8), ample = try optimum(5, 10)
        #expect(scarce.domain == [6, 8.5])
        // U[0,5]: rises up to s = 8, where the selected fixed point vanishes: a jump, not a peak.
        #expect(scarce.kind == .jump, "\(scarce)")
        #expect(scarce.optimum > 7.9 && scarce.optimum <= 8.1, "\(scarce.optimum)")
        #expect(middle.kind == .interior, "\(middle)")
        #expect(middle.optimum > 6.1 && middle.optimum < 7.5, "\(middle.optimum)")
        #expect(ample.kind == .boundary && ample.optimum == 6, "\(ample)")
        #expect(ample.optimum < middle.optimum && middle.optimum < scarce.optimum)
    }
}
