import Foundation
import SurplusCore

/// Reading and writing a sweep's files: the plan, the shards in their folder, the merge.
public enum SweepFiles {
    /// Writes `data` at `path` through a temporary file in the same folder and a rename,
    /// so a reader never sees half a file and a retried shard replaces the old one whole.
    /// - Throws: ``SweepError/runtime(_:)`` when the folder cannot be written.
    public static func writeAtomically(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        do {
            try data.write(to: temporary)
            if rename(temporary.path, url.path) != 0 {
                throw SweepError.runtime("cannot rename \(temporary.path) to \(path): \(String(cString: strerror(errno)))")
            }
        } catch let error as SweepError {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw SweepError.runtime("cannot write \(path): \(error.localizedDescription)")
        }
    }

    /// The plan at `path`, its hash checked (a plan is the tool's own output: its hash, not
    /// a strict reading, catches an edit, and the plain decoder keeps a 100,000-point merge small).
    /// - Throws: ``SweepError/usage(_:)`` for an unreadable or malformed file,
    ///   ``SweepError/planMismatch(_:)`` for one whose hash does not match its contents.
    public static func readPlan(_ path: String) throws -> SweepPlan {
        let plan: SweepPlan = try read(path, as: SweepPlan.self, strict: false)
        try plan.verify()
        return plan
    }

    /// The spec at `path`, strictly decoded (unknown fields are errors) and validated.
    public static func readSpec(_ path: String) throws -> SweepSpec {
        let spec: SweepSpec = try read(path, as: SweepSpec.self, strict: true)
        try spec.validate()
        return spec
    }

    /// Writes the shard's file into `directory` (created if needed).
    public static func write(_ shard: ShardResult, into directory: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw SweepError.runtime("cannot create \(directory): \(error.localizedDescription)")
        }
        let name = try ShardAssignment(index: shard.manifest.shardIndex, count: shard.manifest.shardCount).fileName
        try writeAtomically(try CanonicalJSON.encode(shard), to: (directory as NSString).appendingPathComponent(name))
    }

    /// Every shard file (`shard-*.json`) in `directory`, by name.
    public static func readShards(in directory: String) throws -> [(name: String, result: ShardResult)] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw SweepError.usage("cannot read the folder \(directory)")
        }
        return try names.filter { $0.hasPrefix("shard-") && $0.hasSuffix(".json") }.sorted().map { name in
            let path = (directory as NSString).appendingPathComponent(name)
            do {
                return (name, try read(path, as: ShardResult.self, strict: false))
            } catch let SweepError.usage(text) {
                throw SweepError.planMismatch(text)
            }
        }
    }

    /// Decodes a file: `strict` (unknown fields are errors) for what a user writes, plain for
    /// the tool's own files, whose hash and checksums are checked instead.
    private static func read<T: Codable>(_ path: String, as type: T.Type, strict: Bool) throws -> T {
        guard let data = FileManager.default.contents(atPath: path) else { throw SweepError.usage("cannot read \(path)") }
        do {
            if strict { return try StrictJSON.decode(T.self, from: data) }
            do {
                return try JSONDecoder().decode(T.self, from: data)
            } catch is DecodingError {
                throw SweepError.usage("\(path): not a \(T.self == SweepPlan.self ? "plan" : "shard") file of surplus sweep")
            }
        } catch let failure as StrictJSON.DecodingFailure {
            throw SweepError.usage("\(path): \(failure.description)")
        } catch let error as InputError {
            throw SweepError.usage("\(path): \(error)")
        }
    }
}
