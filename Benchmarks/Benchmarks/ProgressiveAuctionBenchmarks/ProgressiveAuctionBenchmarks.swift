import Benchmark
import Foundation
import ProgressiveAuction

// Issue 3 targets on this machine: an exchange of 10,000 buyers and 1,000
// sellers settles in <= 1 s; a PSP auction of 1,000 bidders (Q = 100,
// epsilon = 5) reaches its epsilon-equilibrium in <= 0.1 s. Rounds for
// 10 / 100 / 1,000 / 10,000 bidders are printed once at start-up.
let benchmarks: @Sendable () -> Void = {
    let config = Benchmark.Configuration(
        metrics: [.wallClock, .mallocCountTotal], maxDuration: .seconds(5), maxIterations: 20)

    for n in [10, 100, 1_000, 10_000] {
        let market = try! PSPMarket(quantity: 100, epsilon: 5)
        let dynamics = try! PSPDynamics(market: market, valuations: RandomInstances.pspValuations(count: n, seed: 42))
        if n <= 1_000 || ProcessInfo.processInfo.environment["PSP_ROUNDS_10K"] != nil {
            let r = dynamics.run()
            print("PSP n=\(n): rounds \(r.rounds), moves \(r.moves), converged \(r.converged), efficiency \(r.welfare / r.optimalWelfare)")
        }
        Benchmark("PSP asynchronous dynamics, \(n) bidders, Q=100, eps=5", configuration: config) { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(dynamics.run())
            }
        }
    }

    for (buyers, sellers) in [(1_000, 100), (10_000, 1_000)] {
        let market = try! RandomInstances.exchange(buyers: buyers, sellers: sellers, seed: 7)
        let r = market.settle(options: .init(schedule: .priority))
        print("exchange \(buyers)x\(sellers) priority: rounds \(r.rounds), converged \(r.converged), efficiency \(r.welfare / r.optimalWelfare)")
        Benchmark("Exchange priority schedule, \(buyers) buyers x \(sellers) sellers", configuration: config) { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(market.settle(options: .init(schedule: .priority)))
            }
        }
    }
    let small = try! RandomInstances.exchange(buyers: 1_000, sellers: 100, seed: 7)
    let rs = small.settle(options: .init(schedule: .synchronous))
    print("exchange 1000x100 synchronous: rounds \(rs.rounds), converged \(rs.converged), rule \(rs.terminationRule), efficiency \(rs.welfare / rs.optimalWelfare)")
    Benchmark("Exchange synchronous schedule, 1000 buyers x 100 sellers", configuration: config) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(small.settle(options: .init(schedule: .synchronous)))
        }
    }
}
