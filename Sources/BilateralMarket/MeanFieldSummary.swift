/// The headline figures of a `MeanFieldEquilibrium`, without the per-node arrays:
/// what `surplus mfe --format json` prints (field names are a contract).
public struct MeanFieldSummary: Sendable, Codable {
    public struct TypeSummary: Sendable, Codable {
        public let name: String
        public let share: Double
        public let clientProbability: Double
        public let zeroBidProbability: Double
        public let tradeRatio: Double
        public let expectedValue: Double
        public let meanBudget: Double
        public let bidIntervals: [ClientPolicy.Interval]
    }

    public let model: CreditModel
    public let price: Double
    public let tradeRatio: Double
    public let zeroBidProbability: Double
    public let expectedValue: Double
    public let converged: Bool
    public let iterations: Int
    public let sweeps: Int
    public let gammaIsMonotone: Bool
    public let fixedPoints: [FixedPoint]
    public let meanInterestReceived: Double
    public let budgetStep: Double
    public let budgetCeiling: Double
    public let types: [TypeSummary]
    public var savings: SavingsStudy.Savings?

    public init(_ e: MeanFieldEquilibrium) {
        model = e.model
        price = e.price
        tradeRatio = e.tradeRatio
        zeroBidProbability = e.zeroBidProbability
        expectedValue = e.expectedValue
        converged = e.converged
        iterations = e.iterations
        sweeps = e.sweeps
        gammaIsMonotone = e.gammaIsMonotone
        fixedPoints = e.fixedPoints
        meanInterestReceived = e.meanInterestReceived
        budgetStep = e.budgetStep
        budgetCeiling = e.budgetCeiling
        types = e.types.map {
            TypeSummary(
                name: $0.name, share: $0.share, clientProbability: $0.clientProbability,
                zeroBidProbability: $0.zeroBidProbability, tradeRatio: $0.tradeRatio,
                expectedValue: $0.expectedValue, meanBudget: $0.meanBudget, bidIntervals: $0.policy.bidIntervals)
        }
    }
}
