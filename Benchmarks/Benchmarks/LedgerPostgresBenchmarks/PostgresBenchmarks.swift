import Benchmark
import Foundation
import Ledger
import LedgerPostgres

/// Durable transfers on PostgreSQL (fsync and synchronous_commit on, SERIALIZABLE), one writer:
/// one transfer per commit (its wall clock per iteration gives the p99 latency of a single
/// durable transfer) and batches of 1,000 per commit (throughput in transfers, `scalingFactor: .kilo`).
/// They need `SURPLUS_TEST_POSTGRES_URL` (`Scripts/postgres-cluster.sh start` prints one) and are
/// skipped without it. Each benchmark posts into a schema of its own, dropped afterwards.
let benchmarks: @Sendable () -> Void = {
    let url = ProcessInfo.processInfo.environment[PostgresLedgerConfiguration.testURLVariable].flatMap { $0.isEmpty ? nil : $0 }
    if url == nil {
        FileHandle.standardError.write(Data("LedgerPostgresBenchmarks: skipped: \(PostgresLedgerConfiguration.testURLVariable) is not set\n".utf8))
    }
    func configuration(scaling: BenchmarkScalingFactor, iterations: Int) -> Benchmark.Configuration {
        Benchmark.Configuration(
            metrics: [.throughput, .wallClock], timeUnits: .microseconds, warmupIterations: 5, scalingFactor: scaling,
            maxDuration: .seconds(20), maxIterations: iterations, skip: url == nil,
            thresholds: [
                // A shared 2-core machine: only a halving of the throughput or a doubling of the latency fails.
                .throughput: BenchmarkThresholds(relative: [.p90: 50]),
                .wallClock: BenchmarkThresholds(relative: [.p90: 100]),
            ])
    }

    Benchmark("PostgreSQL one transfer per commit", configuration: configuration(scaling: .one, iterations: 2_000),
              closure: { benchmark, ledger in
                  for _ in benchmark.scaledIterations { try await ledger.submit(try ledger.nextBatch(of: 1)) }
              },
              setup: { try await PostgresBenchmarkLedger.open(url) },
              teardown: { try await PostgresBenchmarkLedger.closeAll() })

    Benchmark("PostgreSQL batches of 1,000 transfers", configuration: configuration(scaling: .kilo, iterations: 60),
              closure: { benchmark, ledger in
                  let batch = try ledger.nextBatch(of: benchmark.scaledIterations.count)
                  benchmark.startMeasurement()
                  try await ledger.submit(batch)
                  benchmark.stopMeasurement()
              },
              setup: { try await PostgresBenchmarkLedger.open(url) },
              teardown: { try await PostgresBenchmarkLedger.closeAll() })
}

/// A store in a fresh schema with 100 participants, and the transfers to post into it.
final class PostgresBenchmarkLedger: Sendable {
    let store: PostgresLedger
    let participants: [AccountID]
    private let counter = Counter()

    private init(store: PostgresLedger, participants: [AccountID]) {
        self.store = store
        self.participants = participants
    }

    private static let opened = Registry()

    static func open(_ url: String?) async throws -> PostgresBenchmarkLedger {
        guard let url else { throw PostgresBenchmarkError.noServer }
        let schema = "bench_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let store = try await PostgresLedger.open(try PostgresLedgerConfiguration(url: url, schema: schema, maximumConnections: 4))
        let participants = try (0..<100).map { try AccountID("p\($0)") }
        for id in participants { try await store.createAccount(Account(participant: id)) }
        let ledger = PostgresBenchmarkLedger(store: store, participants: participants)
        await opened.add(ledger)
        return ledger
    }

    static func closeAll() async throws {
        for ledger in await opened.removeAll() { try await ledger.store.dropSchemaAndShutdown() }
    }

    /// `count` deposits from the world, to the participants in turn, with new random ids.
    func nextBatch(of count: Int) throws -> [Transfer] {
        try (0..<count).map { _ in
            let k = counter.next()
            return try Transfer(id: .random(), .post(debit: .world, credit: participants[k % participants.count], amount: Amount(microUnits: 1_000)))
        }
    }

    func submit(_ batch: [Transfer]) async throws {
        blackHole(try await store.submit(batch))
    }

    private actor Registry {
        var ledgers: [PostgresBenchmarkLedger] = []
        func add(_ ledger: PostgresBenchmarkLedger) { ledgers.append(ledger) }
        func removeAll() -> [PostgresBenchmarkLedger] {
            defer { ledgers = [] }
            return ledgers
        }
    }

    private final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        func next() -> Int { lock.withLock { value += 1; return value } }
    }
}

enum PostgresBenchmarkError: Error, CustomStringConvertible {
    case noServer
    var description: String { "\(PostgresLedgerConfiguration.testURLVariable) is not set" }
}
