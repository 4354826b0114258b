import Synchronization
@testable import BilateralMarket

/// Markets of paper 000, Sec. V-B (beta 0.98, p_c 0.5, alpha 1.1, s 8, c_serve 6, c_lose 0.5, k 7).
enum Fixtures {
    static func cluster(
        _ model: CreditModel, budget: ClosedRange<Double> = 0...5, price: Double = 7,
        interest: InterestReading = .equation1
    ) throws -> MarketParameters {
        try MarketParameters(
            model: model, interest: interest, price: price,
            initialBudget: BudgetRange(low: budget.lowerBound, high: budget.upperBound))
    }

    /// Table I of paper 000: (model, Psi, published trade ratio, published E_Psi[v*]).
    static let tableI: [(CreditModel, ClosedRange<Double>, Double, Double)] = [
        (.hard, 0...5, 0.0, -12.49), (.bank, 0...5, 0.843, 40.14), (.loan, 0...5, 0.852, 41.74),
        (.hard, 5...10, 0.977, 48.53), (.bank, 5...10, 0.994, 49.6), (.loan, 5...10, 0.995, 49.7),
    ]

    private static let solved = Mutex<[MarketParameters: MeanFieldEquilibrium]>([:])

    /// The equilibrium of a cluster market with default solver settings, solved once
    /// per test run (tests in debug builds share them).
    static func equilibrium(_ model: CreditModel, budget: ClosedRange<Double> = 0...5) throws -> MeanFieldEquilibrium {
        let market = try cluster(model, budget: budget)
        if let known = solved.withLock({ $0[market] }) { return known }
        let e = try MeanFieldEquilibrium.solve(market)
        solved.withLock { $0[market] = e }
        return e
    }
}
