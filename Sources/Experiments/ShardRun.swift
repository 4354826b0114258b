import Foundation
import SurplusCore

/// What one shard ran: its manifest and its rows (`surplus sweep run`).
public struct ShardResult: Sendable, Codable, Equatable {
    public struct Manifest: Sendable, Codable, Equatable {
        public let planHash: String
        public let toolVersion: String
        public let shardIndex: Int
        public let shardCount: Int
        /// The rows run, ascending.
        public let rows: [Int]
        /// Their seeds, in the same order.
        public let seeds: [UInt64]
        /// SHA-256 of the canonical encoding of ``ShardResult/rows``.
        public let checksum: String
    }

    /// One run's recorded results.
    public struct Row: Sendable, Codable, Equatable {
        public let point: Int
        public let replicate: Int
        public let seed: UInt64
        /// The recorded fields' values, in the spec's `record` order.
        public let values: [ParameterValue]
    }

    public let manifest: Manifest
    public let rows: [Row]

    /// Runs one command line and returns what it printed on stdout (JSON); throws a
    /// ``SweepError`` (a rejected input is a ``SweepError/planMismatch(_:)``).
    public typealias Execute = (_ arguments: [String]) throws -> Data

    /// Runs the shard's rows of `plan` in order, each by `execute`, and records the spec's
    /// fields. `options` carries progress (one update per row) and cancellation.
    public static func run(
        _ plan: SweepPlan, shard: ShardAssignment, options: RunOptions, execute: Execute
    ) throws -> ShardResult {
        let indices = Array(shard.rows(of: plan.rowCount))
        var rows: [Row] = []
        rows.reserveCapacity(indices.count)
        for (done, row) in indices.enumerated() {
            try options.checkCancellation()
            let output = try execute(plan.arguments(row: row))
            let values = try ResultFields.extract(plan.spec.record, from: output, command: plan.spec.command)
            rows.append(Row(point: row / plan.spec.replicates, replicate: row % plan.spec.replicates, seed: plan.seeds[row], values: values))
            options.report("\(shard)", done + 1, of: indices.count)
        }
        let manifest = Manifest(
            planHash: plan.hash, toolVersion: plan.toolVersion, shardIndex: shard.index, shardCount: shard.count,
            rows: indices, seeds: indices.map { plan.seeds[$0] }, checksum: try checksum(rows))
        return ShardResult(manifest: manifest, rows: rows)
    }

    /// Checks a shard read from a file against the plan: its hash, version, checksum, and
    /// that its rows are the ones its manifest and the plan name, with the plan's seeds.
    /// - Throws: ``SweepError/planMismatch(_:)`` naming `name` (the file).
    public func verify(against plan: SweepPlan, name: String) throws {
        guard manifest.planHash == plan.hash else {
            throw SweepError.planMismatch("\(name) belongs to plan \(manifest.planHash.prefix(12)), not \(plan.hash.prefix(12))")
        }
        guard manifest.toolVersion == plan.toolVersion else {
            throw SweepError.planMismatch("\(name) was run by surplus \(manifest.toolVersion), the plan by \(plan.toolVersion)")
        }
        guard try Self.checksum(rows) == manifest.checksum else {
            throw SweepError.planMismatch("\(name): the rows do not match the manifest's checksum (damaged file)")
        }
        let numbers = rows.map { plan.row(point: $0.point, replicate: $0.replicate) }
        guard numbers == manifest.rows, rows.map(\.seed) == manifest.seeds,
              rows.allSatisfy({ $0.replicate >= 0 && $0.replicate < plan.spec.replicates && $0.values.count == plan.spec.record.count }),
              numbers.allSatisfy({ $0 >= 0 && $0 < plan.rowCount }),
              zip(numbers, rows).allSatisfy({ plan.seeds[$0] == $1.seed })
        else {
            throw SweepError.planMismatch("\(name): its rows or seeds are not the plan's")
        }
    }

    static func checksum(_ rows: [Row]) throws -> String { SHA256.hex(try CanonicalJSON.encode(rows)) }
}
