import Foundation
import Testing
import NetworkSharing
import SurplusCore
import SurplusTestSupport

/// The claims of document 004, Sec. 6, each checked on many seeded random graphs (Erdos-Renyi
/// and Barabasi-Albert, log-normal endowments and values). Thresholds are set from what the
/// definitions imply (see each test), never from a recorded output.
@Suite struct PosterClaimsTests {
    static let seeds = Array(UInt64(1)...UInt64(16))

    /// "When agents allocate one-after-another, it converges" (coordinate ascent). Each agent's
    /// step maximizes the whole objective P over its own block (`Community`), so P never falls
    /// (up to rounding, 1e-12 relative), and the gap falls below 1e-4 within 400 sweeps.
    @Test(arguments: seeds)
    func sequentialCMAPConvergesLikeCoordinateAscent(seed: UInt64) throws {
        let network = try Fixture.random(seed: seed)
        let eq = try Fixture.equilibrium(network, tolerance: 1e-9)
        for order in AgentOrder.allCases {
            let run = try Fixture.run(network, .cmap(schedule: .sequential(order: order), community: 1), sweeps: 400,
                                  reference: eq, tolerance: 1e-4, seed: seed, recordInterval: 7)
            #expect(run.converged, "seed \(seed) \(order): gap \(run.metrics.relativeGap) after \(run.sweeps) sweeps")
            for (a, b) in zip(run.series, run.series.dropFirst()) {
                #expect(b.nashWelfareRatio >= a.nashWelfareRatio * (1 - 1e-12),
                        "seed \(seed) \(order): welfare fell at market round \(b.marketRounds)")
            }
        }
    }

    /// "When agents allocate at the same time, it can oscillate and diverge." The instance: a
    /// ring of four agents with equal endowments and values, starting from random shares.
    /// Agent a's best response mirrors agent c's split (a_b' = 1 - c_b, c_b' = 1 - a_b), so
    /// the value reaching b alternates between s and 2 - s for ever: a period-2 orbit that
    /// never reaches the equilibrium u = (1, 1, 1, 1). Sequential and damped CMAP converge on
    /// the same instance.
    @Test func simultaneousCMAPOscillatesOnTheFourRing() throws {
        let network = try NetworkGenerator(spec: "ring:n=4,endowment=constant:1,value=constant:1").generate(.serial)
        let eq = try Fixture.equilibrium(network)
        let start = Allocation.random(on: network, options: try Fixture.options(seed: 3))
        let engine = AllocationEngine(network: network, initial: start, options: .serial)
        var states = [engine.allocation]
        for _ in 0..<40 {
            engine.simultaneousSweep()
            states.append(engine.allocation)
        }
        // A period-2 orbit: back to rounding (1e-12) two sweeps later, while one sweep moves a share by more than 0.05.
        for t in 1..<38 {
            #expect(isApproximatelyEqual(states[t].shares, states[t + 2].shares, absolute: 1e-12), "sweep \(t)")
            #expect(!isApproximatelyEqual(states[t].shares, states[t + 1].shares, absolute: 0.05), "sweep \(t)")
        }
        #expect(engine.metrics(reference: eq).relativeGap > 0.05)
        let simultaneous = try Fixture.run(network, .cmap(schedule: .simultaneous, community: 1), sweeps: 200,
                                       reference: eq, tolerance: 1e-9, initial: .random, seed: 3)
        #expect(!simultaneous.converged)
        for schedule: Schedule in [.sequential(order: .fixed), .damped(step: 0.5)] {
            let run = try Fixture.run(network, .cmap(schedule: schedule, community: 1), sweeps: 200, reference: eq,
                                  tolerance: 1e-9, initial: .random, seed: 3)
            #expect(run.converged, "\(schedule): gap \(run.metrics.relativeGap)")
        }
    }

    /// On random graphs simultaneous CMAP does worse than oscillate: agents whose neighbours
    /// all judge them under-served flood them, and agents all neighbours abandon at once receive
    /// nothing, so the Nash welfare (a geometric mean) collapses to 0. Counted over the seeds;
    /// the claim "can diverge" needs one instance, and at least half the seeds show it.
    @Test func simultaneousCMAPFailsOnRandomGraphs() throws {
        var failures = 0
        for seed in Self.seeds {
            let network = try Fixture.random(seed: seed)
            let eq = try Fixture.equilibrium(network, tolerance: 1e-6)
            let run = try Fixture.run(network, .cmap(schedule: .simultaneous, community: 1), sweeps: 100,
                                  reference: eq, tolerance: 1e-4)
            if !run.converged { failures += 1 }
        }
        #expect(failures >= Self.seeds.count / 2, "simultaneous CMAP failed on \(failures) of \(Self.seeds.count) seeds")
    }

    /// "The numerical implementation gets to 98% of the equilibrium." With the exact
    /// water-filling step, sequential CMAP passes a Nash welfare ratio of 98% within three
    /// sweeps on every seed and keeps going to the equilibrium itself (ratio 1 to within
    /// 1e-6): the 98% is a point CMAP passes, not where it stops.
    @Test(arguments: seeds)
    func sequentialCMAPPasses98PercentAndReachesTheEquilibrium(seed: UInt64) throws {
        let network = try Fixture.random(seed: seed)
        let eq = try Fixture.equilibrium(network, tolerance: 1e-9)
        let run = try Fixture.run(network, .cmap(schedule: .sequential(order: .fixed), community: 1), sweeps: 400,
                              reference: eq, tolerance: 1e-7)
        // The poster's 98% (Sec. 6), which the report takes from its data file; this module test cannot read it.
        #expect(run.series[min(3, run.series.count - 1)].nashWelfareRatio >= 0.98, "seed \(seed)")
        #expect(run.metrics.nashWelfareRatio >= 1 - 1e-6, "seed \(seed): \(run.metrics.nashWelfareRatio)")
    }

    /// "It is outperformed by a self-maximizing strategy (proportional response)." Counted per
    /// market round (one round = one agent acting, for sequential CMAP; every agent at once,
    /// for proportional response), proportional response is ahead at every checkpoint from
    /// n/2 market rounds up to a full sweep of sequential CMAP. Counted per sweep the order
    /// reverses: sequential CMAP's gap after 10 sweeps is below proportional response's after
    /// 10 rounds on every seed.
    @Test(arguments: seeds)
    func proportionalResponseWinsPerMarketRoundCMAPPerSweep(seed: UInt64) throws {
        let network = try Fixture.random(seed: seed)
        let n = network.agentCount
        let eq = try Fixture.equilibrium(network, tolerance: 1e-9)
        let pr = try Fixture.run(network, .proportionalResponse, sweeps: n, reference: eq)
        let cmap = try Fixture.run(network, .cmap(schedule: .sequential(order: .fixed), community: 1), sweeps: 10,
                               reference: eq, recordInterval: 1)
        for rounds in [n / 2, n] {
            let prRatio = pr.series.first { $0.marketRounds == rounds }?.nashWelfareRatio ?? 0
            let cmapRatio = cmap.series.first { $0.marketRounds == rounds }?.nashWelfareRatio ?? 1
            #expect(prRatio > cmapRatio, "seed \(seed) at \(rounds) market rounds: PR \(prRatio), CMAP \(cmapRatio)")
        }
        let prTen = pr.series.first { $0.sweep == 10 }?.relativeGap ?? 0
        let cmapTen = cmap.series.last { $0.sweep == 10 }?.relativeGap ?? .infinity
        #expect(cmapTen < prTen, "seed \(seed) after 10 sweeps: CMAP gap \(cmapTen), PR gap \(prTen)")
    }
}
