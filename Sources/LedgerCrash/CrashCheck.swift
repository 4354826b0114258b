import Foundation
import Ledger
import SurplusCore

/// The checker role: starts the writer, kills it with SIGKILL at a random moment, and after each
/// kill reopens the store and checks that
/// - every acknowledged step is there exactly once (posted) or not at all (refused);
/// - the step in flight when the writer died is there whole or not at all (a batch killed between
///   two statements leaves nothing behind), and nothing beyond it is;
/// - every invariant holds;
/// - sending the unacknowledged step again, with its ids, posts it at most once (and a second
///   time, not at all).
/// At the end the store must equal the reference ``LedgerBook`` fed the same steps.
struct CrashCheck {
    let database: String
    let kills: Int
    let seconds: Double
    let seed: UInt64

    struct Summary: CustomStringConvertible {
        var kills = 0, stepsAcknowledged = 0, transfers = 0, inFlightCommitted = 0, inFlightAbsent = 0, batchesInFlight = 0
        var seconds = 0.0
        var description: String {
            "\(kills) kills in \(String(format: "%.1f", seconds)) s: \(stepsAcknowledged) steps acknowledged, \(transfers) transfers in the journal; "
                + "the step in flight at a kill was committed but unacknowledged \(inFlightCommitted) times, absent \(inFlightAbsent) times "
                + "(\(batchesInFlight) of them batches of \(CrashWorkload.batchSize)); every check passed"
        }
    }

    func run() async throws -> Summary {
        let log = database + ".acks"
        for path in [database, log] where FileManager.default.fileExists(atPath: path) {
            throw CrashTestFailure("\(path) exists: the crash test needs a new database")
        }
        let executable = Bundle.main.executableURL ?? URL(fileURLWithPath: "/proc/self/exe")
        var random = RandomStream(seed: seed, stream: 0x5161)
        var summary = Summary()
        var steps = KnownSteps()
        let start = Date()
        for kill in 1...kills {
            guard Date().timeIntervalSince(start) < seconds else {
                throw CrashTestFailure("only \(kill - 1) of \(kills) kills in the \(seconds) s allowed")
            }
            let writer = Process()
            writer.executableURL = executable
            writer.arguments = ["writer", "--database", database, "--log", log]
            writer.standardOutput = FileHandle.nullDevice
            try writer.run()
            try await Task.sleep(for: .milliseconds(100 + random.nextIndex(below: 500)))
            Foundation.kill(writer.processIdentifier, SIGKILL)
            writer.waitUntilExit()
            guard writer.terminationReason == .uncaughtSignal, writer.terminationStatus == SIGKILL else {
                throw CrashTestFailure("the writer stopped by itself before kill \(kill), status \(writer.terminationStatus)")
            }
            try await verify(log: log, after: kill, &steps, &summary)
            summary.kills = kill
            let done = kill
            if done % 10 == 0 {
                let elapsed = String(format: "%.0f", Date().timeIntervalSince(start))
                FileHandle.standardError.write(Data("ledger-crash: \(done) of \(kills) kills (\(elapsed) s)\n".utf8))
            }
        }
        try await compareWithReference(log: log, &summary)
        summary.seconds = Date().timeIntervalSince(start)
        return summary
    }

    private func verify(log: String, after kill: Int, _ steps: inout KnownSteps, _ summary: inout Summary) async throws {
        func fail(_ message: String) -> CrashTestFailure { CrashTestFailure("after kill \(kill): \(message)") }
        let store = try await LedgerDatabase.open(database)
        let acknowledged = try AcknowledgementLog.read(log)
        let last = acknowledged.keys.max() ?? -1
        guard acknowledged.count == last + 1 else { throw fail("the log skips steps") }
        let snapshot = try await store.snapshot()
        let journal = snapshot.journal
        let present = Set(journal.map(\.id))
        var expected = 0
        for step in 0...max(last, 0) where step <= last {
            let ids = try steps.ids(of: step)
            let posted = acknowledged[step] == true
            guard ids.allSatisfy({ present.contains($0) == posted }) else {
                throw fail("acknowledged step \(step) (\(posted ? "posted" : "refused")) is \(posted ? "missing" : "present")")
            }
            if posted { expected += ids.count }
        }
        let inFlight = try CrashWorkload.step(last + 1)
        let inFlightPresent = inFlight.filter { present.contains($0.id) }.count
        guard inFlightPresent == 0 || inFlightPresent == inFlight.count else {
            throw fail("\(inFlightPresent) of the \(inFlight.count) transfers of the batch in flight were committed")
        }
        guard journal.count == expected + inFlightPresent else {
            throw fail("the journal has \(journal.count) entries, the acknowledged steps and the one in flight \(expected + inFlightPresent)")
        }
        if inFlightPresent > 0 { summary.inFlightCommitted += 1 } else { summary.inFlightAbsent += 1 }
        if inFlight.count > 1 { summary.batchesInFlight += 1 }
        do { try LedgerInvariants.check(snapshot, totals: try await store.totals()) } catch { throw fail("\(error)") }

        // The unacknowledged step, sent again with its ids, twice: posted at most once.
        var posted = 0
        for attempt in 1...2 {
            let receipts: [Receipt]
            do { receipts = try await store.submit(inFlight) } catch is LedgerError { receipts = [] }
            let replayed = receipts.filter(\.replayed).count
            let wasThere = inFlightPresent > 0 || (attempt == 2 && posted > 0)
            guard replayed == (wasThere ? receipts.count : 0) else {
                throw fail("resubmitting step \(last + 1) (attempt \(attempt)): \(replayed) of \(receipts.count) transfers replayed")
            }
            posted += receipts.count - replayed
        }
        let after = try await store.snapshot().journal.count
        guard after == journal.count + posted, inFlightPresent == 0 || posted == 0 else {
            throw fail("resubmitting step \(last + 1) took the journal from \(journal.count) to \(after) entries")
        }
        summary.stepsAcknowledged = last + 1
        summary.transfers = after
    }

    /// The store equals the reference book fed every step the log acknowledges (and the one the
    /// checker resubmitted last), each once, in order, with the same outcome.
    private func compareWithReference(log: String, _ summary: inout Summary) async throws {
        let store = try await LedgerDatabase.open(database)
        let acknowledged = try AcknowledgementLog.read(log)
        var book = LedgerBook()
        for id in try CrashWorkload.participants() { _ = try book.createAccount(Account(participant: id)) }
        for step in 0...(acknowledged.keys.max() ?? -1) + 1 {
            let posted: Bool
            do { _ = try book.submit(try CrashWorkload.step(step)); posted = true } catch is LedgerError { posted = false }
            if let logged = acknowledged[step], logged != posted {
                throw CrashTestFailure("step \(step) was \(logged ? "posted" : "refused") by the store but \(posted ? "posted" : "refused") by the reference")
            }
        }
        let snapshot = try await store.snapshot(), reference = book.snapshot
        guard snapshot.accounts == reference.accounts,
              snapshot.journal.map(\.id) == reference.journal.map(\.id),
              snapshot.journal.map(\.amount) == reference.journal.map(\.amount) else {
            throw CrashTestFailure("the store's accounts or journal differ from the reference's after \(summary.kills) kills")
        }
        try await store.checkInvariants()
    }
}

/// The transfer ids of the workload's steps, made once each: every check goes over all the
/// acknowledged steps again, and making a step (up to 50 validated transfers) costs more than
/// looking its ids up.
struct KnownSteps {
    private var ids: [[TransferID]] = []

    mutating func ids(of step: Int) throws -> [TransferID] {
        while ids.count <= step { ids.append(try CrashWorkload.step(ids.count).map(\.id)) }
        return ids[step]
    }
}
