import SurplusCore

/// The outcome of a population simulation: averages over the periods after the
/// burn-in, with their standard errors, and the per-period series.
public struct SimulationResult: Sendable, Codable {
    public struct TypeOutcome: Sendable, Codable {
        public var name: String
        public var zeroBidProbability: Double
        public var tradeRatio: Double
        public var finalBudgets: Histogram?
    }

    public var agents: Int
    public var periods: Int
    /// The seed of the run (`RunOptions.seed`).
    public var seed: UInt64
    /// Mean per-period trade ratio (trades over matched pairs).
    public var tradeRatio: Double
    /// Standard error of `tradeRatio`, from batch means over the averaged periods
    /// (10 batches; the plain standard error of per-period values if fewer than 20).
    public var tradeRatioStandardError: Double
    /// Mean per-period share of clients that bid 0.
    public var zeroBidProbability: Double
    public var zeroBidStandardError: Double
    /// Mean budget per agent at the start of a period, averaged over periods.
    public var meanBudget: Double
    public var agentPeriods: Int
    public var types: [TypeOutcome]
    /// Budgets of all agents after the last period.
    public var finalBudgets: Histogram?
    public var series: [PeriodStatistics]

    init(
        settings: SimulationSettings, seed: UInt64, series: [PeriodStatistics], typeNames: [String],
        finalBudgets: [Histogram]
    ) {
        let kept = Array(series.dropFirst(settings.burnIn))
        agents = settings.agents
        periods = settings.periods
        self.seed = seed
        tradeRatio = Statistics.mean(kept.map(\.tradeRatio))
        tradeRatioStandardError = SimulationResult.batchError(kept.map(\.tradeRatio))
        zeroBidProbability = Statistics.mean(kept.map(\.zeroBidProbability))
        zeroBidStandardError = SimulationResult.batchError(kept.map(\.zeroBidProbability))
        meanBudget = Statistics.mean(kept.map(\.meanBudget))
        agentPeriods = settings.agents * settings.periods
        types = typeNames.enumerated().map { k, name in
            let z = Statistics.mean(kept.map { $0.typeZeroBidProbability[k] })
            return TypeOutcome(
                name: name, zeroBidProbability: z, tradeRatio: 1 - z,
                finalBudgets: finalBudgets.count > k + 1 ? finalBudgets[k + 1] : nil)
        }
        self.finalBudgets = finalBudgets.first
        self.series = series
    }

    /// Standard error of the mean of a correlated series by batch means.
    static func batchError(_ xs: [Double]) -> Double {
        guard xs.count >= 20 else { return Statistics.standardError(xs) }
        let batches = 10, size = xs.count / batches
        let means = (0..<batches).map { Statistics.mean(xs[($0 * size)..<(($0 + 1) * size)]) }
        return Statistics.standardError(means)
    }
}

/// What `surplus simulate` reports: the simulation's averages beside the mean field
/// trade ratio 1 - z of the equilibrium the agents played (when one was solved).
public struct SimulationSummary: Sendable, Encodable {
    public let result: SimulationResult
    /// 1 - z of the equilibrium, nil when the agents learned from an initial law.
    public let equilibriumTradeRatio: Double?

    enum CodingKeys: String, CodingKey {
        case tradeRatio, tradeRatioStandardError, zeroBidProbability, zeroBidStandardError, meanBudget
        case equilibriumTradeRatio, result
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(result.tradeRatio, forKey: .tradeRatio)
        try c.encode(result.tradeRatioStandardError, forKey: .tradeRatioStandardError)
        try c.encode(result.zeroBidProbability, forKey: .zeroBidProbability)
        try c.encode(result.zeroBidStandardError, forKey: .zeroBidStandardError)
        try c.encode(result.meanBudget, forKey: .meanBudget)
        try c.encodeIfPresent(equilibriumTradeRatio, forKey: .equilibriumTradeRatio)
        try c.encode(result, forKey: .result)
    }
}
