import Foundation
import SurplusCore

/// A fixed point z = gamma(z) of Theorem 2 (paper 000), found by `FixedPointSearch`.
public struct FixedPoint: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Codable {
        /// |gamma(z) - z| is within `SolverSettings.fixedPointResidual`.
        case fixedPoint
        /// gamma jumps across the diagonal at z: no true fixed point, only a crossing
        /// located to `fixedPointTolerance`.
        case discontinuity
    }

    /// The belief z.
    public var zeroBidProbability: Double
    /// gamma(z).
    public var gamma: Double
    public var kind: Kind
    /// Stable under the belief dynamics z <- gamma(z), judged at z itself: every
    /// one-sided slope of gamma at z (`leftSlope`, `rightSlope`) lies in (-1, 1). A
    /// discontinuity is stable when gamma is above the diagonal just left of z and
    /// below it just right (at the ends of its bracket).
    public var stable: Bool
    /// (gamma(z) - gamma(z - h)) / h, h = `SolverSettings.slopeStep` (or z, if smaller);
    /// nil at z = 0 and for a discontinuity.
    public var leftSlope: Double? = nil
    /// (gamma(z + h) - gamma(z)) / h, h = `SolverSettings.slopeStep` (or 1 - z, if
    /// smaller); nil at z = 1 and for a discontinuity.
    public var rightSlope: Double? = nil
}

/// The mean field equilibrium of the bilateral market (paper 000, Theorem 2),
/// with every fixed point found and the one selected.
///
/// **Search.** gamma is evaluated on `scanPoints` evenly spaced beliefs in [0, 1],
/// then `FixedPointSearch` finds every fixed point: each sign change of
/// gamma(z) - z is closed in on by Brent's method to `fixedPointTolerance` (it also
/// brackets jumps of gamma, reported as `discontinuity`), and every interval whose
/// end values of gamma do not rule out a crossing is halved, down to
/// `scanResolution`; an evaluation where gamma(z) = z exactly (the frozen market
/// z = 1) is a fixed point itself. Each fixed point's stability is judged from the
/// one-sided slopes of gamma at it.
///
/// **Selection.** The largest fixed point. If gamma is increasing (`gammaIsMonotone`,
/// checked on every evaluation; it holds in every case we ran) that is exactly where the
/// belief dynamics z <- gamma(z) go from the frozen start z = 1, the ramp-up of the
/// paper's Fig. 2; the Hard model at Psi = U[0, 5] thus stays frozen at z = 1.
///
/// Encoded as JSON it gives the headline figures of `surplus mfe --format json`
/// (field names are a contract); the per-node arrays and the inputs are left out.
public struct MeanFieldEquilibrium: Sendable, Encodable {
    public let model: CreditModel
    public let price: Double
    /// 1 - z: with every server bidding k, the share of matched clients that trade.
    public let tradeRatio: Double
    /// z, the selected fixed point.
    public let zeroBidProbability: Double
    /// E_Psi[v*_z], a new agent's expected value, share-weighted over types (Table I).
    public let expectedValue: Double
    /// Every solve converged and the selected point is a true fixed point.
    public let converged: Bool
    /// Evaluations of gamma (each a best response plus a stationary distribution).
    public let iterations: Int
    /// Gauss-Seidel sweeps over all evaluations.
    public let sweeps: Int
    public let fixedPoints: [FixedPoint]
    public let gammaIsMonotone: Bool
    public let types: [TypeEquilibrium]
    /// Loan model: mean interest a serving agent receives per trade.
    public let meanInterestReceived: Double
    /// The solver's budget grid (nodes of `valueFunction` and `budgetDistribution`).
    public let budgetStep: Double
    public let budgetCeiling: Double
    /// What the equilibrium was solved for, kept for `stationaryBudgets()`.
    public let market: MarketParameters
    public let settings: SolverSettings
    let interestLaw: InterestLaw

    /// One agent type at the equilibrium.
    public struct TypeEquilibrium: Sendable, Encodable {
        public let name: String
        public let share: Double
        public let clientProbability: Double
        /// pi_z(B0) for this type.
        public let zeroBidProbability: Double
        public let tradeRatio: Double
        public let expectedValue: Double
        public let meanBudget: Double
        public let policy: ClientPolicy
        /// v*_z at each budget node.
        public let valueFunction: [Double]
        enum CodingKeys: String, CodingKey {
            case name, share, clientProbability, zeroBidProbability, tradeRatio, expectedValue, meanBudget
            case bidIntervals
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(name, forKey: .name)
            try c.encode(share, forKey: .share)
            try c.encode(clientProbability, forKey: .clientProbability)
            try c.encode(zeroBidProbability, forKey: .zeroBidProbability)
            try c.encode(tradeRatio, forKey: .tradeRatio)
            try c.encode(expectedValue, forKey: .expectedValue)
            try c.encode(meanBudget, forKey: .meanBudget)
            try c.encode(policy.bidIntervals, forKey: .bidIntervals)
        }

        /// pi_z at each node of the solver's grid; the top node holds everyone richer
        /// (exact for z when s >= k; see `SolverSettings.budgetCeiling`). For the
        /// budget law itself use `stationaryBudgets()`.
        public let budgetDistribution: [Double]
    }

    enum CodingKeys: String, CodingKey {
        case model, price, tradeRatio, zeroBidProbability, expectedValue, converged, iterations, sweeps
        case fixedPoints, gammaIsMonotone, types, meanInterestReceived, budgetStep, budgetCeiling
    }

    /// Solves the market on `options.threads` threads (the result does not depend on
    /// them); `options.progress` receives one update per evaluation of gamma.
    ///
    /// - Throws: `InputError` for settings the grid cannot hold, `MarketError.noFixedPoint`,
    ///   `CancellationError` once `options.cancellation` is set.
    public static func solve(
        _ market: MarketParameters, settings: SolverSettings = SolverSettings(), options: RunOptions
    ) throws -> MeanFieldEquilibrium {
        let budgets = try BudgetGrid(market: market, settings: settings)
        let problems = market.types.map { AgentProblem(market: market, type: $0) }
        // A guess for progress: the scan, then about a dozen evaluations per fixed point.
        let plannedEvaluations = settings.scanPoints + 30
        let evaluate: @Sendable (Double, BeliefResponse?) -> BeliefResponse = { z, warm in
            BeliefResponse.evaluate(
                market: market, problems: problems, budgets: budgets, zeroBidProbability: z, settings: settings,
                warmStart: warm)
        }
        // The scan runs in a fixed number of contiguous chunks (whatever the thread
        // count), each warm-starting every belief from its left neighbour.
        let scanZ = (0..<settings.scanPoints).map { Double($0) / Double(settings.scanPoints - 1) }
        let chunks = Parallel.ranges(count: scanZ.count, chunks: 4)
        let scan = Parallel.map(chunks: chunks.count, threads: options.threads) { c in
            var responses: [BeliefResponse] = []
            for j in chunks[c] { responses.append(evaluate(scanZ[j], responses.last)) }
            return responses
        }.flatMap { $0 }
        options.report("mean field", scan.count, of: plannedEvaluations)
        try options.checkCancellation()

        let search = FixedPointSearch<BeliefResponse>(
            settings: settings, evaluate: evaluate, threads: options.threads,
            checkpoint: { done in
                try options.checkCancellation()
                options.report("mean field", done, of: max(plannedEvaluations, done + 1))
            })
        let outcome = try search.run(scan: scan)
        let evaluations = outcome.evaluations.count
        let sweeps = outcome.evaluations.reduce(0) { $0 + $1.sweeps }
        guard let found = outcome.found.last else {
            throw MarketError.noFixedPoint
        }
        let (selected, response) = (found.point, found.evaluation)
        let z = selected.zeroBidProbability
        options.report("mean field", evaluations, of: evaluations)

        let typeResults = market.types.indices.map { t -> TypeEquilibrium in
            let type = market.types[t], problem = problems[t], r = response.types[t]
            let expected = zip(budgets.regeneration, r.values).reduce(0) { $0 + $1.0 * $1.1 }
            let mean = meanBudget(problem, r, budgets, z, response.interest.mean, market)
            return TypeEquilibrium(
                name: type.name, share: type.share, clientProbability: type.clientProbability,
                zeroBidProbability: r.zeroBidMass, tradeRatio: 1 - r.zeroBidMass, expectedValue: expected,
                meanBudget: mean, policy: ClientPolicy(
                    advantage: r.advantage, nodes: budgets.grid.point,
                    smallestBiddingBudget: problem.smallestBiddingBudget),
                valueFunction: r.values, budgetDistribution: r.distribution)
        }
        return MeanFieldEquilibrium(
            model: market.model, price: market.price, tradeRatio: 1 - z, zeroBidProbability: z,
            expectedValue: typeResults.reduce(0) { $0 + $1.share * $1.expectedValue },
            converged: response.converged && selected.kind == .fixedPoint, iterations: evaluations, sweeps: sweeps,
            fixedPoints: outcome.found.map(\.point), gammaIsMonotone: outcome.monotone, types: typeResults,
            meanInterestReceived: response.interest.mean, budgetStep: budgets.grid.step,
            budgetCeiling: budgets.grid.upper, market: market, settings: settings, interestLaw: response.interest)
    }

    /// The mean budget under pi_z, exactly, from the stationarity of the mean:
    /// E[b] = (1 - beta) E_Psi[b] + beta (E[b] + E[drift]), so
    /// E[b] = E_Psi[b] + beta / (1 - beta) E_pi[drift], with the drift of each node
    /// (the top node's is that of every richer agent when s >= k).
    static func meanBudget(
        _ p: AgentProblem, _ r: BeliefResponse.TypeResponse, _ budgets: BudgetGrid, _ z: Double,
        _ meanInterest: Double, _ market: MarketParameters
    ) -> Double {
        var drift = 0.0
        let serving = p.serverProbability * (1 - z) * (p.price - p.serveCost + meanInterest)
        for i in r.distribution.indices {
            let b = budgets.grid.point(i)
            let buying = r.bids[i] ? p.clientProbability * (max(0, p.budgetAfterWinning(budget: b)) - b) : 0
            drift += r.distribution[i] * (serving + buying)
        }
        return market.initialBudget.low / 2 + market.initialBudget.high / 2 + p.beta / (1 - p.beta) * drift
    }

    /// A stationary budget law on a grid: mass at nodes 0, step, 2 step, ..., ceiling.
    public struct BudgetLaw: Sendable, Codable {
        public let step: Double
        public let ceiling: Double
        public let mass: [Double]
    }

    /// pi_z of each type on a grid wide enough that less than 1e-6 of the mass lies
    /// above it (for budget CDFs, and to start a simulation from the equilibrium).
    public func stationaryBudgets() throws -> [BudgetLaw] {
        let problems = market.types.map { AgentProblem(market: market, type: $0) }
        let wide = try BudgetGrid(
            market: market,
            settings: MeanFieldEquilibrium.distributionSettings(
                market, problems, zeroBidProbability, interestLaw.mean, settings))
        let response = BeliefResponse.evaluate(
            market: market, problems: problems, budgets: wide, zeroBidProbability: zeroBidProbability,
            settings: settings, fixedInterest: interestLaw)
        return response.types.map { BudgetLaw(step: wide.grid.step, ceiling: wide.grid.upper, mass: $0.distribution) }
    }

    /// Settings of the distribution grid: ceiling max(Psi.high, k) + 1.2 A d, where
    /// A = ln(1e-6)/ln(beta) is an age reached by less than 1e-6 of the agents and d the
    /// largest per-period budget drift of an agent that always trades; at most 20,001 nodes.
    static func distributionSettings(
        _ market: MarketParameters, _ problems: [AgentProblem], _ z: Double, _ meanInterest: Double,
        _ settings: SolverSettings
    ) -> SolverSettings {
        let age = log(1e-6) / log(market.beta)
        var drift = 0.0
        for p in problems {
            let serving = p.serverProbability * (1 - z) * (p.price - p.serveCost + meanInterest)
            let buying = p.clientProbability * max(0, p.surplus - p.price)
            drift = max(drift, serving + buying)
        }
        var wide = settings
        let ceiling = max(market.initialBudget.high, market.price) + settings.ceilingMargin + 1.2 * age * drift
        wide.budgetCeiling = ceiling
        wide.budgetStep = max(settings.budgetStep, ceiling / 20_000)
        return wide
    }
}
