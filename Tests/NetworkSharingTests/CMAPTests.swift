import Foundation
import Testing
import NetworkSharing
import SurplusCore
import SurplusTestSupport

@Suite struct CMAPTests {
    /// The water-filling answer is the exact optimum of the agent's community program: KKT
    /// holds (w_j / u_j equal on the neighbours it sends to, no larger elsewhere), and for
    /// k = 1, 2, 3 no random feasible change of the agent's own allocation raises the k-hop
    /// community utility.
    @Test(arguments: Array(UInt64(1)...UInt64(10)))
    func bestResponseSolvesTheCommunityProgram(seed: UInt64) throws {
        let network = try Fixture.random(seed: seed, agents: 50)
        var rng = RandomStream(seed: seed, stream: 7)
        let start = Allocation.random(on: network, options: try Fixture.options(seed: seed))
        for _ in 0..<5 {
            let i = rng.nextIndex(below: network.agentCount)
            let after = Community.bestResponse(of: i, community: 1, allocation: start, in: network)
            #expect(Fixture.feasibilityViolation(after, on: network) == nil)
            let u = after.utilities(on: network)
            let row = network.entries(of: i)
            let marginals = row.map { network.weights[Int(network.neighbours[$0])] / u[Int(network.neighbours[$0])] }
            let lambda = marginals.max() ?? 0
            // The water level is exact up to rounding in sums over at most a few dozen neighbours.
            for (k, e) in row.enumerated() where after.shares[e] > 1e-12 {
                #expect(isApproximatelyEqual(marginals[k], lambda, relative: 1e-9), "seed \(seed) agent \(i): sends to a worse neighbour")
            }
            for k in 1...3 {
                let members = Community.members(of: i, hops: k, in: network)
                let best = Community.utility(of: members, allocation: after, in: network)
                for _ in 0..<10 {
                    var shares = after.shares
                    let t = rng.nextUnit()
                    var total = 0.0
                    for e in row { shares[e] = (1 - t) * shares[e] + t * rng.nextUnit(); total += shares[e] }
                    for e in row { shares[e] /= total }
                    let other = Community.utility(of: members, allocation: Allocation(shares: shares), in: network)
                    #expect(other <= best + 1e-9 * abs(best) + 1e-12, "seed \(seed) agent \(i) k \(k)")
                }
            }
        }
    }

    /// Poster Sec. 6: "behaviour is identical for k >= 1". The program's argmax does not
    /// depend on k >= 1 (see `Community`), so the dynamics coincide bit for bit; k = 0 never
    /// moves.
    @Test(arguments: [UInt64(1), 2, 3, 4])
    func behaviourIsIdenticalForEveryKAtLeastOne(seed: UInt64) throws {
        let network = try Fixture.random(seed: seed)
        let eq = try Fixture.equilibrium(network, tolerance: 1e-6)
        for schedule: Schedule in [.sequential(order: .random), .simultaneous, .damped(step: 0.5)] {
            let runs = try (1...4).map { k in
                try Fixture.run(network, .cmap(schedule: schedule, community: k), sweeps: 10, reference: eq)
            }
            for run in runs.dropFirst() {
                #expect(run.series == runs[0].series && run.allocation == runs[0].allocation, "seed \(seed) \(schedule)")
            }
            let still = try Fixture.run(network, .cmap(schedule: schedule, community: 0), sweeps: 5, reference: eq)
            // Shares are rebuilt from the value sent, so they match to rounding (1e-15).
            let uniform = Allocation.uniform(on: network)
            #expect(isApproximatelyEqual(still.allocation.shares, uniform.shares, absolute: 1e-12))
        }
    }

    /// Invariants on random graphs, for every strategy and schedule: every agent sends exactly
    /// its endowment, nothing negative, nothing to a non-neighbour; utilities add up to the
    /// total value sent; the metrics stay in their ranges.
    @Test(arguments: Array(UInt64(1)...UInt64(16)))
    func everyStrategyKeepsTheAllocationFeasible(seed: UInt64) throws {
        let network = try Fixture.random(seed: seed, agents: 30 + Int(seed) * 5)
        let eq = try Fixture.equilibrium(network, tolerance: 1e-6)
        #expect(Fixture.feasibilityViolation(eq.allocation, on: network) == nil, "seed \(seed) equilibrium")
        let strategies: [Strategy] = [
            .proportionalResponse, .cmap(schedule: .sequential(order: .fixed), community: 1),
            .cmap(schedule: .sequential(order: .random), community: 2), .cmap(schedule: .simultaneous, community: 1),
            .cmap(schedule: .damped(step: 0.3), community: 1),
        ]
        for strategy in strategies {
            let run = try Fixture.run(network, strategy, sweeps: 8, reference: eq, initial: .random, seed: seed)
            if let violation = Fixture.feasibilityViolation(run.allocation, on: network) {
                Issue.record("seed \(seed) \(strategy): \(violation)")
            }
            // Every feasible allocation delivers the total weight; sums of a few hundred terms round to about 1e-13.
            let total = run.utilities.reduce(0, +)
            #expect(isApproximatelyEqual(total, network.totalWeight, relative: 1e-9), "seed \(seed) \(strategy)")
            for r in run.series {
                // 0 is reached when simultaneous CMAP leaves an agent with nothing (see PosterClaimsTests).
                #expect(r.nashWelfareRatio >= 0 && r.nashWelfareRatio <= 1 + 1e-6, "seed \(seed) \(strategy)")
                #expect(r.marketLoss >= 0 && r.marketLoss <= 1 && !(r.relativeGap < -1e-12), "seed \(seed) \(strategy)")
            }
        }
    }
}
