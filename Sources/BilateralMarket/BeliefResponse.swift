import SurplusCore

/// gamma(z) of Theorem 2 (paper 000): every type's best response to the belief z
/// (value function and client policy) and the stationary budget distribution it
/// induces; the new belief is the client-weighted share of zero bids,
///
///     gamma(z) = sum_t share_t p_c,t pi_t(B0_t) / sum_t share_t p_c,t.
///
/// In the `loan` model the server's interest income depends on the budgets of
/// the clients who borrow, so the belief also carries the law of that interest;
/// for a given z it is found by iterating law -> policies -> distributions -> law
/// to a fixed point (total variation below 1e-7) before gamma(z) is returned.
struct BeliefResponse: Sendable {
    struct TypeResponse: Sendable {
        var values: [Double]
        var bids: [Bool]
        var advantage: [Double]
        var distribution: [Double]
        var zeroBidMass: Double
        var converged: Bool
    }

    let zeroBidProbability: Double
    let gamma: Double
    let types: [TypeResponse]
    let interest: InterestLaw
    /// Value-iteration and distribution sweeps used, summed. A warm start (the
    /// response to a nearby belief) only changes where the sweeps begin, so the
    /// result agrees with a cold start to the solver tolerances.
    let sweeps: Int
    let converged: Bool

    static func evaluate(
        market: MarketParameters, problems: [AgentProblem], budgets: BudgetGrid, zeroBidProbability z: Double,
        settings: SolverSettings, warmStart: BeliefResponse? = nil, fixedInterest: InterestLaw? = nil
    ) -> BeliefResponse {
        var law = fixedInterest ?? warmStart?.interest ?? InterestLaw.none
        var sweeps = 0
        var converged = true
        var previous: [TypeResponse]? = warmStart?.types
        var round = 0
        while true {
            round += 1
            var responses: [TypeResponse] = []
            for (t, problem) in problems.enumerated() {
                let solver = BellmanSolver(problem: problem, budgets: budgets, interest: law)
                let solution = solver.solve(zeroBidProbability: z, initial: previous?[t].values, settings: settings)
                let pi = StationaryDistribution(
                    solver: solver, bids: solution.bids, zeroBidProbability: z, settings: settings,
                    initial: previous?[t].distribution)
                sweeps += solution.sweeps + pi.sweeps
                responses.append(
                    TypeResponse(
                        values: solution.values, bids: solution.bids, advantage: solution.advantage, distribution: pi.mass,
                        zeroBidMass: pi.zeroBidMass(bids: solution.bids),
                        converged: solution.converged && pi.converged))
            }
            previous = responses
            if market.model != .loan || fixedInterest != nil { break }
            let next = lentInterest(market: market, problems: problems, budgets: budgets, responses: responses, settings: settings)
            let change = next.distance(to: law)
            law = next
            if change < 1e-7 { break }
            if round >= 200 {
                converged = false
                break
            }
        }
        let responses = previous ?? []
        let weights = zip(market.types, problems).map { $0.share * $1.clientProbability }
        let totalWeight = weights.reduce(0, +)
        var gamma = 0.0
        for (w, r) in zip(weights, responses) { gamma += w * r.zeroBidMass }
        return BeliefResponse(
            zeroBidProbability: z, gamma: gamma / totalWeight, types: responses, interest: law, sweeps: sweeps,
            converged: converged && responses.allSatisfy(\.converged))
    }

    /// The law of the interest paid by a random bidding client (client-weighted over
    /// types), binned into `settings.interestAtoms` equal-width bins over
    /// [0, max interest], each atom at its bin's conditional mean.
    static func lentInterest(
        market: MarketParameters, problems: [AgentProblem], budgets: BudgetGrid, responses: [TypeResponse],
        settings: SolverSettings
    ) -> InterestLaw {
        let largest = problems.map { $0.interest(budget: 0) }.max() ?? 0
        var binning = InterestLaw.Binning(atoms: settings.interestAtoms, upTo: largest)
        for (t, problem) in problems.enumerated() {
            let weight = market.types[t].share * problem.clientProbability
            let r = responses[t]
            for i in 0..<budgets.count where r.bids[i] {
                binning.add(problem.interest(budget: budgets.grid.point(i)), weight: weight * r.distribution[i])
            }
        }
        return binning.law
    }
}
