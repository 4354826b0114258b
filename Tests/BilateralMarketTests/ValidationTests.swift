import BilateralMarket
import SurplusCore
import Testing

/// Every impossible parameter is rejected with an error naming its field.
@Suite struct ValidationTests {
    static let cases: [(String, @Sendable () throws -> Any)] = [
        ("beta", { try MarketParameters(beta: 1) }),
        ("beta", { try MarketParameters(beta: 0) }),
        ("price", { try MarketParameters(price: 5) }),
        ("price", { try MarketParameters(price: 9) }),
        ("initialBudget.high", { try MarketParameters(initialBudget: BudgetRange(low: 5, high: 0)) }),
        ("initialBudget.low", { try MarketParameters(initialBudget: BudgetRange(low: -1, high: 5)) }),
        ("clientProbability", { try MarketParameters(clientProbability: 1) }),
        ("alpha", { try MarketParameters(alpha: -0.1) }),
        ("alpha", { try MarketParameters(interest: .rate, alpha: 0.5) }),
        ("loseCost", { try MarketParameters(loseCost: -1) }),
        ("surplus", { try MarketParameters(surplus: .nan) }),
        ("types[1].share", {
            try MarketParameters(types: [AgentType(name: "a", share: 1, clientProbability: 0.5), AgentType(name: "b", share: 0, clientProbability: 0.5)])
        }),
        ("types[1].name", {
            try MarketParameters(types: [AgentType(name: "a", share: 1, clientProbability: 0.5), AgentType(name: "a", share: 1, clientProbability: 0.5)])
        }),
        ("types", {
            try MarketParameters(types: [AgentType(name: "a", share: 0.7, clientProbability: 0.5), AgentType(name: "b", share: 0.7, clientProbability: 0.5)])
        }),
        ("agents", {
            var s = SimulationSettings()
            s.agents = 1
            return try PopulationSimulation(market: MarketParameters(), settings: s, equilibrium: nil)
        }),
        ("burnIn", {
            var s = SimulationSettings()
            s.periods = 10
            s.burnIn = 10
            return try PopulationSimulation(market: MarketParameters(), settings: s, equilibrium: nil)
        }),
        ("equilibrium", { try PopulationSimulation(market: MarketParameters(), settings: SimulationSettings()) }),
        ("belief", {
            var s = SimulationSettings()
            s.behaviour = .learning(initialBelief: 2)
            return try PopulationSimulation(market: MarketParameters(), settings: s)
        }),
        ("budgetStep", {
            var s = SolverSettings()
            s.budgetStep = 0
            return try MeanFieldEquilibrium.solve(MarketParameters(), settings: s, options: .serial)
        }),
        ("prices", { try PriceRange(from: 8, to: 6, step: 0.5) }),
        ("prices", { try PriceRange(from: 0, to: 1e300, step: 1e-300) }),
        ("prices", { try PriceRange(spec: "6:8") }),
        ("clientProbability", {
            var scenario = MarketScenario()
            scenario.types = [AgentType(name: "a", share: 1, clientProbability: 0.5)]
            scenario.clientProbability = 0.4
            return try scenario.parameters()
        }),
        ("budgetStep", {
            var s = SolverSettings()
            s.budgetStep = .leastNonzeroMagnitude
            return try MeanFieldEquilibrium.solve(MarketParameters(), settings: s, options: .serial)
        }),
        ("budgetStep", {
            try MeanFieldEquilibrium.solve(MarketParameters(initialBudget: BudgetRange(low: 0, high: 1e12)), options: .serial)
        }),
        ("initialBudget.high", { try MarketParameters(initialBudget: BudgetRange(low: 0, high: 1e300)) }),
    ]

    @Test(arguments: cases.indices)
    func badInputNamesItsField(index: Int) {
        let (field, build) = Self.cases[index]
        do {
            _ = try build()
            Issue.record("accepted a bad \(field)")
        } catch {
            #expect((error as? InputError)?.field == field, "\(error)")
            #expect("\(error)".hasPrefix(field), "\(error)")
        }
    }
}
