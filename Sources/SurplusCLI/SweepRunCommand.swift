import ArgumentParser
import Experiments
import Foundation
import SurplusCore

/// `surplus sweep run`: runs one shard of a plan, each row in this process, and writes
/// the shard's rows and manifest into the output folder (through a temporary file and a rename).
struct SweepRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run one shard of a sweep plan (index from --shard-index, JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID).")

    @Option(help: "Plan file written by `surplus sweep plan`.") var plan: String
    @Option(help: "Folder of the shard files (created if needed).") var out: String
    @Option(name: .customLong("shard-index"), help: "This shard, 0-based (else from the scheduler's environment).")
    var shardIndex: Int?
    @Option(name: .customLong("shard-count"), help: "Number of shards (a Kubernetes Job passes its completions; Slurm's count is read).")
    var shardCount: Int?

    func run() throws {
        let plan = try SweepFiles.readPlan(self.plan)
        guard plan.toolVersion == ToolVersion.current else {
            throw SweepError.planMismatch("the plan was written by surplus \(plan.toolVersion), this is \(ToolVersion.current)")
        }
        let shard = try ShardAssignment.resolve(index: shardIndex, count: shardCount, environment: ProcessInfo.processInfo.environment)
        let options = try RunOptions(threads: nil, progress: Terminal.progressBar())
        let result = try ShardResult.run(plan, shard: shard, options: options, execute: Self.execute)
        try SweepFiles.write(result, into: out)
        Terminal.standardError("\(shard): \(result.rows.count) runs written to \(out)")
    }

    /// One row: the command run in this process with its output captured. A refused input
    /// (status 2) cannot be fixed by a retry: a plan mismatch.
    static func execute(_ arguments: [String]) throws -> Data {
        let (status, console) = Surplus.capture(arguments: arguments)
        let line = "surplus \(arguments.joined(separator: " ")): " + (console.standardError.split(separator: "\n").first.map(String.init) ?? "")
        switch status {
        case 0: return Data(console.standardOutput.utf8)
        case 2: throw SweepError.planMismatch(line)
        default: throw SweepError.runtime(line)
        }
    }
}
