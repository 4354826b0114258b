import BilateralMarket
import Benchmark
import SurplusCore

/// Targets of issue 2: the six equilibria of Table I together in 0.25 s or less;
/// the population simulation at N = 1,000,000 at 200 million agent-periods per
/// second or more (one iteration = 10 periods = 10 million agent-periods, measured
/// after 5 warm-up periods).
let benchmarks: @Sendable () -> Void = {
    let cells: [(CreditModel, Double, Double)] = [
        (.hard, 0, 5), (.bank, 0, 5), (.loan, 0, 5), (.hard, 5, 10), (.bank, 5, 10), (.loan, 5, 10),
    ]
    let markets = cells.compactMap {
        try? MarketParameters(model: $0.0, initialBudget: BudgetRange(low: $0.1, high: $0.2))
    }

    Benchmark(
        "Table I: six mean field equilibria",
        configuration: .init(metrics: [.wallClock, .cpuTotal, .mallocCountTotal], maxDuration: .seconds(10))
    ) { benchmark in
        for _ in benchmark.scaledIterations {
            for market in markets { blackHole(try MeanFieldEquilibrium.solve(market)) }
        }
    }

    let bank = markets[1]
    let equilibrium = try? MeanFieldEquilibrium.solve(bank)
    for threads in [1, Parallel.processorCount] {
        Benchmark(
            "Population N=1e6, 10 periods, \(threads) thread(s)",
            configuration: .init(
                metrics: [.wallClock, .cpuTotal, .peakMemoryResident], maxDuration: .seconds(20), maxIterations: 5)
        ) { benchmark in
            var settings = SimulationSettings()
            settings.agents = 1_000_000
            settings.periods = 15
            settings.threads = threads
            settings.start = .stationary
            let run = try PopulationSimulation(market: bank, settings: settings, equilibrium: equilibrium).start()
            for _ in 0..<5 { blackHole(run.step()) }  // warm-up: steady state, as in a long run
            benchmark.startMeasurement()
            for _ in 0..<10 { blackHole(run.step()) }
            benchmark.stopMeasurement()
        }
    }
}
