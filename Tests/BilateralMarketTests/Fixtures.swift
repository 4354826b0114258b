import BilateralMarket
import SurplusCore
import Synchronization

/// The markets of paper 000 the tests solve: Sec. V-B's (`MarketParameters.sectionVB`)
/// and Table I's six, solved once per test run (tests in debug builds share them).
enum Fixtures {
    /// Every core; no result depends on the thread count.
    static let options = (try? RunOptions()) ?? .serial

    static func cluster(
        _ model: CreditModel, budget: ClosedRange<Double> = 0...5, price: Double = MarketParameters.SectionVB.price,
        interest: InterestReading = .equation1
    ) throws -> MarketParameters {
        try MarketParameters.sectionVB(
            model, budget: BudgetRange(low: budget.lowerBound, high: budget.upperBound), price: price, interest: interest)
    }

    /// The credit model and budget range of each market of Table I, in its order.
    static let tableI: [(CreditModel, ClosedRange<Double>)] =
        MarketParameters.SectionVB.tableIBudgets.flatMap { budget in
            CreditModel.allCases.map { ($0, budget.low...budget.high) }
        }

    private static let solved = Mutex<[MarketParameters: MeanFieldEquilibrium]>([:])

    /// The equilibrium of a cluster market with default solver settings.
    static func equilibrium(_ model: CreditModel, budget: ClosedRange<Double> = 0...5) throws -> MeanFieldEquilibrium {
        let market = try cluster(model, budget: budget)
        if let known = solved.withLock({ $0[market] }) { return known }
        let e = try MeanFieldEquilibrium.solve(market, options: options)
        solved.withLock { $0[market] = e }
        return e
    }
}
