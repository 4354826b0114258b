import SurplusCore

/// A bilateral-market scenario as written in a JSON file or HTTP body: the
/// parameters of `surplus mfe` under their option names, all optional (missing
/// ones take the Sec. V-B values of paper 000, `MarketParameters.SectionVB`), an
/// optional `types` array, and for a case study the yearly client hours behind a
/// savings estimate (Sec. VI).
public struct MarketScenario: Codable, Sendable, Hashable {
    public var name: String?
    public var description: String?
    public var model: CreditModel?
    public var interest: InterestReading?
    public var price: Double?
    public var beta: Double?
    public var clientProbability: Double?
    public var alpha: Double?
    public var surplus: Double?
    public var serveCost: Double?
    public var loseCost: Double?
    public var initialBudget: BudgetRange?
    public var types: [AgentType]?
    public var savings: SavingsStudy?

    public init() {}

    /// The validated parameters, with Sec. V-B's value for every missing field.
    ///
    /// - Throws: `InputError` for a bad field, or for a market-wide `clientProbability`
    ///   beside `types` (each type has its own).
    public func parameters() throws -> MarketParameters {
        typealias Default = MarketParameters.SectionVB
        if types?.isEmpty == true {
            throw InputError(
                field: "types", value: "[]", expected: "at least one type (leave the field out for a market of one type)")
        }
        if types != nil, let clientProbability {
            throw InputError(
                field: "clientProbability", value: clientProbability,
                expected: "no market-wide p_c when the scenario has types (each type has its own)")
        }
        return try MarketParameters(
            model: model ?? Default.model, interest: interest ?? Default.interest, price: price ?? Default.price,
            beta: beta ?? Default.beta, clientProbability: clientProbability ?? Default.clientProbability,
            alpha: alpha ?? Default.alpha, surplus: surplus ?? Default.surplus, serveCost: serveCost ?? Default.serveCost,
            loseCost: loseCost ?? Default.loseCost, initialBudget: initialBudget ?? Default.initialBudget,
            types: types ?? [])
    }

    /// The mean field equilibrium of the scenario's market (Theorem 2) and, when the
    /// scenario has a savings study, the yearly savings at its trade ratio (Sec. VI).
    public func solve(settings: SolverSettings = SolverSettings(), options: RunOptions) throws -> Solution {
        let market = try parameters()
        let equilibrium = try MeanFieldEquilibrium.solve(market, settings: settings, options: options)
        return Solution(equilibrium: equilibrium, savings: savings?.evaluate(market, tradeRatio: equilibrium.tradeRatio))
    }

    /// What `surplus mfe` reports: the equilibrium's fields, plus `savings` when the
    /// scenario has a study.
    public struct Solution: Sendable, Encodable {
        public let equilibrium: MeanFieldEquilibrium
        public let savings: SavingsStudy.Savings?

        enum CodingKeys: String, CodingKey { case savings }

        public func encode(to encoder: Encoder) throws {
            try equilibrium.encode(to: encoder)
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encodeIfPresent(savings, forKey: .savings)
        }
    }
}
