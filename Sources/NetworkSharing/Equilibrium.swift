import Foundation
import SurplusCore

/// The equilibrium the poster calls fair and stable (document 004, Sec. 1 and 5): the
/// allocation maximizing the centralized program
///
///     P(x) = sum_j w_j log u_j,   w_j = epsilon_j v_j,   u_j = sum_{p in N_j} x_pj v_p,
///
/// over feasible allocations (each agent sends exactly epsilon_i to its neighbours, x >= 0).
/// Written in the value sent, b_pj = v_p x_pj, it is an Eisenberg-Gale program whose budgets
/// equal its weights (sum_j b_pj = w_p); the optimal utilities u* are unique.
///
/// **Certificate.** The Lagrange dual of the program is
/// D(mu) = sum_p w_p max_{j in N_p} mu_j - sum_j w_j log mu_j + sum_j w_j (log w_j - 1), and
/// at mu_j = w_j / u_j the gap is
///
///     D - P = sum_p sum_{j in N_p} b_pj (lambda_p - mu_j) >= 0,  lambda_p = max_{j in N_p} mu_j,
///
/// the value each agent sends to a neighbour that is not its best one, weighted by how much
/// worse it is. The **relative gap** is (D - P) / sum_j w_j. It bounds the loss in the weighted
/// mean log utility, so the Nash welfare ratio of the solution is at least exp(-relativeGap).
///
/// **Solver.** Proportional response (Wu & Zhang 2007; in value units b'_ij = w_i b_ji / u_i) is
/// a fixed-point iteration whose fixed points with full support satisfy these KKT conditions:
/// two rounds of it are exactly one step of mirror ascent on P with the entropy, so P rises and
/// the gap falls, but only like 1/t^2 on graphs where some agent pairs are nearly indifferent
/// (the value sent on an edge that should be empty decays by a factor w_i w_j / (u_i u_j) every
/// two rounds). The solver runs it in parallel from equal shares, in its streaming form (see
/// `Workspace.streamingProportionalResponseRound`), and checks the certificate every
/// `checkInterval` rounds on the allocation rebuilt exactly; it stops at the first check with
/// relative gap <= tolerance.
public struct Equilibrium: Sendable {
    /// How the equilibrium is computed; every solver stops on the same certificate.
    public enum Solver: String, Codable, Sendable, CaseIterable {
        /// Proportional-response rounds in their streaming form, certificate checks spaced by the
        /// predicted 1/t^2 fall of the gap (the reference; the default of `Options`, so every
        /// published number stays the same).
        case proportionalResponse
        /// Proportional response with momentum on the agents' scores, checked through the gap's
        /// closed form every step (see `Workspace.acceleratedEquilibrium`); about ten times faster to
        /// a gap of 1e-6 on large Barabasi-Albert graphs. The default of `NetworkStudy`.
        case accelerated
    }

    public struct Options: Sendable {
        /// The relative duality gap at which the equilibrium, and the dynamics measured against
        /// it, count as converged unless a caller says otherwise.
        public static let defaultTolerance = 1e-6

        /// Stop when the relative duality gap is at most this.
        public let tolerance: Double
        /// Give up after this many rounds (then `converged` is false).
        public let maxRounds: Int
        /// Fewest rounds between two certificate checks (checks are spaced further apart when
        /// the gap is far from the tolerance).
        public let checkInterval: Int
        public let solver: Solver

        /// - Throws: `InputError` for a tolerance that is not a finite number > 0, or a round
        ///   count or check interval below 1.
        public init(
            tolerance: Double = defaultTolerance, maxRounds: Int = 200_000, checkInterval: Int = 25,
            solver: Solver = .proportionalResponse
        ) throws {
            self.tolerance = try Validate.positive(tolerance, "tolerance")
            self.maxRounds = try Validate.count(maxRounds, 1...Int.max, "maxRounds")
            self.checkInterval = try Validate.count(checkInterval, 1...Int.max, "checkInterval")
            self.solver = solver
        }
    }

    /// The allocation found.
    public let allocation: Allocation
    /// u_j of that allocation.
    public let utilities: [Double]
    /// P = sum_j w_j log u_j.
    public let objective: Double
    /// The certificate: (D - P) / sum_j w_j, an upper bound on (P* - P) / sum_j w_j.
    public let relativeGap: Double
    /// Proportional-response rounds run (for the accelerated solver, two per step: each step
    /// is one two-round move of proportional response, with momentum).
    public let rounds: Int
    /// Whether relativeGap <= tolerance.
    public let converged: Bool
    /// sum_j w_j.
    public let totalWeight: Double

    /// Computes the equilibrium of `network` to the relative gap `options.tolerance`, on
    /// `run.threads` threads (the result does not depend on them), reporting the rounds to
    /// `run.progress`.
    ///
    /// - Throws: `CancellationError` once `run` is cancelled (checked at every certificate check).
    public static func solve(_ network: SharingNetwork, options: Options, run: RunOptions) throws -> Equilibrium {
        let total = network.totalWeight
        if options.solver == .accelerated {
            let workspace = Workspace(network: network, initial: .uniform(on: network), threads: run.threads)
            if let solved = try workspace.acceleratedEquilibrium(options: options, run: run, total: total) { return solved }
        }
        let workspace = Workspace(network: network, initial: .uniform(on: network), threads: run.threads)
        // The streaming form needs every agent of positive weight to receive something, which
        // equal shares on a validated network guarantee; the plain rounds are the fallback.
        let streaming = workspace.beginProportionalResponse()
        var rounds = streaming ? 1 : 0
        var nextCheck = rounds
        var firstGap: Double?
        while true {
            if rounds >= nextCheck || rounds >= options.maxRounds {
                if streaming { workspace.materializeProportionalResponse() } else { workspace.computeUtilities() }
                let measured = workspace.measure(reference: nil)
                let relativeGap = total > 0 ? measured.gap / total : 0
                reportGap(run, relativeGap, first: &firstGap, tolerance: options.tolerance)
                if relativeGap <= options.tolerance || rounds >= options.maxRounds {
                    return Equilibrium(
                        allocation: workspace.allocation(), utilities: workspace.utilityArray(),
                        objective: measured.objective, relativeGap: relativeGap, rounds: rounds,
                        converged: relativeGap <= options.tolerance, totalWeight: total)
                }
                // The gap falls about like 1/t^2: aim the next check at 90% of the predicted
                // round count, at most a quarter further than the rounds so far (so a check
                // overshoots by at most 25%), and never sooner than `checkInterval` rounds.
                let predicted = Double(max(rounds, 1)) * (relativeGap / options.tolerance).squareRoot()
                let ahead = relativeGap.isFinite
                    ? Int(min(Double(rounds) / 4, 0.9 * (predicted - Double(rounds)))) : 0
                nextCheck = rounds + max(options.checkInterval, ahead)
                try run.checkCancellation()
            }
            if streaming {
                workspace.streamingProportionalResponseRound()
            } else {
                workspace.proportionalResponseRound()
                workspace.swapBuffers()
            }
            rounds += 1
        }
    }

    /// The Nash social welfare of the equilibrium: exp(P / sum_j w_j), the geometric mean of
    /// utilities weighted by w_j (see `WelfareMetrics`).
    public var nashWelfare: Double { totalWeight > 0 ? exp(objective / totalWeight) : 1 }
}

extension Equilibrium {
    /// Reports a solve's progress as the share of the way, on a log scale, from the first
    /// relative gap measured to the tolerance. Rounds against the round limit would leave the
    /// bar near 0 for a solve that converges far below its limit.
    static func reportGap(_ run: RunOptions, _ relativeGap: Double, first: inout Double?, tolerance: Double) {
        guard run.progress != nil, relativeGap.isFinite, relativeGap > 0 else { return }
        let start = first ?? relativeGap
        first = start
        let span = log(start / tolerance)
        let done = span > 0 ? min(1, max(0, log(start / relativeGap) / span)) : 1
        run.report("relative gap \(String(format: "%.1e", relativeGap)) of \(String(format: "%.0e", tolerance))", Int(done * 1000), of: 1000)
    }
}
