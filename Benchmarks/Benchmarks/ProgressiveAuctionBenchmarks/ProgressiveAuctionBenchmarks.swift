import Benchmark
import Foundation
import ProgressiveAuction
import SurplusCore

// Issue 3 targets on this machine: an exchange of 10,000 buyers and 1,000
// sellers settles in <= 1 s; a PSP auction of 1,000 bidders (Q = 100,
// epsilon = 5) reaches its epsilon-equilibrium in <= 0.1 s.
//
// With SURPLUS_BENCH_REPORT=1 in the environment, the executable first
// prints rounds, moves, efficiency and one timed run for every size (PSP with
// 10 / 100 / 1,000 / 10,000 bidders; the exchange under both schedules).
let benchmarks: @Sendable () -> Void = {
    let config = Benchmark.Configuration(
        metrics: [.wallClock, .mallocCountTotal], maxDuration: .seconds(5), maxIterations: 20)
    let report = ProcessInfo.processInfo.environment["SURPLUS_BENCH_REPORT"] != nil

    func seconds(_ body: () -> Void) -> Double {
        let start = ContinuousClock.now
        body()
        let d = ContinuousClock.now - start
        return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }

    for n in [10, 100, 1_000, 10_000] {
        let market = try! PSPScenario.fivePlayerSetting.market()
        let dynamics = try! PSPDynamics(market: market, valuations: RandomInstances.pspValuations(count: n, run: RunOptions.serial(seed: 42)))
        if report {
            var r: PSPDynamics.Result?
            let t = seconds { r = dynamics.run() }
            if let r {
                print("PSP n=\(n): rounds \(r.rounds), moves \(r.moves), converged \(r.converged), welfare \(r.welfare) of \(r.optimalWelfare) (\(r.efficiency)), one run \(t) s")
            }
        }
        if n <= 1_000 {
            Benchmark("PSP asynchronous dynamics, \(n) bidders, Q=100, eps=5", configuration: config) { benchmark in
                for _ in benchmark.scaledIterations { blackHole(dynamics.run()) }
            }
        } else {
            Benchmark("PSP asynchronous dynamics, \(n) bidders, Q=100, eps=5",
                      configuration: .init(metrics: [.wallClock], maxDuration: .seconds(30), maxIterations: 3)) { benchmark in
                for _ in benchmark.scaledIterations { blackHole(dynamics.run()) }
            }
        }
    }

    for (buyers, sellers) in [(1_000, 100), (10_000, 1_000)] {
        let market = try! RandomInstances.exchange(buyers: buyers, sellers: sellers, run: RunOptions.serial(seed: 7))
        if report {
            for schedule in ExchangeSchedule.allCases where schedule == .priority || buyers <= 1_000 {
                var o: ExchangeOutcome?
                let t = seconds { o = market.settle(options: .init(schedule: schedule)) }
                if let o {
                    print("exchange \(buyers)x\(sellers) \(schedule): rounds \(o.rounds), rule \(o.terminationRule), efficiency \(o.efficiency), one run \(t) s")
                }
            }
        }
        Benchmark("Exchange priority schedule, \(buyers) buyers x \(sellers) sellers", configuration: config) { benchmark in
            for _ in benchmark.scaledIterations { blackHole(market.settle(options: .init(schedule: .priority))) }
        }
    }
}
