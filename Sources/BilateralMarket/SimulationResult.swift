import Foundation
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
    /// The first periods, left out of the averages.
    public var burnIn: Int
    /// The seed of the run (`RunOptions.seed`).
    public var seed: UInt64
    /// Mean per-period trade ratio (trades over matched pairs).
    public var tradeRatio: Double
    /// Standard error of `tradeRatio`, from batch means over the averaged periods
    /// (10 batches; the plain standard error of per-period values if fewer than 20).
    ///
    /// It treats the batches as independent. The periods of one population are
    /// correlated over the agents' lifetimes (1/(1 - beta) periods on average, 50 at
    /// Sec. V-B), so unless each batch is much longer than that this understates the
    /// error of the run's average: over 20 periods of 1,000,000 agents (batches of 2
    /// periods) the spread of the average across seeds is up to 2.6 times this value.
    /// For a standard error that holds, run independent replicates
    /// (`PopulationSimulation.replicate(_:options:)`).
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
        burnIn = settings.burnIn
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

/// Independent replicates of one population simulation (paper 000, Sec. V-B): the
/// estimate of the stationary trade ratio and a standard error that holds however
/// strongly the periods of one population are correlated.
///
/// The periods of one population are not independent: an agent's budget carries over
/// from period to period for its whole life (mean 1/(1 - beta) = 50 periods at Sec. V-B),
/// so the share of agents whose budget lies where they bid 0 wanders slowly, and a
/// population's deviation from the mean field, of order sqrt(z(1 - z)/N), persists over
/// its whole run. A standard error from the periods of one short run (binomial over its
/// pairs, or batch means of a few periods) misses that term. R replicates with
/// independent streams (seeds `RunOptions.derived(.replicates, r)`) are independent
/// draws of the run's average, so with m_r the average of replicate r after its burn-in,
///
///     estimate = m = (1/R) sum_r m_r,
///     standard error = sqrt( sum_r (m_r - m)^2 / (R (R - 1)) ),
///
/// and (m - mu)/SE follows Student's t with R - 1 degrees of freedom when the m_r are
/// close to normal (each is an average over some N x periods agent-periods).
public struct ReplicatedSimulation: Sendable, Codable {
    /// The average of each replicate over its periods after the burn-in.
    public var replicateTradeRatios: [Double]
    public var replicateZeroBidProbabilities: [Double]
    /// m, the mean of `replicateTradeRatios`.
    public var tradeRatio: Double
    /// sqrt(sum (m_r - m)^2 / (R (R - 1))).
    public var tradeRatioStandardError: Double
    public var zeroBidProbability: Double
    public var zeroBidStandardError: Double
    /// Matched pairs over all replicates and averaged periods.
    public var pairs: Int
    public var agents: Int
    /// Periods of each replicate, and those left out of its average.
    public var periods: Int
    public var burnIn: Int
    /// The first replicate in full (its series, final budgets, per-type averages).
    public var first: SimulationResult

    init(results: [SimulationResult], pairs: Int) {
        let ratios = results.map(\.tradeRatio), zeros = results.map(\.zeroBidProbability)
        replicateTradeRatios = ratios
        replicateZeroBidProbabilities = zeros
        tradeRatio = Statistics.mean(ratios)
        tradeRatioStandardError = Statistics.standardError(ratios)
        zeroBidProbability = Statistics.mean(zeros)
        zeroBidStandardError = Statistics.standardError(zeros)
        let first = results[0]
        self.first = first
        agents = first.agents
        periods = first.periods
        burnIn = first.burnIn
        self.pairs = pairs
    }

    /// R, the number of replicates.
    public var replicates: Int { replicateTradeRatios.count }

    /// The two-sided critical value of Student's t with R - 1 degrees of freedom for the
    /// normal law's `sigmas`-sigma level (3 sigmas: the t quantile at 1 - 0.00135): a gap of
    /// more than this many standard errors has the same small chance, 0.27%, as a gap of
    /// three standard deviations of a known normal law.
    public func criticalValue(sigmas: Double = 3) -> Double {
        StudentT.quantile(0.5 * (1 + erf(sigmas / 2.squareRoot())), degreesOfFreedom: Double(replicates - 1))
    }
}

/// Student's t law, for the critical values of a replicate estimate.
enum StudentT {
    /// P(T <= t) = 1 - I_{nu/(nu + t^2)}(nu/2, 1/2)/2 for t >= 0 (and by symmetry below).
    static func cdf(_ t: Double, degreesOfFreedom nu: Double) -> Double {
        let tail = 0.5 * SpecialFunctions.regularizedIncompleteBeta(nu / (nu + t * t), nu / 2, 0.5)
        return t >= 0 ? 1 - tail : tail
    }

    /// The p-quantile for p in (0.5, 1), by Brent's method on the CDF; +infinity for nu < 1.
    static func quantile(_ p: Double, degreesOfFreedom nu: Double) -> Double {
        guard nu >= 1, p > 0.5, p < 1 else { return nu >= 1 && p <= 0.5 ? 0 : .infinity }
        var upper = 10.0
        while cdf(upper, degreesOfFreedom: nu) < p && upper < 1e12 { upper *= 10 }
        let root = try? RootFinding.brent(in: 0...upper, tolerance: 1e-10) { cdf($0, degreesOfFreedom: nu) - p }
        return root?.x ?? .infinity
    }
}
