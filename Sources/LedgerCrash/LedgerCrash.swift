import ArgumentParser
import Foundation

/// `ledger-crash`: the ledger's crash test. `check` runs it; `writer` is the process it kills.
@main
struct LedgerCrash: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger-crash",
        abstract: "Kills a ledger writer with SIGKILL at random moments and checks that nothing acknowledged is lost or doubled.",
        subcommands: [Check.self, WriterCommand.self],
        defaultSubcommand: Check.self)

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "check", abstract: "Runs the crash test on a new database.")

        @Option(help: "The ledger: a new SQLite file's path.") var database: String
        @Option(help: "How many times to kill the writer.") var kills = 50
        @Option(help: "The most seconds the kills may take.") var seconds = 60.0
        @Option(help: "The seed of the kill moments.") var seed: UInt64 = 1

        func validate() throws {
            guard (1...10_000).contains(kills) else { throw ValidationError("--kills = \(kills) is invalid: expected 1...10000") }
            guard seconds > 0, seconds.isFinite else { throw ValidationError("--seconds = \(seconds) is invalid: expected a number > 0") }
        }

        func run() async throws {
            do {
                let summary = try await CrashCheck(database: database, kills: kills, seconds: seconds, seed: seed).run()
                print("ledger-crash: \(summary)")
            } catch let failure as CrashTestFailure {
                FileHandle.standardError.write(Data("ledger-crash: FAILED: \(failure)\n".utf8))
                throw ExitCode.failure
            }
        }
    }

    struct WriterCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "writer", abstract: "Posts transfers until killed, logging each acknowledged one (run by check).")

        @Option(help: "The ledger: an SQLite file's path.") var database: String
        @Option(help: "The file that records each acknowledged step.") var log: String

        func run() async throws { try await Writer.run(database: database, log: log) }
    }
}
