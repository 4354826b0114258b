import BilateralMarket
import Experiments
import DesignOptimization
import SurplusCore
import Testing

/// Paper 000, Figs. 5-7 (Bank model): the trade ratio increases in k for Psi = U[0,5], rises
/// then falls for U[3,8], decreases for U[5,10]; so the best k is high, interior, low.
/// A coarse solver (budget step 0.1, 9 prices, k to 0.05) keeps the test quick: only where
/// the optimum lies is checked, not its digits.
@Suite struct PriceDesignTests {
    var solver: SolverSettings {
        var s = SolverSettings()
        s.budgetStep = 0.1
        return s
    }

    func optimum(_ low: Double, _ high: Double) throws -> DesignOptimum {
        try PriceDesign.optimize(
            MarketParameters.sectionVB(.bank, budget: BudgetRange(low: low, high: high)), objective: .tradeRatio,
            settings: solver, gridPoints: 9, tolerance: 0.05, options: .serial)
    }

    /// (Psi = U[low, high], the kind of optimum, where it lies): the three ranges are disjoint
    /// and ordered, so the best k is high for U[0,5], interior for U[3,8], low for U[5,10].
    static let figures: [(low: Double, high: Double, kind: CurveMaximum.Kind, optimum: ClosedRange<Double>)] = [
        // Fig. 5: rises up to about s = 8, where the selected fixed point vanishes: a jump, not a peak.
        (0, 5, .jump, 7.9...8.15),
        // Fig. 6: rises, then falls.
        (3, 8, .interior, 6.1...7.5),
        // Fig. 7: falls from the lowest price c_serve = 6.
        (5, 10, .boundary, 6...6),
    ]

    @Test(arguments: figures.indices)
    func bestPriceFollowsFiguresFiveToSeven(_ index: Int) throws {
        let figure = Self.figures[index]
        let result = try optimum(figure.low, figure.high)
        #expect(result.domain == [6, 8.5])
        #expect(result.kind == figure.kind, "U[\(figure.low),\(figure.high)]: \(result.kind) at \(result.optimum)")
        #expect(figure.optimum.contains(result.optimum), "U[\(figure.low),\(figure.high)]: k = \(result.optimum)")
        #expect(result.bracket[0] <= result.optimum && result.optimum <= result.bracket[1])
    }
}

/// The exchange's bid increment on seeded random markets (papers 001/002).
@Suite struct IncrementDesignTests {
    /// On `RandomInstances.exchange` markets the progressive allocation reaches the LP optimum
    /// whatever epsilon: the search must say the objective is flat, not name a best epsilon.
    @Test func welfareDoesNotDependOnEpsilonAndSaysSo() throws {
        let result = try IncrementDesign.optimize(
            buyers: 6, sellers: 2, markets: 10, range: 0.001...0.5, gridPoints: 5, options: .serial)
        #expect(result.kind == .flat, "\(result.curve)")
        #expect(result.curve.allSatisfy { abs($0.y - 1) < 1e-9 })
    }

    @Test func badRangeNamesEpsilon() {
        #expect { _ = try IncrementDesign.optimize(buyers: 6, sellers: 2, markets: 1, range: 0...1, options: .serial) } throws: {
            ($0 as? InputError)?.field == "epsilon"
        }
    }
}
