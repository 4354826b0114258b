#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import Foundation
import GRDB
import Ledger
import LedgerSQLite

// The batch path of `LedgerBenchmarks` without the harness, for instruction counts, which
// unlike times do not depend on the other work of a shared machine:
//
//     valgrind --tool=callgrind --callgrind-out-file=/tmp/submit.%p .build/release/LedgerSubmitProfile 20
//
// posts BATCHES batches of SIZE (default 1,000) one-micro-unit transfers between two funded
// participants into a new SQLite ledger in a temporary folder, each batch one durable write
// transaction (`SQLiteLedger.submit(_:in:)` in `pool.write`: what a batch's commit runs, without
// the group commit's task hop). The difference between the counts of two runs with different
// BATCHES, divided by the difference in transfers, is the cost of one transfer in a batch. It
// also prints the rate per second of wall clock and per second of the process's CPU time (user
// and system, all threads): on a busy machine the second is the nearer to a quiet machine's.
// No Swift concurrency here: valgrind 3.19 crashes on the Swift 6.3 concurrency runtime.

func cpuSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

let arguments = CommandLine.arguments.dropFirst()
guard (1...2).contains(arguments.count), let count = Int(arguments.first ?? ""), count >= 0,
      let size = arguments.count == 2 ? Int(arguments.last ?? "") : 1_000, (1...LedgerLimits.maximumBatch).contains(size)
else {
    FileHandle.standardError.write(Data("usage: LedgerSubmitProfile BATCHES [SIZE]\n".utf8))
    exit(2)
}
let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ledger-profile-\(UUID().uuidString)")
try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: folder) }
let store = try SQLiteLedger(path: folder.appendingPathComponent("ledger.sqlite").path)
let payer = try AccountID("payer"), payee = try AccountID("payee")
try store.pool.write { db in
    // Two participants (no credit line), as `createAccount(Account(participant:))` makes them.
    try db.execute(sql: "INSERT INTO ledger_account (id, kind, credit_line) VALUES (?, 'participant', 0), (?, 'participant', 0)",
                   arguments: [payer.rawValue, payee.rawValue])
    _ = try SQLiteLedger.submit([try Transfer(id: .random(), .post(debit: .world, credit: payer, amount: Amount(microUnits: 1 << 60)))], in: db)
}
let batches = try (0..<count).map { _ in
    try (0..<size).map { _ in
        try Transfer(id: .timeOrdered(), .post(debit: payer, credit: payee, amount: Amount(microUnits: 1)), memo: "benchmark")
    }
}
let start = ContinuousClock.now, cpuStart = cpuSeconds()
for batch in batches { _ = try store.pool.write { db in try SQLiteLedger.submit(batch, in: db) } }
let seconds = (ContinuousClock.now - start) / .seconds(1), cpu = cpuSeconds() - cpuStart
let transfers = Double(count * size)
print("\(count * size) transfers in \(count) batches: \(String(format: "%.3f", seconds)) s, "
      + "\(String(format: "%.0f", transfers / max(seconds, 1e-9))) transfers/s; CPU \(String(format: "%.3f", cpu)) s, "
      + "\(String(format: "%.0f", transfers / max(cpu, 1e-9))) transfers per CPU second")
