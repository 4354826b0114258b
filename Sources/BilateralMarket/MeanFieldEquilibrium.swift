import SurplusCore

/// A fixed point z = gamma(z) of Theorem 2 (paper 000).
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
    /// Stable under z <- gamma(z): gamma is above the diagonal just left of z and below it just right.
    public var stable: Bool
}

/// The mean field equilibrium of the bilateral market (paper 000, Theorem 2),
/// with every fixed point found and the one selected.
///
/// **Search.** gamma is evaluated on `scanPoints` evenly spaced beliefs in [0, 1];
/// every sign change of gamma(z) - z is bisected to `fixedPointTolerance` (bisection
/// cannot cycle, and it also brackets jumps); a grid point where gamma(z) = z exactly
/// (the frozen market z = 1) is a fixed point itself.
///
/// **Selection.** The largest fixed point. If gamma is increasing (`gammaIsMonotone`,
/// checked on the scan; it holds in every case we ran) that is exactly where the
/// belief dynamics z <- gamma(z) go from the frozen start z = 1, the ramp-up of the
/// paper's Fig. 2; the Hard model at Psi = U[0, 5] thus stays frozen at z = 1.
public struct MeanFieldEquilibrium: Sendable, Codable {
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
    /// The budget grid nodes the per-type arrays refer to.
    public let budgetStep: Double
    public let budgetCeiling: Double

    /// One agent type at the equilibrium.
    public struct TypeEquilibrium: Sendable, Codable {
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
        /// pi_z at each budget node.
        public let budgetDistribution: [Double]
    }

    /// Solves the market. `progress` receives one update per evaluation of gamma.
    public static func solve(
        _ market: MarketParameters, settings: SolverSettings = SolverSettings(), progress: ProgressHandler? = nil
    ) throws -> MeanFieldEquilibrium {
        let budgets = try BudgetGrid(market: market, settings: settings)
        let problems = market.types.map { AgentProblem(market: market, type: $0) }
        let plannedEvaluations = settings.scanPoints + 20
        let evaluate: @Sendable (Double) -> BeliefResponse = { z in
            BeliefResponse.evaluate(
                market: market, problems: problems, budgets: budgets, zeroBidProbability: z, settings: settings)
        }
        let scanZ = (0..<settings.scanPoints).map { Double($0) / Double(settings.scanPoints - 1) }
        let scan = Parallel.map(chunks: scanZ.count, threads: Parallel.processorCount) { evaluate(scanZ[$0]) }
        var evaluations = scan.count
        var sweeps = scan.reduce(0) { $0 + $1.sweeps }
        progress?(ProgressUpdate(stage: "mean field", completed: evaluations, total: plannedEvaluations))
        let gap = scan.map { $0.gamma - $0.zeroBidProbability }
        let monotone = zip(scan, scan.dropFirst()).allSatisfy { $1.gamma >= $0.gamma - 1e-9 }

        var points: [(FixedPoint, BeliefResponse)] = []
        let exact = 1e-12
        for j in scan.indices where abs(gap[j]) <= exact {
            let left = j > 0 ? gap[j - 1] : 1, right = j + 1 < gap.count ? gap[j + 1] : -1
            let point = FixedPoint(
                zeroBidProbability: scan[j].zeroBidProbability, gamma: scan[j].gamma, kind: .fixedPoint,
                stable: left > 0 && right < 0)
            points.append((point, scan[j]))
        }
        for j in 0..<(scan.count - 1) where abs(gap[j]) > exact && abs(gap[j + 1]) > exact && (gap[j] > 0) != (gap[j + 1] > 0) {
            var lo = scan[j], hi = scan[j + 1]
            let rising = gap[j] < 0
            while hi.zeroBidProbability - lo.zeroBidProbability > settings.fixedPointTolerance {
                let mid = evaluate((lo.zeroBidProbability + hi.zeroBidProbability) / 2)
                evaluations += 1
                sweeps += mid.sweeps
                progress?(ProgressUpdate(stage: "mean field", completed: evaluations, total: plannedEvaluations))
                let midGap = mid.gamma - mid.zeroBidProbability
                if abs(midGap) <= exact {
                    lo = mid
                    hi = mid
                    break
                }
                if (midGap > 0) == (gap[j] > 0) { lo = mid } else { hi = mid }
            }
            let best = abs(lo.gamma - lo.zeroBidProbability) <= abs(hi.gamma - hi.zeroBidProbability) ? lo : hi
            let residual = abs(best.gamma - best.zeroBidProbability)
            let point = FixedPoint(
                zeroBidProbability: best.zeroBidProbability, gamma: best.gamma,
                kind: residual <= settings.fixedPointResidual ? .fixedPoint : .discontinuity, stable: !rising)
            points.append((point, best))
        }
        points.sort { $0.0.zeroBidProbability < $1.0.zeroBidProbability }
        guard let (selected, response) = points.last else {
            throw MarketError.invalid(field: "market", reason: "no fixed point of gamma found on [0, 1]")
        }
        progress?(ProgressUpdate(stage: "mean field", completed: plannedEvaluations, total: plannedEvaluations))

        let typeResults = zip(market.types, response.types).map { type, r -> TypeEquilibrium in
            let expected = zip(budgets.regeneration, r.values).reduce(0) { $0 + $1.0 * $1.1 }
            let mean = r.distribution.indices.reduce(0) { $0 + r.distribution[$1] * budgets.grid.point($1) }
            return TypeEquilibrium(
                name: type.name, share: type.share, clientProbability: type.clientProbability,
                zeroBidProbability: r.zeroBidMass, tradeRatio: 1 - r.zeroBidMass, expectedValue: expected,
                meanBudget: mean, policy: ClientPolicy(bids: r.bids, nodes: budgets.grid.point),
                valueFunction: r.values, budgetDistribution: r.distribution)
        }
        let z = selected.zeroBidProbability
        return MeanFieldEquilibrium(
            model: market.model, price: market.price, tradeRatio: 1 - z, zeroBidProbability: z,
            expectedValue: typeResults.reduce(0) { $0 + $1.share * $1.expectedValue },
            converged: response.converged && selected.kind == .fixedPoint, iterations: evaluations, sweeps: sweeps,
            fixedPoints: points.map(\.0), gammaIsMonotone: monotone, types: typeResults,
            meanInterestReceived: response.interest.mean, budgetStep: budgets.grid.step,
            budgetCeiling: budgets.grid.upper)
    }
}
