import Foundation
import SurplusTestSupport
import Testing

/// `surplus sweep` as a cluster runs it: every shard a separate `surplus` process, told its
/// index the way each scheduler tells it, then one merge (Deploy/README.md).
@Suite struct SweepProcessTests {
    static let spec = """
        { "command": "network", "seed": 11, "replicates": 3,
          "parameters": { "graph": ["erdos-renyi:n=30,degree=4", "barabasi-albert:n=30,m=2"], "method": ["cmap", "proportional"] },
          "fixed": { "tolerance": 0.0001 },
          "record": ["nashWelfareRatio", "iterations", "converged"] }
        """

    /// Starts `surplus arguments` with `environment` added to this process's.
    static func start(_ arguments: [String], environment: [String: String] = [:]) throws -> Process {
        let process = Process()
        process.executableURL = try SurplusExecutable.url()
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for name in env.keys where name.hasPrefix("SLURM_") || name == "JOB_COMPLETION_INDEX" { env[name] = nil }
        env.merge(environment) { $1 }
        process.environment = env
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    static func status(_ arguments: [String], environment: [String: String] = [:]) throws -> Int32 {
        let process = try start(arguments, environment: environment)
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Runs every shard at once, one process each, and waits for all.
    static func runShards(_ environments: [[String: String]], arguments: [String]) throws -> [Int32] {
        let processes = try environments.map { try start(arguments, environment: $0) }
        return processes.map { $0.waitUntilExit(); return $0.terminationStatus }
    }

    @Test func shardedMergesAreByteIdenticalToTheUnshardedRun() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("surplus-sweep-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let spec = folder + "/spec.json", plan = folder + "/plan.json"
        try Self.spec.write(toFile: spec, atomically: true, encoding: .utf8)
        #expect(try Self.status(["sweep", "plan", "--spec", spec, "--out", plan]) == 0)

        #expect(try Self.status(["sweep", "run", "--plan", plan, "--out", folder + "/one"]) == 0)
        // Kubernetes Indexed Job: JOB_COMPLETION_INDEX, the count from the manifest's completions.
        let kubernetes = try Self.runShards(
            (0..<3).map { ["JOB_COMPLETION_INDEX": String($0)] },
            arguments: ["sweep", "run", "--plan", plan, "--out", folder + "/k8s", "--shard-count", "3"])
        // Slurm array --array=1-4 (the ids start at 1).
        let slurm = try Self.runShards(
            (1...4).map {
                ["SLURM_ARRAY_TASK_ID": String($0), "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_MAX": "4",
                 "SLURM_ARRAY_TASK_STEP": "1", "SLURM_ARRAY_TASK_COUNT": "4"]
            },
            arguments: ["sweep", "run", "--plan", plan, "--out", folder + "/slurm"])
        #expect(kubernetes == [0, 0, 0] && slurm == [0, 0, 0, 0])

        var merged: [String: String] = [:]
        for run in ["one", "k8s", "slurm"] {
            #expect(try Self.status(["sweep", "merge", "--plan", plan, "--in", folder + "/" + run, "--out", folder + "/\(run).csv"]) == 0)
            merged[run] = try String(contentsOfFile: folder + "/\(run).csv", encoding: .utf8)
        }
        #expect(merged["k8s"] == merged["one"])
        #expect(merged["slurm"] == merged["one"])
        let lines = merged["one"]?.split(separator: "\n") ?? []
        #expect(lines.first == "point,replicate,seed,graph,method,tolerance,nashWelfareRatio,iterations,converged")
        #expect(lines.count == 13)

        // A missing shard is retryable (1); a shard of another plan is not (65); a bad index is a usage error (64).
        try FileManager.default.removeItem(atPath: folder + "/k8s/shard-0001-of-0003.json")
        #expect(try Self.status(["sweep", "merge", "--plan", plan, "--in", folder + "/k8s", "--out", folder + "/x.csv"]) == 1)
        try (Self.spec.replacingOccurrences(of: "\"seed\": 11", with: "\"seed\": 12")).write(toFile: spec, atomically: true, encoding: .utf8)
        #expect(try Self.status(["sweep", "plan", "--spec", spec, "--out", folder + "/other.json"]) == 0)
        #expect(try Self.status(["sweep", "merge", "--plan", folder + "/other.json", "--in", folder + "/one", "--out", folder + "/x.csv"]) == 65)
        #expect(try Self.status(["sweep", "run", "--plan", plan, "--out", folder + "/x"], environment: ["JOB_COMPLETION_INDEX": "5"]) == 64)
    }
}
