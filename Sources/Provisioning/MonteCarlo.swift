import Foundation
import SurplusCore

/// How a Monte Carlo estimate is run: how many replications, and the run's seed, threads
/// and progress.
///
/// Replication r always draws from stream r of the `replication` family of `run`, so the
/// estimate is bit-identical whatever `run.threads` is.
public struct MonteCarloOptions: Sendable {
    /// Number of independent replications (type profiles) R.
    public let replications: Int
    /// Seed, threads and progress of the estimate.
    public let run: RunOptions

    /// At most this many replications: each keeps its output in memory until the estimate is formed.
    public static let maximumReplications = 10_000_000

    /// - Throws: `InputError` (field `monteCarlo`) unless 2 <= `replications` <= ``maximumReplications``.
    public init(replications: Int, run: RunOptions = .serial) throws {
        self.replications = try Validate.count(replications, 2...Self.maximumReplications, "monteCarlo")
        self.run = run
    }
}

/// A Monte Carlo mean with its standard error.
public struct Estimate: Sendable, Codable, Equatable {
    public let mean: Double
    /// Standard error of the mean, sqrt(sample variance / R).
    public let standardError: Double
    public let replications: Int

    public init(mean: Double, standardError: Double, replications: Int) {
        self.mean = mean
        self.standardError = standardError
        self.replications = replications
    }
}

enum MonteCarlo {
    /// Runs `body(r, &rng)` for r in 0..<R, each with its own stream, in fixed chunks on
    /// `options.run.threads` threads, and returns the per-replication outputs in order.
    static func run<T: Sendable>(
        _ options: MonteCarloOptions, stage: String,
        _ body: @escaping @Sendable (Int, inout RandomStream) -> T
    ) -> [T] {
        let r = options.replications
        let chunkCount = min(r, 64)
        let ranges = Parallel.ranges(count: r, chunks: chunkCount)
        let done = Counter()
        let run = options.run
        let chunks: [[T]] = Parallel.map(chunks: ranges.count, threads: run.threads) { c in
            var out: [T] = []
            out.reserveCapacity(ranges[c].count)
            for i in ranges[c] {
                var rng = run.stream(.replication, UInt64(i))
                out.append(body(i, &rng))
            }
            if run.progress != nil { run.report(stage, done.add(ranges[c].count), of: r) }
            return out
        }
        return chunks.flatMap { $0 }
    }

    /// The control-variate estimate of E[Y] with a control X of known mean mu_X:
    /// mean(Y) - b (mean(X) - mu_X), b = cov(X, Y)/var(X) fitted on the same sample;
    /// its standard error is sqrt(var(Y - b X) / R). Unbiased up to O(1/R) from fitting b.
    static func estimate(_ ys: [Double], control xs: [Double], knownMean: Double) -> Estimate {
        let my = Statistics.mean(ys), mx = Statistics.mean(xs)
        var sxy = 0.0, sxx = 0.0
        for i in ys.indices {
            sxy += (xs[i] - mx) * (ys[i] - my)
            sxx += (xs[i] - mx) * (xs[i] - mx)
        }
        let b = sxx > 0 ? sxy / sxx : 0
        let residuals = ys.indices.map { ys[$0] - b * xs[$0] }
        return Estimate(
            mean: my - b * (mx - knownMean), standardError: Statistics.standardError(residuals), replications: ys.count)
    }

    static func estimate(_ xs: [Double]) -> Estimate {
        Estimate(mean: Statistics.mean(xs), standardError: Statistics.standardError(xs), replications: xs.count)
    }
}

/// A thread-safe running count for progress reports.
final class Counter: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()
    func add(_ k: Int) -> Int {
        lock.lock(); defer { lock.unlock() }
        value += k
        return value
    }
}
