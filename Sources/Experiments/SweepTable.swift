import Foundation
import SurplusCore

/// A merged sweep (`surplus sweep merge`): every row of the plan exactly once, in row
/// order, whatever the number of shards that ran them.
public struct SweepTable: Sendable {
    public let plan: SweepPlan
    /// Indexed by row number.
    public let rows: [ShardResult.Row]

    /// How many missing rows a message lists before summarising the rest.
    static let listedMissing = 10

    /// Merges the shard files `shards` (name, content) of `plan`.
    /// - Throws: ``SweepError/planMismatch(_:)`` for a shard of another plan or version, a
    ///   damaged shard, or a row present twice (two shard counts in one folder);
    ///   ``SweepError/runtime(_:)`` listing the missing rows (and shards) when some are absent.
    public static func merge(plan: SweepPlan, shards: [(name: String, result: ShardResult)]) throws -> SweepTable {
        var slots = [ShardResult.Row?](repeating: nil, count: plan.rowCount)
        var owner = [String?](repeating: nil, count: plan.rowCount)
        for (name, shard) in shards {
            try shard.verify(against: plan, name: name)
            for (row, result) in zip(shard.manifest.rows, shard.rows) {
                if let first = owner[row] {
                    throw SweepError.planMismatch(
                        "point \(result.point) replicate \(result.replicate) is in both \(first) and \(name): merge one shard count at a time")
                }
                slots[row] = result
                owner[row] = name
            }
        }
        let missing = slots.indices.filter { slots[$0] == nil }
        guard missing.isEmpty else { throw SweepError.runtime(missingMessage(missing, plan: plan, shards: shards)) }
        return SweepTable(plan: plan, rows: slots.compactMap { $0 })
    }

    private static func missingMessage(_ missing: [Int], plan: SweepPlan, shards: [(name: String, result: ShardResult)]) -> String {
        let r = plan.spec.replicates
        var text = "\(missing.count) of \(plan.rowCount) rows missing: "
            + missing.prefix(listedMissing).map { "point \($0 / r) replicate \($0 % r)" }.joined(separator: ", ")
            + (missing.count > listedMissing ? ", ..." : "")
        let counts = Set(shards.map(\.result.manifest.shardCount))
        if counts.count == 1, let count = counts.first {
            let present = Set(shards.map(\.result.manifest.shardIndex))
            let absent = (0..<count).filter { !present.contains($0) }
            text += "; shards \(absent.map(String.init).joined(separator: ", ")) of \(count) absent"
        } else if shards.isEmpty {
            text += "; no shard files"
        }
        return text
    }

    /// The columns: `point, replicate, seed`, the varied parameters, the fixed ones, the recorded fields.
    public var columns: [String] {
        ["point", "replicate", "seed"] + plan.spec.parameterNames + plan.spec.fixedNames + plan.spec.record
    }

    /// One cell per column of row `i`.
    func cells(_ i: Int) -> [String] {
        let row = rows[i]
        let fixed = plan.spec.fixedNames.map { plan.spec.fixed?[$0]?.description ?? "" }
        return [String(row.point), String(row.replicate), String(row.seed)]
            + plan.points[row.point].map(\.description) + fixed + row.values.map(\.description)
    }

    /// The table as CSV (RFC 4180 quoting), one line per row, `\n` line ends.
    public func csv() -> String {
        var text = columns.map(Self.quoted).joined(separator: ",") + "\n"
        for i in rows.indices { text += cells(i).map(Self.quoted).joined(separator: ",") + "\n" }
        return text
    }

    /// The table as JSON: `{planHash, columns, rows: [{column: value}]}`, keys sorted; seeds
    /// as strings (a 64-bit seed is beyond the integers a JSON reader keeps exactly).
    public func json() throws -> Data {
        struct Document: Encodable {
            let planHash: String
            let columns: [String]
            let rows: [[String: ParameterValue]]
        }
        let names = columns
        let document = Document(
            planHash: plan.hash, columns: names,
            rows: rows.indices.map { i in
                let row = rows[i]
                let values: [ParameterValue] = [.number(Double(row.point)), .number(Double(row.replicate)), .text(String(row.seed))]
                    + plan.points[row.point] + plan.spec.fixedNames.map { plan.spec.fixed?[$0] ?? .text("") } + row.values
                return Dictionary(uniqueKeysWithValues: zip(names, values))
            })
        return try StrictJSON.encoder().encode(document)
    }

    static func quoted(_ cell: String) -> String {
        guard cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return cell }
        return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
