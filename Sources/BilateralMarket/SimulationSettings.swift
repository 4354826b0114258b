import SurplusCore

/// How a population simulation of the bilateral market is run.
public struct SimulationSettings: Sendable, Hashable, Codable {
    /// Where the agents' budgets start.
    public enum Start: String, Hashable, NamedChoice {
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
        /// observed share of clients that bid 0 (the dynamics of Fig. 2). In the `loan`
        /// model they also best-respond to the law of the interest a server received per
        /// trade in the period before: every trade counts, zero for a client who paid k
        /// from its own budget, as in the mean field's law (the interest of a random
        /// bidding client, `MeanFieldEquilibrium.meanInterestReceived` its mean).
        case learning(initialBelief: Double)
    }

    /// N, the number of agents (one million in Sec. V-B).
    public var agents: Int = 1_000_000
    public var periods: Int = 100
    public var start: Start = .initialLaw
    public var behaviour: Behaviour = .equilibrium
    /// Periods left out of the averages (the series keeps them). Started from the
    /// equilibrium's stationary law (a grid approximation), a population relaxes in a few
    /// periods to its own stationary law; 10 periods are dropped in Sec. V-B's check.
    public var burnIn: Int = 0
    /// Bins of the final budget histogram over [0, `histogramCeiling`].
    public var histogramBins: Int = 100
    public var histogramCeiling: Double = 100
    /// Record every period's budget histogram in the series (start of the period).
    public var recordBudgetHistograms = false

    public init() {}

    /// Whether the agents need a solved equilibrium: its stationary budgets or its policy.
    public var needsEquilibrium: Bool {
        start == .stationary || behaviour == .equilibrium
    }

    /// At most this many periods: the series keeps each period's statistics (a few hundred bytes).
    public static let maximumPeriods = 1_000_000
    /// At most this many agent-periods, N x periods: about two hours on two cores.
    public static let maximumAgentPeriods = 1_000_000_000_000
    /// At most this many budget-histogram bins over the whole series (periods x bins, 8 bytes each).
    public static let maximumRecordedBins = 10_000_000

    func validate() throws {
        try Validate.count(agents, 2...200_000_000, "agents")
        try Validate.count(periods, 1...Self.maximumPeriods, "periods")
        guard agents.multipliedReportingOverflow(by: periods).partialValue <= Self.maximumAgentPeriods else {
            throw InputError(
                field: "periods", value: periods,
                expected: "at most \(Self.maximumAgentPeriods / agents) periods for \(agents) agents (N x periods <= 1e12, about two hours of simulation)")
        }
        guard burnIn >= 0 && burnIn < periods else {
            throw InputError(field: "burnIn", value: burnIn, expected: "an integer in 0...periods - 1 = \(periods - 1)")
        }
        if case let .learning(z) = behaviour { try Validate.probability(z, "belief") }
        try Validate.count(histogramBins, 1...1_000_000, "histogramBins")
        try Validate.positive(histogramCeiling, "histogramCeiling")
        if recordBudgetHistograms, periods * histogramBins > Self.maximumRecordedBins {
            throw InputError(
                field: "periods", value: periods,
                expected: "at most \(Self.maximumRecordedBins / histogramBins) periods when every period's budget histogram is recorded")
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
