import SurplusCore

/// How a population simulation of the bilateral market is run.
public struct SimulationSettings: Sendable, Hashable, Codable {
    /// Where the agents' budgets start.
    public enum Start: String, Sendable, Hashable, Codable, CaseIterable {
        /// Drawn from the regeneration law Psi.
        case initialLaw = "initial-law"
        /// Drawn from the equilibrium's stationary distribution pi_z (at its grid nodes).
        case stationary
    }

    /// How clients decide.
    public enum Behaviour: Sendable, Hashable, Codable {
        /// Everyone plays the computed equilibrium policy.
        case equilibrium
        /// Agents hold the public belief z (starting at `initialBelief`), best-respond
        /// to it (value iteration of (4)), and after each period replace it by the
        /// observed share of clients that bid 0 (the dynamics of Fig. 2).
        case learning(initialBelief: Double)
    }

    /// N, the number of agents.
    public var agents: Int = 100_000
    public var periods: Int = 100
    public var seed: UInt64 = 1
    /// Threads to use; results do not depend on it.
    public var threads: Int = 1
    public var start: Start = .initialLaw
    public var behaviour: Behaviour = .equilibrium
    /// Periods left out of the averages (the series keeps them).
    public var burnIn: Int = 0
    /// Bins of the final budget histogram over [0, `histogramCeiling`].
    public var histogramBins: Int = 100
    public var histogramCeiling: Double = 100
    /// Record every period's budget histogram in the series (start of the period).
    public var recordBudgetHistograms = false

    public init() {}

    func validate() throws {
        if agents < 2 || agents > 200_000_000 {
            throw MarketError.outOfRange(field: "agents", value: Double(agents), allowed: "2 ... 200,000,000")
        }
        if periods < 1 {
            throw MarketError.outOfRange(field: "periods", value: Double(periods), allowed: "at least 1")
        }
        if threads < 1 {
            throw MarketError.outOfRange(field: "threads", value: Double(threads), allowed: "at least 1")
        }
        if burnIn < 0 || burnIn >= periods {
            throw MarketError.outOfRange(field: "burnIn", value: Double(burnIn), allowed: "0 ... periods - 1")
        }
        if case let .learning(z) = behaviour, !(z >= 0 && z <= 1) {
            throw MarketError.outOfRange(field: "initialBelief", value: z, allowed: "a probability in [0, 1]")
        }
        if histogramBins < 1 || !(histogramCeiling > 0) {
            throw MarketError.invalid(field: "histogram", reason: "needs at least one bin and a ceiling > 0")
        }
    }
}

/// What happened in one period of a population simulation.
public struct PeriodStatistics: Sendable, Hashable, Codable {
    public var period: Int
    /// Trades over matched client-server pairs.
    public var tradeRatio: Double
    /// Share of clients (matched or not) that bid 0: the empirical z.
    public var zeroBidProbability: Double
    /// The belief the agents played against this period (learning), or the equilibrium's z.
    public var belief: Double
    public var meanBudget: Double
    public var clients: Int
    public var pairs: Int
    public var trades: Int
    /// Empirical z of each agent type.
    public var typeZeroBidProbability: [Double]
    /// Budgets at the start of the period (when `recordBudgetHistograms` is on).
    public var budgets: Histogram?
}
