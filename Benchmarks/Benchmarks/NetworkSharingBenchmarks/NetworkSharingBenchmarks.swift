import Benchmark
import Foundation
import NetworkSharing
import SurplusCore

// Figures named by issue 5: one proportional-response round and one sequential CMAP sweep on a
// graph of 100,000 agents and 1,000,000 edges (Erdos-Renyi, mean degree 20, so 2,000,000
// directed entries), and the equilibrium of a Barabasi-Albert graph of 100,000 agents with
// log-normal endowments and values to a relative duality gap of 1e-6. Issue 17: that graph's
// edge list read from CSV bytes into the CSR (`NetworkFile.csv`; the ratio to Python's csv module
// is Peers/compare-read-graph.sh's), the equilibrium by both solvers, and proportional response
// with its metrics recorded every sweep against every 10 sweeps.

/// Every core, seed 1: the options of every benchmark.
let allCores: RunOptions = {
    do { return try RunOptions() } catch { preconditionFailure("benchmark options: \(error)") }
}()

func network(_ spec: String) -> SharingNetwork {
    do { return try NetworkGenerator(spec: spec).generate(allCores) } catch {
        preconditionFailure("benchmark network \(spec): \(error)")
    }
}

let erdosRenyi = network("erdos-renyi:n=100000,degree=20")

/// `erdosRenyi`'s edge list as a CSV file holds it (ids 0 ... n-1, a header line).
let erdosRenyiCSV: Data = {
    var text = "source,target\n"
    for i in 0..<erdosRenyi.agentCount {
        for e in erdosRenyi.entries(of: i) where Int(erdosRenyi.neighbours[e]) > i {
            text += "\(i),\(erdosRenyi.neighbours[e])\n"
        }
    }
    return Data(text.utf8)
}()

/// A reference equilibrium of `erdosRenyi` for the dynamics' metrics (gap 1e-4 is enough to
/// measure against; the cost measured is the dynamics').
let erdosRenyiReference: Equilibrium = {
    do {
        return try Equilibrium.solve(erdosRenyi, options: .init(tolerance: 1e-4, solver: .accelerated), run: allCores)
    } catch { preconditionFailure("reference equilibrium: \(error)") }
}()

/// One kind of round of the dynamics, measured on an engine built once and warmed up by
/// `warmUp` rounds, so that a sample measures rounds, not set-up.
struct Round {
    let name: String
    let warmUp: Int
    let step: @Sendable (AllocationEngine) -> Void
    nonisolated(unsafe) static var engines: [String: AllocationEngine] = [:]

    /// The warmed-up engine of this kind, built on first use.
    var engine: AllocationEngine {
        if let engine = Round.engines[name] { return engine }
        let engine = AllocationEngine(network: erdosRenyi, options: allCores)
        for _ in 0..<warmUp { step(engine) }
        Round.engines[name] = engine
        return engine
    }
}

let rounds = [
    Round(name: "proportional response round", warmUp: 2) { $0.proportionalResponseRound() },
    Round(name: "sequential CMAP sweep", warmUp: 1) { $0.sequentialSweep() },
    Round(name: "simultaneous CMAP sweep", warmUp: 1) { $0.simultaneousSweep(step: 0.5) },
]

/// Tolerances of the thresholds in `Thresholds/` (checked by `Scripts/check-benchmarks.sh
/// NetworkSharingBenchmarks`): this 2-core machine is shared by several builders, so only a
/// wall clock more than 50% over its threshold fails; allocations are deterministic up to the
/// threads' chunking (10%).
/// (A function: a global dictionary of them is not `Sendable` under Swift 6.)
func tolerances() -> [BenchmarkMetric: BenchmarkThresholds] {
    [.wallClock: BenchmarkThresholds(relative: [.p90: 50]), .mallocCountTotal: BenchmarkThresholds(relative: [.p90: 10])]
}

let benchmarks: @Sendable () -> Void = {
    let quick = Benchmark.Configuration(
        metrics: [.wallClock, .mallocCountTotal], timeUnits: .microseconds, maxDuration: .seconds(5),
        thresholds: tolerances())
    let slow = Benchmark.Configuration(
        metrics: [.wallClock, .mallocCountTotal], timeUnits: .milliseconds, maxDuration: .seconds(60),
        maxIterations: 3, thresholds: tolerances())

    for round in rounds {
        Benchmark("\(round.name), ER n=100k, 1M edges", configuration: quick) { benchmark in
            let runner = round.engine
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations { round.step(runner) }
            benchmark.stopMeasurement()
            blackHole(runner)
        }
    }

    Benchmark("read and build 1M-edge CSV graph, ER n=100k", configuration: quick) { benchmark in
        let bytes = erdosRenyiCSV
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations { blackHole(try NetworkFile.csv(edges: bytes)) }
        benchmark.stopMeasurement()
    }

    for interval in [1, 10] {
        Benchmark("proportional response 10 sweeps, metrics every \(interval), ER n=100k, 1M edges", configuration: slow) { benchmark in
            let options = try Dynamics.Options(
                strategy: .proportionalResponse, sweeps: 10, tolerance: 1e-12, recordInterval: interval)
            let reference = erdosRenyiReference
            benchmark.startMeasurement()
            blackHole(try Dynamics.run(erdosRenyi, reference: reference, options: options, run: allCores))
            benchmark.stopMeasurement()
        }
    }

    // The reference solver runs once per sample (it takes tens of seconds).
    let reference = Benchmark.Configuration(
        metrics: [.wallClock], timeUnits: .milliseconds, maxDuration: .seconds(60), maxIterations: 1,
        thresholds: tolerances().filter { $0.key == .wallClock })
    for (m, solver) in [(5, Equilibrium.Solver.accelerated), (10, .accelerated), (10, .proportionalResponse)] {
        let name = solver == .accelerated ? "accelerated" : "proportional response"
        Benchmark("equilibrium to relative gap 1e-6, BA n=100k m=\(m), \(name)",
                  configuration: solver == .accelerated ? slow : reference) { benchmark in
            let graph = network("barabasi-albert:n=100000,m=\(m)")
            let options = try Equilibrium.Options(tolerance: 1e-6, solver: solver)
            benchmark.startMeasurement()
            let equilibrium = try Equilibrium.solve(graph, options: options, run: allCores)
            benchmark.stopMeasurement()
            precondition(equilibrium.converged, "gap \(equilibrium.relativeGap) after \(equilibrium.rounds) rounds")
            blackHole(equilibrium)
        }
    }
}
