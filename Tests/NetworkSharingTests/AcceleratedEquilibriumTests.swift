import NetworkSharing
import SurplusCore
import SurplusTestSupport
import Testing

/// The accelerated solver reaches the equilibrium plain proportional response reaches, with
/// the same certificate.
@Suite struct AcceleratedEquilibriumTests {
    static func solve(_ network: SharingNetwork, _ solver: Equilibrium.Solver, tolerance: Double, threads: Int = 1) throws -> Equilibrium {
        try Equilibrium.solve(
            network, options: Equilibrium.Options(tolerance: tolerance, solver: solver), run: Fixture.options(threads: threads))
    }

    /// Both solvers certify a relative gap of at most 1e-9, so both objectives are within
    /// 1e-9 sum w of the optimum P*, hence within 2e-9 sum w of each other. The utilities u*
    /// are unique and P is strongly concave in u: sum_j w_j (u_j / u*_j - 1)^2 / 2 is about
    /// P* - P <= 1e-9 sum w, so the w-weighted root mean square of the relative difference of
    /// the two solutions' utilities is at most about 2 sqrt(2e-9) = 9e-5 (3e-4 allowed).
    @Test func sameEquilibriumAsProportionalResponse() throws {
        for seed: UInt64 in 1...6 {
            let network = try Fixture.random(seed: seed, agents: 80)
            let plain = try Self.solve(network, .proportionalResponse, tolerance: 1e-9)
            let fast = try Self.solve(network, .accelerated, tolerance: 1e-9)
            #expect(plain.converged && fast.converged, "seed \(seed)")
            #expect(fast.relativeGap <= 1e-9)
            let total = network.totalWeight
            #expect(abs(fast.objective - plain.objective) <= 2e-9 * total, "seed \(seed)")
            var weighted = 0.0
            for j in 0..<network.agentCount where network.weights[j] > 0 {
                let r = fast.utilities[j] / plain.utilities[j] - 1
                weighted += network.weights[j] * r * r
            }
            #expect((weighted / total).squareRoot() <= 3e-4, "seed \(seed)")
            #expect(Fixture.feasibilityViolation(fast.allocation, on: network) == nil)
            #expect(fast.rounds < plain.rounds, "seed \(seed): \(fast.rounds) vs \(plain.rounds) rounds")
        }
    }

    /// The certificate is the same one: measured again on the returned allocation it gives the
    /// reported gap, and the result does not depend on the thread count.
    @Test func certificateAndThreadsIndependence() throws {
        let network = try Fixture.random(seed: 5, agents: 200)
        let one = try Self.solve(network, .accelerated, tolerance: 1e-8)
        let two = try Self.solve(network, .accelerated, tolerance: 1e-8, threads: 2)
        #expect(one.utilities == two.utilities && one.rounds == two.rounds)
        let reference = try Self.solve(network, .accelerated, tolerance: 1e-10)
        let metrics = WelfareMetrics.of(one.allocation, on: network, reference: reference)
        #expect(isApproximatelyEqual(metrics.relativeGap, one.relativeGap, absolute: 1e-14, relative: 1e-6))
        #expect(one.relativeGap <= 1e-8 && one.converged)
    }

    /// Agents of weight 0 (they send nothing of value and nobody sends to them at the
    /// equilibrium) do not stop the scores.
    @Test func zeroWeightAgents() throws {
        let network = try NetworkGenerator(spec: "barabasi-albert:n=200,m=3,value=uniform:0:1")
            .generate(Fixture.options(seed: 3))
        var ids = network.ids, endowments = network.endowments
        for k in stride(from: 0, to: 200, by: 7) { endowments[k] = 0 }
        ids = ids.map { "a\($0)" }
        var edges: [(Int, Int)] = []
        for i in 0..<network.agentCount { for e in network.entries(of: i) where Int(network.neighbours[e]) > i { edges.append((i, Int(network.neighbours[e]))) } }
        let zeroed = try SharingNetwork(ids: ids, endowments: endowments, values: network.values, edges: edges)
        let plain = try Self.solve(zeroed, .proportionalResponse, tolerance: 1e-9)
        let fast = try Self.solve(zeroed, .accelerated, tolerance: 1e-9)
        #expect(fast.converged && abs(fast.objective - plain.objective) <= 2e-9 * zeroed.totalWeight)
    }
}
