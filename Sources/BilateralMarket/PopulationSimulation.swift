import SurplusCore

/// Monte Carlo of the bilateral market with N agents (paper 000, Sec. V-B).
///
/// Each period:
/// 1. each agent is a client with its type's p_c, else a server;
/// 2. clients and servers are paired uniformly at random: agents sit in buckets, each
///    agent's bucket drawn independently the period before; in each bucket the longer of
///    the client and server lists is put in uniform random order (Fisher-Yates), the i-th
///    client is paired with the i-th server, and the clients and servers left over in all
///    buckets are paired in bucket order. Extra clients or servers sit out;
/// 3. a client bids k when its policy says so (servers always bid k) and the pair
///    trades: the client moves to h(b) (eq. (1)), the server gains k - c_serve and,
///    in the `loan` model, the interest the client pays;
/// 4. every agent leaves with probability 1 - beta and a newcomer (type by share,
///    budget from Psi) takes its place, as in the chain (6).
///
/// **Every maximum matching is equally likely**, whatever the agents' budgets and types.
/// Given the roles, let sigma be any relabelling of the agents that maps clients to
/// clients and servers to servers. The buckets are drawn independently of the agents, so
/// the bucket assignment A and A o sigma^-1 have the same law; in a bucket, the uniform
/// order of the longer list makes the bucket's matching a uniform injection of the
/// shorter list into the longer one, and the leftovers a uniform random subset in uniform
/// random order, whatever order the agents sat in; the pairing across buckets only looks
/// at bucket indices and those orders. So the law of the matching given A, relabelled by
/// sigma, is its law given A o sigma^-1, and the unconditional law is invariant under
/// every such sigma. These relabellings act transitively on the maximum matchings (all
/// have min(C, S) pairs), so the law is uniform on them. `KernelEquivalenceTests` checks
/// the Fisher-Yates orders (chi-square over all 120 orders of 5) and that the statistics
/// agree with the kernel this one replaced.
///
/// **The kernel** (`Population`, `PeriodJob`, `BucketLayout`): buckets of about 16,384
/// agents, each handled in one pass while in cache: one 64-bit counter-based draw per
/// slot (SplitMix64 keyed by seed, period and bucket: 24 bits for the role, p_c to within
/// 6e-8; 28 for the departure, 1 - beta to within 4e-9; 12 for the next bucket), branch-
/// free roles, bids and trades, and every agent written straight to its place in the
/// next period's bucket: the number of agents each bucket sends to each bucket is known
/// a period ahead, since the draws depend on the slot only. Workers live as long as the
/// run and meet once per period. Agents take 10 bytes (`AgentStorage`: Float budgets,
/// 1-byte types, two copies). Buckets and their streams depend only on N and the seed
/// (`RunOptions.seed`), so results are identical whatever `RunOptions.threads`.
public struct PopulationSimulation: Sendable {
    public let market: MarketParameters
    public let settings: SimulationSettings
    /// The equilibrium whose policy (and stationary budgets) the agents may use.
    public let equilibrium: MeanFieldEquilibrium?
    public let solver: SolverSettings
    /// The equilibrium's stationary budget laws, when already computed (replicates share them).
    var startLaws: [MeanFieldEquilibrium.BudgetLaw]?

    public init(
        market: MarketParameters, settings: SimulationSettings, equilibrium: MeanFieldEquilibrium? = nil,
        solver: SolverSettings = SolverSettings()
    ) throws {
        try settings.validate()
        if equilibrium == nil && settings.needsEquilibrium {
            throw InputError(
                field: "equilibrium", value: "none",
                expected: "a solved equilibrium for the stationary start or the equilibrium policy")
        }
        if let equilibrium, equilibrium.types.count != market.types.count {
            throw InputError(
                field: "equilibrium", value: "\(equilibrium.types.count) agent types",
                expected: "an equilibrium of the market's \(market.types.count) agent types")
        }
        self.market = market
        self.settings = settings
        self.equilibrium = equilibrium
        self.solver = solver
    }

    /// Runs all periods with the seed and threads of `options`; `options.progress` is
    /// called after each period.
    ///
    /// - Throws: `CancellationError` once `options.cancellation` is set.
    public func run(options: RunOptions) throws -> SimulationResult {
        let run = try start(options: options)
        for period in 0..<settings.periods {
            try options.checkCancellation()
            run.step()
            options.report("simulate", period + 1, of: settings.periods)
        }
        return run.result()
    }

    /// `count` independent replicates of `run(options:)`, replicate r seeded by
    /// `options.derived(.replicates, r)`: the estimate and a standard error that holds
    /// however the periods of one population are correlated (`ReplicatedSimulation`).
    /// Each replicate drops `settings.burnIn` periods from its average.
    ///
    /// - Throws: `InputError` (field `replicates`) unless `count` is in 2...10,000;
    ///   `CancellationError` once `options.cancellation` is set.
    public func replicate(_ count: Int, options: RunOptions) throws -> ReplicatedSimulation {
        try Validate.count(count, 2...10_000, "replicates")
        var shared = self
        if settings.start == .stationary, startLaws == nil { shared.startLaws = try equilibrium?.stationaryBudgets() }
        var results: [SimulationResult] = []
        var pairs = 0
        for r in 0..<count {
            var result = try shared.run(options: options.derived(.replicates, r))
            pairs += result.series.dropFirst(result.burnIn).reduce(0) { $0 + $1.pairs }
            if r > 0 { result.series = [] }  // only the first replicate's series is kept
            results.append(result)
        }
        return ReplicatedSimulation(results: results, pairs: pairs)
    }

    /// The agents drawn and ready for their first period; step them one period at a time.
    public func start(options: RunOptions) throws -> SimulationRun {
        try SimulationRun(simulation: self, options: options)
    }

    /// Simulates `market`, solving its mean field equilibrium first when the settings
    /// need one (`SimulationSettings.needsEquilibrium`).
    public static func run(
        _ market: MarketParameters, settings: SimulationSettings, solver: SolverSettings = SolverSettings(),
        options: RunOptions
    ) throws -> SimulationSummary {
        let equilibrium =
            settings.needsEquilibrium ? try MeanFieldEquilibrium.solve(market, settings: solver, options: options) : nil
        let simulation = try PopulationSimulation(
            market: market, settings: settings, equilibrium: equilibrium, solver: solver)
        return SimulationSummary(
            result: try simulation.run(options: options), equilibriumTradeRatio: equilibrium?.tradeRatio)
    }
}

extension StreamName {
    /// The seeds of independent replicates of one simulation (`PopulationSimulation.replicate`).
    static let replicates = StreamName(0xFFFE_0000, "independent replicates, one seed each")
}

/// A population simulation in progress (see `PopulationSimulation`). A reference
/// type: it owns the agents' memory, and copies would share it.
public final class SimulationRun {
    public let simulation: PopulationSimulation
    private let problems: [AgentProblem]
    private let budgets: BudgetGrid
    private var rules: PopulationRules
    private var population: Population
    private var belief: Double
    private var values: [[Double]?]
    private var law = InterestLaw.none
    /// The largest interest any client can pay (at budget 0): the top of the law's bins.
    private let largestInterest: Double
    private let seed: UInt64
    /// The periods run so far.
    public private(set) var series: [PeriodStatistics] = []

    init(simulation: PopulationSimulation, options: RunOptions) throws {
        self.simulation = simulation
        seed = options.seed
        let market = simulation.market
        problems = market.types.map { AgentProblem(market: market, type: $0) }
        largestInterest = problems.map { $0.interest(budget: 0) }.max() ?? 0
        rules = PopulationRules(market: market, problems: problems)
        population = try Population(
            agents: simulation.settings.agents, rules: rules, simulation: simulation, options: options)
        budgets = try BudgetGrid(market: market, settings: simulation.solver)
        values = Array(repeating: nil, count: problems.count)
        switch simulation.settings.behaviour {
        case .equilibrium:
            belief = simulation.equilibrium?.zeroBidProbability ?? 1
            rules.setPolicies(simulation.equilibrium?.types.map(\.policy) ?? [])
        case let .learning(initialBelief):
            belief = initialBelief
        }
        series.reserveCapacity(simulation.settings.periods)
    }

    /// Runs one period and returns what happened in it. Learning agents first
    /// best-respond to their current belief (value iteration of (4), warm-started).
    @discardableResult
    public func step() -> PeriodStatistics {
        let learning: Bool
        if case .learning = simulation.settings.behaviour { learning = true } else { learning = false }
        if learning {
            var policies: [ClientPolicy] = []
            for (t, problem) in problems.enumerated() {
                let bellman = BellmanSolver(problem: problem, budgets: budgets, interest: law)
                let solution = bellman.solve(zeroBidProbability: belief, initial: values[t], settings: simulation.solver)
                values[t] = solution.values
                policies.append(
                    ClientPolicy(
                        advantage: solution.advantage, nodes: budgets.grid.point,
                        smallestBiddingBudget: problem.smallestBiddingBudget))
            }
            rules.setPolicies(policies)
        }
        let outcome = population.step(period: series.count, rules: rules)
        var statistics = outcome.statistics
        statistics.belief = belief
        series.append(statistics)
        if learning {
            if statistics.clients > 0 { belief = statistics.zeroBidProbability }
            if simulation.market.model == .loan {
                law = outcome.interestLaw(atoms: simulation.solver.interestAtoms, upTo: largestInterest)
            }
        }
        return statistics
    }

    /// Averages and histograms of the periods run so far.
    public func result() -> SimulationResult {
        var settings = simulation.settings
        settings.periods = series.count
        settings.burnIn = min(settings.burnIn, max(0, series.count - 1))
        return SimulationResult(
            settings: settings, seed: seed, series: series, typeNames: simulation.market.types.map(\.name),
            finalBudgets: population.histograms(typeCount: problems.count))
    }
}
