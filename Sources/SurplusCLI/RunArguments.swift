import ArgumentParser
import Dispatch
import Foundation
import Synchronization
import SurplusCore

/// `--seed` and `--threads`, which every command takes, turned into the one
/// `RunOptions` its module call receives (with the progress bar when stderr is a terminal,
/// and Ctrl-C stopping the run at its next check).
struct RunArguments: ParsableArguments {
    @Option(parsing: .unconditional, help: "Seed of every random stream.")
    var seed: UInt64 = 1

    @Option(parsing: .unconditional, help: "Worker threads (no result depends on it; default: all cores).")
    var threads: Int?

    /// The options of this run; throws the one-line `InputError` for a bad thread count.
    func options() throws -> RunOptions {
        let options = try RunOptions(seed: seed, threads: threads, progress: Terminal.progressBar())
        Interrupt.stops(options.cancellation)
        return options
    }

    /// The JSON document of a run of `command` begun at `started` (wall-clock figures in `timing`).
    func document<Result: Encodable, Parameters: Encodable>(
        _ result: Result, of command: any ParsableCommand.Type, parameters: Parameters,
        started: ContinuousClock.Instant, rates: [String: Double] = [:]
    ) -> ResultDocument<Result, Parameters> {
        ResultDocument(
            result: result, command: command.configuration.commandName ?? "", seed: seed, parameters: parameters,
            timing: Timing(since: started, threads: threads ?? RunOptions.defaultThreads, rates: rates))
    }
}

/// Ctrl-C: the first stops the run at its next cancellation check (the command then exits
/// with status 130 and one line); a second one exits at once.
enum Interrupt {
    private static let source = Mutex<DispatchSourceSignal?>(nil)

    static func stops(_ cancellation: Cancellation) {
        guard Console.current == nil else { return }
        source.withLock { current in
            current?.cancel()
            signal(SIGINT, SIG_IGN)
            let signals = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
            signals.setEventHandler {
                if cancellation.isCancelled { exit(130) }
                cancellation.cancel()
            }
            signals.resume()
            current = signals
        }
    }
}
