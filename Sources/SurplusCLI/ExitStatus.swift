import Experiments

/// The exit status of a failed command: 2 for every invalid input, except in the scheduler-facing `sweep plan | run | merge`, whose
/// statuses follow sysexits.h so a Job's `podFailurePolicy` or a Slurm script can tell a
/// retryable failure (1) from a usage error (64) or a plan mismatch (65).
enum ExitStatus {
    static func forFailure(_ error: Error, arguments: [String]) -> Int32 {
        let isSweepStep = arguments.count >= 2 && arguments[0] == "sweep" && ["plan", "run", "merge"].contains(arguments[1])
        guard isSweepStep else { return 2 }
        return (error as? SweepError)?.exitStatus ?? SweepError.usage("").exitStatus
    }
}
