import Foundation
import SurplusCore

/// How a Monte Carlo estimate is run: replications, seed, threads, progress.
///
/// Replication r always draws from `RandomStream(seed: seed, stream: r)`, so the
/// estimate is bit-identical whatever `threads` is.
public struct MonteCarloOptions: Sendable {
    /// Number of independent replications (type profiles) R >= 2.
    public let replications: Int
    public let seed: UInt64
    public let threads: Int
    /// Called after each chunk of replications; may be nil.
    public let progress: ProgressHandler?

    public init(replications: Int = 1000, seed: UInt64 = 1, threads: Int = Parallel.processorCount, progress: ProgressHandler? = nil)
        throws
    {
        guard replications >= 2 else {
            throw ProvisioningError.invalidValue(
                field: "monteCarlo.samples", value: "\(replications)", expected: "at least 2 replications")
        }
        guard threads >= 1 else {
            throw ProvisioningError.invalidValue(field: "threads", value: "\(threads)", expected: "at least 1")
        }
        self.replications = replications
        self.seed = seed
        self.threads = threads
        self.progress = progress
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
    /// `options.threads` threads, and returns the per-replication outputs in order.
    static func run<T: Sendable>(
        _ options: MonteCarloOptions, stage: String,
        _ body: @escaping @Sendable (Int, inout RandomStream) -> T
    ) -> [T] {
        let r = options.replications
        let chunkCount = min(r, 64)
        let ranges = Parallel.ranges(count: r, chunks: chunkCount)
        let done = Counter()
        let seed = options.seed
        let progress = options.progress
        let chunks: [[T]] = Parallel.map(chunks: ranges.count, threads: options.threads) { c in
            var out: [T] = []
            out.reserveCapacity(ranges[c].count)
            for i in ranges[c] {
                var rng = RandomStream(seed: seed, stream: UInt64(i))
                out.append(body(i, &rng))
            }
            if let progress {
                let completed = done.add(ranges[c].count)
                progress(ProgressUpdate(stage: stage, completed: completed, total: r))
            }
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
