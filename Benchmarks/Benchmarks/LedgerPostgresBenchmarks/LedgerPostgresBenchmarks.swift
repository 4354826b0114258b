import Benchmark
import Foundation
import Ledger
import LedgerPostgres

/// Issue 13's figures on PostgreSQL (SERIALIZABLE, the server's durable defaults: fsync and
/// synchronous_commit on, so every commit waits for the disk): durable transfers one per commit
/// (its wall clock per iteration is the latency of a single durable transfer: the table's p99),
/// in batches of 1,000, and 16 clients each posting one transfer per commit at once (the
/// server's WAL flush serves the commits waiting at that moment: PostgreSQL's own group commit).
///
/// The server is the one `SURPLUS_TEST_POSTGRES_URL` names (`Scripts/postgres-cluster.sh start`
/// prints one); without it every benchmark here is skipped, and the target says so on stderr.
/// Each benchmark posts into a schema of its own, dropped afterwards. Tolerances are wide, as on
/// SQLite: a commit waits for the disk of this shared 2-core machine; only a fourfold slowdown fails.
let benchmarks: @Sendable () -> Void = {
    let url = ProcessInfo.processInfo.environment[PostgresLedgerConfiguration.testURLVariable].flatMap { $0.isEmpty ? nil : $0 }
    if url == nil {
        FileHandle.standardError.write(Data("""
            LedgerPostgresBenchmarks: skipped: \(PostgresLedgerConfiguration.testURLVariable) is not set \
            (export \(PostgresLedgerConfiguration.testURLVariable)=$(Scripts/postgres-cluster.sh start))

            """.utf8))
    }
    func configuration(scaling: BenchmarkScalingFactor, iterations: Int) -> Benchmark.Configuration {
        Benchmark.Configuration(metrics: [.wallClock], timeUnits: .microseconds, scalingFactor: scaling,
                                maxDuration: .seconds(10), maxIterations: iterations, skip: url == nil,
                                thresholds: [.wallClock: BenchmarkThresholds(relative: [.p90: 300])])
    }

    Benchmark(
        "PostgreSQL one transfer per commit", configuration: configuration(scaling: .one, iterations: 3_000),
        closure: { benchmark, ledger in
            for _ in benchmark.scaledIterations { try await ledger.submit(ledger.transfers(1, client: 0)) }
        },
        setup: { try await PostgresBenchmarkLedger.open(url, clients: 1) },
        teardown: { try await PostgresBenchmarkLedger.closeAll() })

    Benchmark(
        "PostgreSQL batches of 1000 transfers", configuration: configuration(scaling: .kilo, iterations: 200),
        closure: { benchmark, ledger in
            let batch = try ledger.transfers(benchmark.scaledIterations.count, client: 0)
            benchmark.startMeasurement()
            try await ledger.submit(batch)
            benchmark.stopMeasurement()
        },
        setup: { try await PostgresBenchmarkLedger.open(url, clients: 1) },
        teardown: { try await PostgresBenchmarkLedger.closeAll() })

    Benchmark(
        "PostgreSQL 16 clients one transfer per commit each", configuration: configuration(scaling: .kilo, iterations: 100),
        closure: { benchmark, ledger in
            try await ledger.concurrently(benchmark.scaledIterations.count, benchmark)
        },
        setup: { try await PostgresBenchmarkLedger.open(url, clients: 16) },
        teardown: { try await PostgresBenchmarkLedger.closeAll() })
}

/// A store in a new schema with two funded participants per client; client `c` moves one
/// micro-unit at a time from its payer to its payee, so that concurrent clients touch no common
/// account (their transactions would otherwise wait on the same row and retry).
final class PostgresBenchmarkLedger: Sendable {
    let store: PostgresLedger
    private let pairs: [(payer: AccountID, payee: AccountID)]

    private init(store: PostgresLedger, pairs: [(payer: AccountID, payee: AccountID)]) {
        self.store = store
        self.pairs = pairs
    }

    private static let opened = Registry()

    static func open(_ url: String?, clients: Int) async throws -> PostgresBenchmarkLedger {
        guard let url else { throw PostgresBenchmarkError.noServer }
        let schema = "bench_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let store = try await PostgresLedger.open(try PostgresLedgerConfiguration(url: url, schema: schema, maximumConnections: clients))
        let ledger = PostgresBenchmarkLedger(store: store, pairs: try (0..<clients).map { (try AccountID("payer\($0)"), try AccountID("payee\($0)")) })
        await opened.add(ledger)
        for (payer, payee) in ledger.pairs {
            try await store.createAccount(Account(participant: payer))
            try await store.createAccount(Account(participant: payee))
            try await store.post(id: .random(), from: .world, to: payer, amount: Amount(microUnits: 1 << 50))
        }
        return ledger
    }

    /// Drops the schemas of every ledger opened so far (teardown has no access to its benchmark's ledger).
    static func closeAll() async throws {
        for ledger in await opened.removeAll() { try await ledger.store.dropSchemaAndShutdown() }
    }

    /// `count` transfers of client `client`, with new random ids.
    func transfers(_ count: Int, client: Int) throws -> [Transfer] {
        let (payer, payee) = pairs[client]
        return try (0..<count).map { _ in
            try Transfer(id: .random(), .post(debit: payer, credit: payee, amount: Amount(microUnits: 1)), memo: "benchmark")
        }
    }

    func submit(_ batch: [Transfer]) async throws { blackHole(try await store.submit(batch)) }

    /// `count` transfers shared among the clients, each client submitting its own one per commit,
    /// all clients at once; the measurement covers the submits only.
    func concurrently(_ count: Int, _ benchmark: Benchmark) async throws {
        let shares = try pairs.indices.map { client in try transfers(count / pairs.count + (client < count % pairs.count ? 1 : 0), client: client) }
        benchmark.startMeasurement()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for share in shares {
                group.addTask { for transfer in share { try await self.submit([transfer]) } }
            }
            try await group.waitForAll()
        }
        benchmark.stopMeasurement()
    }

    private actor Registry {
        var ledgers: [PostgresBenchmarkLedger] = []
        func add(_ ledger: PostgresBenchmarkLedger) { ledgers.append(ledger) }
        func removeAll() -> [PostgresBenchmarkLedger] {
            defer { ledgers = [] }
            return ledgers
        }
    }
}

enum PostgresBenchmarkError: Error, CustomStringConvertible {
    case noServer
    var description: String { "\(PostgresLedgerConfiguration.testURLVariable) is not set" }
}
