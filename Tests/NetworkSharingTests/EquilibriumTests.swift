import Foundation
import Testing
import NetworkSharing
import SurplusCore
import SurplusTestSupport

@Suite struct EquilibriumTests {
    /// A star: the hub (weight 1) must split its value among three leaves (weights 1, 2, 3) who
    /// can only send to the hub. The hub receives 6 whatever happens; the program
    /// max sum_leaves w_l log y_l s.t. sum y_l = 1 gives y_l = w_l / 6 (closed form).
    @Test func starMatchesClosedForm() throws {
        let network = try SharingNetwork(
            ids: ["hub", "l1", "l2", "l3"], endowments: [1, 1, 2, 3], values: [1, 1, 1, 1],
            edges: [(0, 1), (0, 2), (0, 3)])
        let eq = try Fixture.equilibrium(network, tolerance: 1e-12)
        #expect(eq.converged)
        let expected = [6.0, 1.0 / 6, 2.0 / 6, 3.0 / 6]
        // Proportional response reaches this point in one round, so only rounding remains;
        // 1e-9 relative leaves ample room.
        #expect(isApproximatelyEqual(eq.utilities, expected, relative: 1e-9))
    }

    /// On random graphs the certificate is a true bound: no random feasible perturbation of the
    /// equilibrium raises the objective by more than the gap (times the total weight).
    @Test(arguments: Array(UInt64(1)...UInt64(12)))
    func certificateBoundsEveryPerturbation(seed: UInt64) throws {
        let network = try Fixture.random(seed: seed)
        let eq = try Fixture.equilibrium(network, tolerance: 1e-7)
        #expect(eq.converged, "seed \(seed): gap \(eq.relativeGap)")
        var rng = RandomStream(seed: seed, stream: 99)
        let W = network.totalWeight
        for trial in 0..<20 {
            var shares = eq.allocation.shares
            let i = rng.nextIndex(below: network.agentCount)
            let row = network.entries(of: i)
            guard row.count >= 2 else { continue }
            let t = 0.3 * rng.nextUnit()
            let target = row.lowerBound + rng.nextIndex(below: row.count)
            for e in row { shares[e] = (1 - t) * shares[e] + (e == target ? t : 0) }
            let perturbed = WelfareMetrics.of(Allocation(shares: shares), on: network, reference: eq)
            #expect(perturbed.objective <= eq.objective + eq.relativeGap * W + 1e-12 * W,
                    "seed \(seed) trial \(trial)")
        }
    }

    /// Proportional response's fixed point is the equilibrium: computed to a relative gap of
    /// 1e-10 it is matched by an independent solver (sequential CMAP, exact coordinate ascent)
    /// run to the same gap. The optimal utilities are unique (the objective is strictly concave
    /// in u); a relative gap g bounds sum_j w_j (u_j - u*_j)^2 / u_max^2 by about 2 g W, so with
    /// g = 1e-10 utilities agree to about 1e-4 relative; 1e-3 leaves room.
    @Test(arguments: Array(UInt64(1)...UInt64(10)))
    func proportionalResponseFixedPointMatchesCoordinateAscent(seed: UInt64) throws {
        let network = try Fixture.random(seed: seed, agents: 40)
        let eq = try Fixture.equilibrium(network, tolerance: 1e-10)
        #expect(eq.converged, "seed \(seed)")
        let cmap = try Fixture.run(network, .cmap(schedule: .sequential(order: .fixed), community: 1), sweeps: 20_000,
                               reference: eq, tolerance: 1e-10)
        #expect(cmap.converged, "seed \(seed): CMAP gap \(cmap.metrics.relativeGap)")
        for j in 0..<network.agentCount where network.weights[j] > 0 {
            #expect(isApproximatelyEqual(cmap.utilities[j], eq.utilities[j], relative: 1e-3), "seed \(seed) agent \(j)")
        }
        // And one more proportional-response round leaves it (nearly) where it is.
        let engine = AllocationEngine(network: network, initial: eq.allocation, options: .serial)
        engine.proportionalResponseRound()
        engine.proportionalResponseRound()
        let again = engine.utilities
        for j in 0..<network.agentCount where network.weights[j] > 0 {
            #expect(isApproximatelyEqual(again[j], eq.utilities[j], relative: 1e-3), "seed \(seed) agent \(j)")
        }
    }

    /// Determinism: the same network gives bit-identical results with 1 or 4 threads.
    @Test func resultsDoNotDependOnThreadCount() throws {
        let network = try NetworkGenerator(spec: "barabasi-albert:n=20000,m=3").generate(Fixture.options(seed: 5))
        let settings = try Equilibrium.Options(tolerance: 1e-4)
        let one = try Equilibrium.solve(network, options: settings, run: Fixture.options(threads: 1))
        let four = try Equilibrium.solve(network, options: settings, run: Fixture.options(threads: 4))
        #expect(one.allocation == four.allocation)
        #expect(one.relativeGap == four.relativeGap)
        for strategy: Strategy in [.proportionalResponse, .cmap(schedule: .damped(step: 0.5), community: 1)] {
            let a = try Fixture.run(network, strategy, sweeps: 3, reference: one, threads: 1)
            let b = try Fixture.run(network, strategy, sweeps: 3, reference: one, threads: 4)
            #expect(a.allocation == b.allocation && a.series == b.series, "\(strategy)")
        }
    }
}
