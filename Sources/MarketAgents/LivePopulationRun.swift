/// The outcome of a live bilateral population: the per-period series and its averages
/// after the burn-in, each with its batch-means standard error (``BatchMeans``; nil with
/// fewer than two periods averaged).
public struct LivePopulationRun: Sendable, Codable {
    public struct TypeOutcome: Sendable, Codable {
        public var name: String
        public var zeroBidProbability: Double
        public var zeroBidStandardError: Double?
    }

    public var market: String
    public var agents: Int
    public var periods: Int
    public var burnIn: Int
    /// Mean per-period trades over matched pairs (the trade ratio of `surplus simulate`).
    public var tradeRatio: Double
    public var tradeRatioStandardError: Double?
    /// Mean per-period share of clients that bid 0 (z).
    public var zeroBidProbability: Double
    public var zeroBidStandardError: Double?
    /// Mean per-period mean budget at the start of a period.
    public var meanBudget: Double
    public var meanBudgetStandardError: Double?
    /// The batches behind the standard errors: their number and length in periods, and
    /// whether each spans a mean lifetime 1/(1 - beta) (else the errors are only indicative).
    public var batches: Int
    public var batchLength: Int
    public var batchesAreLong: Bool
    public var types: [TypeOutcome]
    /// Requests sent (retries included) and their rate over the run's wall-clock time.
    public var requests: Int
    public var seconds: Double
    public var requestsPerSecond: Double
    public var series: [LivePeriod]

    init(
        market: String, agents: Int, burnIn: Int, series: [LivePeriod], requests: Int, seconds: Double,
        correlationLength: Int, typeNames: [String]
    ) {
        self.market = market
        self.agents = agents
        periods = series.count
        self.burnIn = min(burnIn, max(0, series.count - 1))
        let kept = Array(series.dropFirst(self.burnIn))
        let trade = BatchMeans(kept.map(\.tradeRatio), correlationLength: correlationLength)
        let zero = BatchMeans(kept.map(\.zeroBidProbability), correlationLength: correlationLength)
        let budget = BatchMeans(kept.map(\.meanBudget), correlationLength: correlationLength)
        tradeRatio = trade.mean
        tradeRatioStandardError = trade.standardError
        zeroBidProbability = zero.mean
        zeroBidStandardError = zero.standardError
        meanBudget = budget.mean
        meanBudgetStandardError = budget.standardError
        batches = trade.batches
        batchLength = trade.batchLength
        batchesAreLong = trade.batchesAreLong
        types = typeNames.enumerated().map { t, name in
            let z = BatchMeans(
                kept.map { $0.typeClients[t] > 0 ? Double($0.typeZeroBids[t]) / Double($0.typeClients[t]) : 0 },
                correlationLength: correlationLength)
            return TypeOutcome(name: name, zeroBidProbability: z.mean, zeroBidStandardError: z.standardError)
        }
        self.requests = requests
        self.seconds = seconds
        requestsPerSecond = seconds > 0 ? Double(requests) / seconds : 0
        self.series = series
    }
}
