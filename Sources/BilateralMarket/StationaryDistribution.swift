import SurplusCore

/// The stationary budget distribution pi_z of the chain (6) of paper 000 with
/// regeneration, for one agent type playing a given client policy.
///
/// pi = (1 - beta) Psi + beta P^T pi, where P moves a budget as in (6): it stays
/// (w.p. p_s z, or p_c when the client bids 0), rises by k - c_serve (+ interest) after
/// serving (p_s (1 - z)), or moves to h(b) after buying (p_c, when the client bids k).
/// Off-grid budgets are split linearly between the two neighbouring nodes, which
/// keeps the mean exact. Solved by Gauss-Seidel sweeps upward (pull form, each node's
/// own weight eliminated exactly) until no node's mass changes by more than
/// `SolverSettings.distributionTolerance`.
struct StationaryDistribution: Sendable {
    /// Mass at each budget node; sums to 1.
    var mass: [Double]
    var sweeps: Int
    var converged: Bool

    init(
        solver: BellmanSolver, bids: [Bool], zeroBidProbability z: Double, settings: SolverSettings,
        initial: [Double]? = nil
    ) {
        let n = solver.budgets.count
        let p = solver.problem
        let atoms = solver.interest.amounts.count
        // Incoming transitions per target node (compressed rows), own weights apart.
        var selfWeight = [Double](repeating: 0, count: n)
        var counts = [Int32](repeating: 0, count: n + 1)
        var edges: [(from: Int32, to: Int32, weight: Double)] = []
        edges.reserveCapacity(n * (2 * atoms + 2))
        func add(_ from: Int, _ to: Int, _ w: Double) {
            guard w > 0 else { return }
            if from == to { selfWeight[from] += w } else { edges.append((Int32(from), Int32(to), w)) }
        }
        let serveRate = p.serverProbability * (1 - z)
        for i in 0..<n {
            let biddingClient = bids[i] ? p.clientProbability : 0
            add(i, i, p.serverProbability * z + (p.clientProbability - biddingClient))
            for a in 0..<atoms {
                let t = solver.serverTargets[a * n + i]
                let w = serveRate * solver.interest.probabilities[a]
                add(i, Int(t.index), w * (1 - t.weight))
                add(i, Int(t.index) + 1, w * t.weight)
            }
            if biddingClient > 0 {
                let t = solver.clientTargets[i]
                add(i, Int(t.index), biddingClient * (1 - t.weight))
                add(i, Int(t.index) + 1, biddingClient * t.weight)
            }
        }
        for e in edges { counts[Int(e.to) + 1] += 1 }
        for i in 0..<n { counts[i + 1] += counts[i] }
        var fill = counts
        var sources = [Int32](repeating: 0, count: edges.count)
        var weights = [Double](repeating: 0, count: edges.count)
        for e in edges {
            let slot = Int(fill[Int(e.to)])
            sources[slot] = e.from
            weights[slot] = e.weight
            fill[Int(e.to)] += 1
        }
        var pi = initial ?? solver.budgets.regeneration
        let regeneration = solver.budgets.regeneration
        let beta = p.beta
        var sweeps = 0
        var converged = false
        while sweeps < settings.maxIterations {
            sweeps += 1
            var largestChange = 0.0
            for t in 0..<n {
                var inflow = 0.0
                for e in Int(counts[t])..<Int(counts[t + 1]) { inflow += weights[e] * pi[Int(sources[e])] }
                let updated = ((1 - beta) * regeneration[t] + beta * inflow) / (1 - beta * selfWeight[t])
                largestChange = max(largestChange, abs(updated - pi[t]))
                pi[t] = updated
            }
            if largestChange < settings.distributionTolerance {
                converged = true
                break
            }
        }
        let total = pi.reduce(0, +)
        mass = pi.map { $0 / total }
        self.sweeps = sweeps
        self.converged = converged
    }

    /// pi_z of the nodes where a client bids 0: the type's share of zero bids.
    func zeroBidMass(bids: [Bool]) -> Double {
        var m = 0.0
        for i in mass.indices where !bids[i] { m += mass[i] }
        return m
    }

    /// Mean budget under pi.
    func meanBudget(grid: UniformGrid) -> Double {
        mass.indices.reduce(0) { $0 + mass[$1] * grid.point($1) }
    }
}
