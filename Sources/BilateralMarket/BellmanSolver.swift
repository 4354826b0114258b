import SurplusCore

/// Value iteration of the Bellman operator (4) of paper 000 for one agent type,
/// given the belief z that a client bids 0, on a budget grid.
///
/// With servers bidding k and clients bidding 0 or k, (4) reads
///
///     v(b) = p_s [(1-z)(k - c_serve + I + beta v(b + k - c_serve + I)) + z beta v(b)]
///          + p_c max{ s - k + beta v(h(b))  if the client can bid k,
///                     -c_lose + beta v(b) }
///
/// where I is the interest a lending server receives (0 unless `loan`; a random
/// amount whose law is an input) and h(b) eq. (1)'s post-trade budget.
///
/// Solved by Gauss-Seidel sweeps from the top of the grid down, each node's own
/// weight eliminated exactly (v_i = (R + beta sum_{j != i} P_ij v_j) / (1 - beta P_ii)
/// per action, then the max). Server moves go up and are fresh within a sweep,
/// so the sweeps converge at the rate of the overdraft moves that go down.
/// Converged: the largest change of a sweep is below `SolverSettings.valueTolerance`.
struct BellmanSolver: Sendable {
    let problem: AgentProblem
    let budgets: BudgetGrid
    /// h(b_i) for clients who can bid; index -1 where they cannot.
    let clientTargets: [GridPosition]
    let interest: InterestLaw
    /// serverTargets[a * n + i]: b_i + k - c_serve + interest atom a.
    let serverTargets: [GridPosition]

    init(problem: AgentProblem, budgets: BudgetGrid, interest: InterestLaw) {
        self.problem = problem
        self.budgets = budgets
        self.interest = interest
        let n = budgets.count
        clientTargets = (0..<n).map { i in
            let b = budgets.grid.point(i)
            return problem.canBid(budget: b)
                ? budgets.position(max(0, problem.budgetAfterWinning(budget: b))) : GridPosition(index: -1, weight: 0)
        }
        var targets: [GridPosition] = []
        targets.reserveCapacity(n * interest.amounts.count)
        for amount in interest.amounts {
            for i in 0..<n {
                targets.append(
                    budgets.position(problem.budgetAfterServing(budget: budgets.grid.point(i), interestReceived: amount)))
            }
        }
        serverTargets = targets
    }

    struct Solution: Sendable {
        /// v*_z at each budget node.
        var values: [Double]
        /// Whether a client at each node bids k (ties resolved to bidding).
        var bids: [Bool]
        /// Gain of bidding k over bidding 0 at each node, v_c_win - v_c_lose of eq. (5)
        /// (-infinity where the client cannot bid k).
        var advantage: [Double]
        var sweeps: Int
        var converged: Bool
    }

    /// Solves for belief z, starting from `initial` values (or the unconstrained value).
    func solve(zeroBidProbability z: Double, initial: [Double]? = nil, settings: SolverSettings) -> Solution {
        let n = budgets.count
        let p = problem
        var values =
            initial
            ?? [Double](
                repeating: p.unconstrainedValue(zeroBidProbability: z, meanInterest: interest.mean), count: n)
        var bids = [Bool](repeating: false, count: n)
        var advantage = [Double](repeating: -.infinity, count: n)
        let atoms = interest.amounts.count
        let serveRate = p.serverProbability * (1 - z)
        let serverReward = serveRate * (p.price - p.serveCost + interest.mean)
        let serverStay = p.serverProbability * z * p.beta
        let clientWinReward = p.clientProbability * (p.surplus - p.price)
        let clientLoseReward = -p.clientProbability * p.loseCost
        var sweeps = 0
        var converged = false
        values.withUnsafeMutableBufferPointer { v in
            bids.withUnsafeMutableBufferPointer { bid in
              advantage.withUnsafeMutableBufferPointer { gain in
                serverTargets.withUnsafeBufferPointer { st in
                    clientTargets.withUnsafeBufferPointer { ct in
                        interest.probabilities.withUnsafeBufferPointer { q in
                            while sweeps < settings.maxIterations {
                                sweeps += 1
                                var largestChange = 0.0
                                var i = n - 1
                                while i >= 0 {
                                    // Server: expected continuation, own node's weight set apart.
                                    var serverNext = 0.0, serverSelf = 0.0
                                    for a in 0..<atoms {
                                        let t = st[a &* n &+ i]
                                        let j = Int(t.index)
                                        let lowWeight = (1 - t.weight) * q[a], highWeight = t.weight * q[a]
                                        if j == i { serverSelf += lowWeight } else { serverNext += lowWeight * v[j] }
                                        if j + 1 == i { serverSelf += highWeight } else { serverNext += highWeight * v[j + 1] }
                                    }
                                    let common = serverReward + serveRate * p.beta * serverNext
                                    let commonSelf = serverStay + serveRate * p.beta * serverSelf
                                    let zero =
                                        (common + clientLoseReward)
                                        / (1 - commonSelf - p.clientProbability * p.beta)
                                    var best = zero
                                    var bidsHere = false
                                    var gainHere = -Double.infinity
                                    let t = ct[i]
                                    if t.index >= 0 {
                                        let j = Int(t.index)
                                        var next = 0.0, own = 0.0
                                        if j == i { own += 1 - t.weight } else { next += (1 - t.weight) * v[j] }
                                        if j + 1 == i { own += t.weight } else { next += t.weight * v[j + 1] }
                                        let win =
                                            (common + clientWinReward + p.clientProbability * p.beta * next)
                                            / (1 - commonSelf - p.clientProbability * p.beta * own)
                                        gainHere = win - zero
                                        if win >= zero {
                                            best = win
                                            bidsHere = true
                                        }
                                    }
                                    largestChange = max(largestChange, abs(best - v[i]))
                                    v[i] = best
                                    bid[i] = bidsHere
                                    gain[i] = gainHere
                                    i -= 1
                                }
                                if largestChange < settings.valueTolerance {
                                    converged = true
                                    break
                                }
                            }
                        }
                    }
                }
              }
            }
        }
        return Solution(values: values, bids: bids, advantage: advantage, sweeps: sweeps, converged: converged)
    }
}
