import Benchmark
import NetworkSharing
import SurplusCore

// Figures named by issue 5: one proportional-response round and one sequential CMAP sweep on a
// graph of 100,000 agents and 1,000,000 edges (Erdos-Renyi, mean degree 20, so 2,000,000
// directed entries), and the equilibrium of a Barabasi-Albert graph of 100,000 agents with
// log-normal endowments and values to a relative duality gap of 1e-6.

nonisolated(unsafe) let erdosRenyi: SharingNetwork = {
    do {
        return try NetworkGenerator(spec: "erdos-renyi:n=100000,degree=20").generate(seed: 1)
    } catch { preconditionFailure("benchmark network: \(error)") }
}()

/// Engines built once and warmed up, so that a sample measures rounds, not set-up.
nonisolated(unsafe) let proportionalEngine: AllocationEngine = {
    let engine = AllocationEngine(network: erdosRenyi)
    engine.proportionalResponseRound()
    engine.proportionalResponseRound()
    return engine
}()
nonisolated(unsafe) let sequentialEngine: AllocationEngine = {
    let engine = AllocationEngine(network: erdosRenyi)
    engine.sequentialSweep()
    return engine
}()
nonisolated(unsafe) let simultaneousEngine: AllocationEngine = {
    let engine = AllocationEngine(network: erdosRenyi)
    engine.simultaneousSweep(step: 0.5)
    return engine
}()

func barabasiAlbert(m: Int) -> SharingNetwork {
    do {
        return try NetworkGenerator(spec: "barabasi-albert:n=100000,m=\(m)").generate(seed: 1)
    } catch { preconditionFailure("benchmark network: \(error)") }
}

let benchmarks: @Sendable () -> Void = {
    let quick = Benchmark.Configuration(
        metrics: [.wallClock, .mallocCountTotal], timeUnits: .microseconds, maxDuration: .seconds(5))
    let slow = Benchmark.Configuration(
        metrics: [.wallClock, .mallocCountTotal], timeUnits: .milliseconds, maxDuration: .seconds(60),
        maxIterations: 3)

    Benchmark("proportional response round, ER n=100k, 1M edges", configuration: quick) { benchmark in
        let runner = proportionalEngine
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations { runner.proportionalResponseRound() }
        benchmark.stopMeasurement()
        blackHole(runner)
    }

    Benchmark("sequential CMAP sweep, ER n=100k, 1M edges", configuration: quick) { benchmark in
        let runner = sequentialEngine
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations { runner.sequentialSweep() }
        benchmark.stopMeasurement()
        blackHole(runner)
    }

    Benchmark("simultaneous CMAP sweep, ER n=100k, 1M edges", configuration: quick) { benchmark in
        let runner = simultaneousEngine
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations { runner.simultaneousSweep(step: 0.5) }
        benchmark.stopMeasurement()
        blackHole(runner)
    }

    for m in [5, 10] {
        Benchmark("equilibrium to relative gap 1e-6, BA n=100k m=\(m)", configuration: slow) { benchmark in
            let network = barabasiAlbert(m: m)
            let options = try Equilibrium.Options(tolerance: 1e-6)
            benchmark.startMeasurement()
            let equilibrium = Equilibrium.solve(network, options: options)
            benchmark.stopMeasurement()
            precondition(equilibrium.converged, "gap \(equilibrium.relativeGap) after \(equilibrium.rounds) rounds")
            blackHole(equilibrium)
        }
    }
}
