/// Which rows of a plan one shard runs: shard `index` of `count` takes the rows
/// `index, index + count, index + 2 count, ...` (strided, so that a grid whose cost grows
/// along one parameter still splits evenly).
public struct ShardAssignment: Sendable, Hashable, CustomStringConvertible {
    public let index: Int
    public let count: Int

    /// The most shards a plan may be cut into.
    public static let maximumCount = 100_000

    /// - Throws: ``SweepError/usage(_:)`` unless 1 <= count <= 100,000 and 0 <= index < count.
    public init(index: Int, count: Int) throws {
        guard (1...Self.maximumCount).contains(count) else {
            throw SweepError.usage("shard count \(count) is invalid: expected 1 to \(Self.maximumCount)")
        }
        guard (0..<count).contains(index) else {
            throw SweepError.usage("shard index \(index) is invalid: expected 0 to \(count - 1) for \(count) shards")
        }
        self.index = index
        self.count = count
    }

    /// The shard a scheduler's environment names, when no `--shard-index` is given:
    /// - Kubernetes Indexed Job: `JOB_COMPLETION_INDEX` (0-based), with `count` from
    ///   `--shard-count` (the manifest passes its `completions`);
    /// - Slurm job array: shard `(SLURM_ARRAY_TASK_ID - SLURM_ARRAY_TASK_MIN) / SLURM_ARRAY_TASK_STEP`
    ///   of `SLURM_ARRAY_TASK_COUNT` (`--array=1-7` and `--array=0-12:2` both work);
    /// - neither: the whole plan, as one shard.
    /// An explicit `count` must agree with Slurm's.
    public static func resolve(index: Int?, count: Int?, environment: [String: String]) throws -> ShardAssignment {
        if let index { return try ShardAssignment(index: index, count: count ?? 1) }
        if let text = environment["JOB_COMPLETION_INDEX"] {
            guard let index = Int(text) else { throw SweepError.usage("JOB_COMPLETION_INDEX = \(text) is invalid: expected an integer") }
            guard let count else { throw SweepError.usage("JOB_COMPLETION_INDEX is set: --shard-count must give the Job's completions") }
            return try ShardAssignment(index: index, count: count)
        }
        if let text = environment["SLURM_ARRAY_TASK_ID"] {
            func integer(_ name: String, default value: Int? = nil) throws -> Int {
                guard let text = environment[name] else {
                    if let value { return value }
                    throw SweepError.usage("SLURM_ARRAY_TASK_ID is set but \(name) is not")
                }
                guard let number = Int(text) else { throw SweepError.usage("\(name) = \(text) is invalid: expected an integer") }
                return number
            }
            guard let id = Int(text) else { throw SweepError.usage("SLURM_ARRAY_TASK_ID = \(text) is invalid: expected an integer") }
            let minimum = try integer("SLURM_ARRAY_TASK_MIN")
            let step = try integer("SLURM_ARRAY_TASK_STEP", default: 1)
            let tasks = try integer("SLURM_ARRAY_TASK_COUNT")
            guard step > 0, id >= minimum, (id - minimum) % step == 0 else {
                throw SweepError.usage("SLURM_ARRAY_TASK_ID = \(id) is invalid: expected MIN + i x STEP (MIN \(minimum), STEP \(step))")
            }
            if let count, count != tasks {
                throw SweepError.usage("--shard-count \(count) disagrees with SLURM_ARRAY_TASK_COUNT = \(tasks)")
            }
            return try ShardAssignment(index: (id - minimum) / step, count: tasks)
        }
        guard count == nil || count == 1 else {
            throw SweepError.usage("--shard-count needs --shard-index, JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID")
        }
        return try ShardAssignment(index: 0, count: 1)
    }

    /// This shard's rows of a plan with `rows` rows, ascending.
    public func rows(of rows: Int) -> StrideTo<Int> { stride(from: index, to: rows, by: count) }

    /// The shard's file name in the output folder, e.g. `shard-0003-of-0007.json`.
    public var fileName: String { "shard-\(Self.padded(index))-of-\(Self.padded(count)).json" }

    public var description: String { "shard \(index) of \(count)" }

    private static func padded(_ n: Int) -> String {
        let digits = String(n)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
