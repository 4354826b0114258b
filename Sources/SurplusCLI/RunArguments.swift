import ArgumentParser
import SurplusCore

/// `--seed` and `--threads`, which every command takes, turned into the one
/// `RunOptions` its module call receives (with the progress bar when stderr is a terminal).
struct RunArguments: ParsableArguments {
    @Option(help: "Seed of every random stream.")
    var seed: UInt64 = 1

    @Option(help: "Worker threads (no result depends on it; default: all cores).")
    var threads: Int?

    /// The options of this run; throws the one-line `InputError` for a bad thread count.
    func options() throws -> RunOptions {
        try RunOptions(seed: seed, threads: threads, progress: Terminal.progressBar())
    }
}
