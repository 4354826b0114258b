import Benchmark
import Reports
import Reproduction
import SurplusCore

/// `surplus reproduce` without the file writes: every section computed and the report rendered
/// (SVG, Markdown, HTML, JSON). Targets of issue 6: quick under 30 s, full under 5 minutes.
let benchmarks: @Sendable () -> Void = {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .cpuTotal, .peakMemoryResident], maxDuration: .seconds(60), maxIterations: 5)

    for quick in [true, false] {
        Benchmark("reproduce \(quick ? "--quick" : "(full)"), 2 threads", configuration: configuration) { benchmark in
            let options = try ReproductionOptions(quick: quick, run: try RunOptions(seed: 1, threads: 2))
            for _ in benchmark.scaledIterations {
                blackHole(try ReportBundle.files(try Reproduction.run(options)))
            }
        }
    }

    Benchmark("render the full report's files", configuration: configuration) { benchmark in
        let report = try Reproduction.run(try ReproductionOptions(quick: false, run: try RunOptions(seed: 1, threads: 2)))
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations { blackHole(try ReportBundle.files(report)) }
    }
}
