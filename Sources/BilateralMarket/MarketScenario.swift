/// A bilateral-market scenario as written in a JSON file or HTTP body: the
/// parameters of `surplus mfe` under their option names, all optional (missing
/// ones take the Sec. V-B values of paper 000), an optional `types` array, and for
/// a case study the yearly client hours behind a savings estimate (Sec. VI).
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

    /// The validated parameters (defaults: beta 0.98, p_c 0.5, alpha 1.1, s 8,
    /// c_serve 6, c_lose 0.5, k 7, Psi = U[0, 5], bank model, eq. (1) interest).
    public func parameters() throws -> MarketParameters {
        try MarketParameters(
            model: model ?? .bank, interest: interest ?? .equation1, price: price ?? 7, beta: beta ?? 0.98,
            clientProbability: clientProbability ?? 0.5, alpha: alpha ?? 1.1, surplus: surplus ?? 8,
            serveCost: serveCost ?? 6, loseCost: loseCost ?? 0.5,
            initialBudget: initialBudget ?? BudgetRange(low: 0, high: 5), types: types ?? [])
    }
}
