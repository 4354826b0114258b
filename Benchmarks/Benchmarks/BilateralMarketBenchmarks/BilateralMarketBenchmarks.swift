import BilateralMarket
import Benchmark
import SurplusCore

/// Targets of issue 2: the six equilibria of Table I together in 0.25 s or less;
/// the population simulation at N = 1,000,000 at 200 million agent-periods per
/// second or more (one iteration = 10 periods = 10 million agent-periods, measured
/// after 5 warm-up periods).
let benchmarks: @Sendable () -> Void = {
    let markets = (try? MarketParameters.tableI()) ?? []
    let options = (try? RunOptions()) ?? .serial

    Benchmark(
        "Table I: six mean field equilibria",
        configuration: .init(metrics: [.wallClock, .cpuTotal, .mallocCountTotal], maxDuration: .seconds(10))
    ) { benchmark in
        for _ in benchmark.scaledIterations {
            for market in markets { blackHole(try MeanFieldEquilibrium.solve(market, options: options)) }
        }
    }

    guard let bank = try? MarketParameters.sectionVB(.bank) else { return }
    let equilibrium = try? MeanFieldEquilibrium.solve(bank, options: options)
    for threads in [1, RunOptions.defaultThreads] {
        Benchmark(
            "Population N=1e6, 10 periods, \(threads) thread(s)",
            configuration: .init(
                metrics: [.wallClock, .cpuTotal, .peakMemoryResident], maxDuration: .seconds(20), maxIterations: 5)
        ) { benchmark in
            var settings = SimulationSettings()
            settings.agents = 1_000_000
            settings.periods = 15
            settings.start = .stationary
            let run = try PopulationSimulation(market: bank, settings: settings, equilibrium: equilibrium)
                .start(options: RunOptions(threads: threads))
            for _ in 0..<5 { blackHole(run.step()) }  // warm-up: steady state, as in a long run
            benchmark.startMeasurement()
            for _ in 0..<10 { blackHole(run.step()) }
            benchmark.stopMeasurement()
        }
    }
}
