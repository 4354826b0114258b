import Foundation
import Ledger

/// The writer role: posts the workload's steps in order as fast as the store commits them,
/// appending each acknowledged step to the log (`STEP posted` or `STEP refused`) and syncing
/// the log before the next. It resumes after the last step in the log and never stops by itself.
enum Writer {
    static func run(database: String, log path: String) async throws -> Never {
        let store = try await LedgerDatabase.open(database)
        for id in try CrashWorkload.participants() where (try? await store.account(id)) == nil {
            try await store.createAccount(Account(participant: id))
        }
        let log = try AcknowledgementLog(path: path)
        var step = (try AcknowledgementLog.read(path).keys.max() ?? -1) + 1
        while true {
            let outcome: String
            do {
                try await store.submit(try CrashWorkload.step(step))
                outcome = "posted"
            } catch is LedgerError {
                outcome = "refused"
            }
            try log.append("\(step) \(outcome)\n")
            step += 1
        }
    }
}

/// An append-only file of acknowledged steps, synced after every line.
final class AcknowledgementLog {
    private let handle: FileHandle

    init(path: String) throws {
        if !FileManager.default.fileExists(atPath: path), !FileManager.default.createFile(atPath: path, contents: nil) {
            throw CrashTestFailure("--log \(path): cannot be created")
        }
        guard let handle = FileHandle(forWritingAtPath: path) else { throw CrashTestFailure("--log \(path): cannot be opened for writing") }
        try handle.seekToEnd()
        self.handle = handle
    }

    func append(_ line: String) throws {
        try handle.write(contentsOf: Data(line.utf8))
        try handle.synchronize()
    }

    /// The acknowledged steps: whether each was posted (true) or refused.
    static func read(_ path: String) throws -> [Int: Bool] {
        guard FileManager.default.fileExists(atPath: path) else { return [:] }
        var steps: [Int: Bool] = [:]
        for line in try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count == 2, let step = Int(fields[0]), ["posted", "refused"].contains(fields[1]) else {
                throw CrashTestFailure("\(path): unreadable line '\(line)'")
            }
            steps[step] = fields[1] == "posted"
        }
        return steps
    }
}

/// A failed check, printed as one line.
struct CrashTestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
