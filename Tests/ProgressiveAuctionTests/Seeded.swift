import SurplusCore

/// The run of seed `seed` on one thread: what the seeded instance generators draw from.
func seeded(_ seed: UInt64) -> RunOptions {
    var run = RunOptions.serial
    run.seed = seed
    return run
}
