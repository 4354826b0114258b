import Benchmark
import Foundation
import Ledger
import LedgerSQLite

/// Targets of issue 13, on SQLite (WAL, synchronous = FULL: every commit waits for the disk):
/// 2,000 durable transfers a second one per commit, 50,000 a second in batches of 1,000, and the
/// p99 latency of one durable transfer (the wall clock of "one transfer per commit", per iteration).
/// One client alone waits for one fsync per transfer, which this disk allows only so many times a
/// second (README, "The ledger"); 16 clients each posting one transfer per commit share fsyncs
/// (group commit), and so do 1,000 clients sending one transfer each at once (the server's case).
///
/// Each benchmark posts into a new ledger in a temporary folder. Tolerances are very wide: the
/// commit waits for fsync, whose time depends on the disk and on the other work of this shared
/// 2-core machine (two runs ten minutes apart differed by 5x in the median of one per commit);
/// only a fourfold slowdown fails. Throughput is 1 / wall clock (per transfer), so it is not recorded apart.
let benchmarks: @Sendable () -> Void = {
    let thresholds: [BenchmarkMetric: BenchmarkThresholds] = [
        .wallClock: BenchmarkThresholds(relative: [.p90: 300])
    ]

    Benchmark(
        "SQLite one transfer per commit",
        configuration: .init(metrics: [.wallClock], timeUnits: .microseconds, maxDuration: .seconds(10),
                             maxIterations: 3_000, thresholds: thresholds),
        closure: { benchmark, ledger in
            for _ in benchmark.scaledIterations { blackHole(try await ledger.submit(try ledger.transfer())) }
        },
        setup: { try await BenchmarkLedger() })

    Benchmark(
        "SQLite batches of 1000 transfers",
        configuration: .init(metrics: [.wallClock], timeUnits: .microseconds, scalingFactor: .kilo,
                             maxDuration: .seconds(10), maxIterations: 200, thresholds: thresholds),
        closure: { benchmark, ledger in
            let batch = try benchmark.scaledIterations.map { _ in try ledger.transfer() }
            benchmark.startMeasurement()
            blackHole(try await ledger.submit(batch))
            benchmark.stopMeasurement()
        },
        setup: { try await BenchmarkLedger() })

    // The same with time-ordered ids (version-7 UUIDs), as clients are advised to choose them:
    // random ids put each transfer on a random page of the id index, so once the index outgrows
    // SQLite's page cache a batch of 1,000 writes about 1,000 pages to the WAL (and its
    // checkpoint writes them again); time-ordered ids append to the index's last pages.
    Benchmark(
        "SQLite batches of 1000 transfers, time-ordered ids",
        configuration: .init(metrics: [.wallClock], timeUnits: .microseconds, scalingFactor: .kilo,
                             maxDuration: .seconds(10), maxIterations: 200, thresholds: thresholds),
        closure: { benchmark, ledger in
            let batch = try benchmark.scaledIterations.map { _ in try ledger.transfer(id: .timeOrdered()) }
            benchmark.startMeasurement()
            blackHole(try await ledger.submit(batch))
            benchmark.stopMeasurement()
        },
        setup: { try await BenchmarkLedger() })

    // One transfer per commit from many clients at once: each waits for its own durable commit,
    // and the commits under way at once share one fsync (group commit).
    Benchmark(
        "SQLite 16 clients one transfer per commit each",
        configuration: .init(metrics: [.wallClock], timeUnits: .microseconds, scalingFactor: .kilo,
                             maxDuration: .seconds(10), maxIterations: 100, thresholds: thresholds),
        closure: { benchmark, ledger in
            let clients = 16, count = benchmark.scaledIterations.count
            let shares = try (0..<clients).map { client in
                try (0..<(count / clients + (client < count % clients ? 1 : 0))).map { _ in try ledger.transfer() }
            }
            benchmark.startMeasurement()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for share in shares {
                    group.addTask { for transfer in share { blackHole(try await ledger.submit(transfer)) } }
                }
                try await group.waitForAll()
            }
            benchmark.stopMeasurement()
        },
        setup: { try await BenchmarkLedger() })

    // The server's case: many clients, one transfer each, sharing commits (group commit).
    Benchmark(
        "SQLite 1000 concurrent clients one transfer each",
        configuration: .init(metrics: [.wallClock], timeUnits: .microseconds, scalingFactor: .kilo,
                             maxDuration: .seconds(10), maxIterations: 100, thresholds: thresholds),
        closure: { benchmark, ledger in
            let transfers = try benchmark.scaledIterations.map { _ in try ledger.transfer() }
            benchmark.startMeasurement()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for transfer in transfers { group.addTask { blackHole(try await ledger.submit(transfer)) } }
                try await group.waitForAll()
            }
            benchmark.stopMeasurement()
        },
        setup: { try await BenchmarkLedger() })
}

/// A new SQLite ledger with two funded participants; each transfer moves one micro-unit.
final class BenchmarkLedger: Sendable {
    let store: SQLiteLedger
    let payer: AccountID, payee: AccountID

    init() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ledger-benchmark-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        store = try SQLiteLedger(path: folder.appendingPathComponent("ledger.sqlite").path)
        payer = try AccountID("payer")
        payee = try AccountID("payee")
        try await store.createAccount(Account(participant: payer))
        try await store.createAccount(Account(participant: payee))
        try await store.post(id: .random(), from: .world, to: payer, amount: Amount(microUnits: 1 << 60))
    }

    func transfer(id: TransferID = .random()) throws -> Transfer {
        try Transfer(id: id, .post(debit: payer, credit: payee, amount: Amount(microUnits: 1)), memo: "benchmark")
    }

    func submit(_ batch: [Transfer]) async throws -> [Receipt] { try await store.submit(batch) }
    func submit(_ transfer: Transfer) async throws -> Receipt { try await store.submit(transfer) }
}
