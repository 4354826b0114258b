import Benchmark
import Provisioning
import SurplusCore

/// Provisioning benchmarks at n = 10^6 peers (the scale): each closed-form computation
/// behind `surplus provision` and `surplus tariff`, and the Monte Carlo runs per replication.
let benchmarks: @Sendable () -> Void = {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .mallocCountTotal], maxDuration: .seconds(5), maxIterations: 50)

    Benchmark("first best exact, n = 1e6", configuration: configuration) { benchmark in
        let model = try PoolModel.slidesExample(players: 1_000_000)
        let options = try MonteCarloOptions(replications: 2)
        for _ in benchmark.scaledIterations { blackHole(FirstBest.solve(model, monteCarlo: options)) }
    }

    Benchmark("posted mechanism P*, n = 1e6", configuration: configuration) { benchmark in
        let model = try PoolModel.slidesExample(players: 1_000_000)
        for _ in benchmark.scaledIterations { blackHole(try PostedMechanism.solve(model)) }
    }

    Benchmark("posted mechanism P*, beta types, n = 1e6", configuration: configuration) { benchmark in
        let model = try PoolModel(
            players: 1_000_000, utility: .power(coefficient: 1, exponent: 0.3), cost: .power(coefficient: 2, exponent: 1),
            types: .beta(2, 2))
        for _ in benchmark.scaledIterations { blackHole(try PostedMechanism.solve(model)) }
    }

    Benchmark("second best exact, n = 1e6", configuration: configuration) { benchmark in
        let model = try PoolModel.slidesExample(players: 1_000_000)
        let options = try MonteCarloOptions(replications: 2)
        for _ in benchmark.scaledIterations { blackHole(try SecondBest.solve(model, monteCarlo: options)) }
    }

    Benchmark("equal contribution, both schemes, n = 1e6", configuration: configuration) { benchmark in
        let model = try PoolModel.slidesExample(players: 1_000_000)
        let posted = try PostedMechanism.solve(model)
        for _ in benchmark.scaledIterations {
            blackHole(try EqualContribution.postSize(model, counting: .aPriori, reference: posted))
            blackHole(try EqualContribution.postFee(model, counting: .aPriori, reference: posted))
        }
    }

    Benchmark("iterative response, n = 1e6", configuration: configuration) { benchmark in
        let model = try PoolModel.slidesExample(players: 1_000_000)
        let posted = try PostedMechanism.solve(model)
        for _ in benchmark.scaledIterations {
            blackHole(try IterativeResponse.simulate(model, fee: posted.fee, initialSize: 0.2 * posted.size))
        }
    }

    Benchmark("posted mechanism Monte Carlo, n = 1e6, 10 replications", configuration: configuration) { benchmark in
        let model = try PoolModel.slidesExample(players: 1_000_000)
        let posted = try PostedMechanism.solve(model)
        let options = try MonteCarloOptions(replications: 10, run: RunOptions(seed: 1, threads: 2))
        for _ in benchmark.scaledIterations { blackHole(posted.simulate(model, options: options)) }
    }

    Benchmark("tariff menu (slides)", configuration: configuration) { benchmark in
        let problem = try TariffProblem.slidesExample()
        for _ in benchmark.scaledIterations { blackHole(try problem.solve(menuPoints: 101)) }
    }

    Benchmark("bridge audit, all rules", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            for rule in Bridge.FeeRule.allCases { blackHole(try Bridge.audit(rule)) }
        }
    }
}
