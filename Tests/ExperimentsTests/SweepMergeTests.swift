import Foundation
import SurplusCore
import Testing

@testable import Experiments

/// Merging with a fake command whose result is a function of its arguments, so the tests
/// check the bookkeeping (and not a model).
@Suite struct SweepMergeTests {
    static let spec = SweepSpec(
        command: "fake", seed: 3, replicates: 3,
        parameters: ["price": .values([.number(6), .number(7)]), "model": .values([.text("bank"), .text("hard")])],
        record: ["value", "nested.ratio"])

    /// A result from the command line, with wall-clock fields that must not reach the table.
    static func fake(_ arguments: [String]) throws -> Data {
        let seed = UInt64(arguments[arguments.firstIndex(of: "--seed").map { $0 + 1 } ?? 0]) ?? 0
        let price = Double(arguments[arguments.firstIndex(of: "--price").map { $0 + 1 } ?? 0]) ?? 0
        let json = #"{"value": \#(price + Double(seed % 1000) / 1000), "nested": {"ratio": 0.5}, "timing": {"seconds": \#(Double.random(in: 0...1))}, "agentPeriodsPerSecond": 12}"#
        return Data(json.utf8)
    }

    func shards(_ plan: SweepPlan, count: Int) throws -> [(name: String, result: ShardResult)] {
        try (0..<count).map { index in
            let shard = try ShardAssignment(index: index, count: count)
            return (shard.fileName, try ShardResult.run(plan, shard: shard, options: .serial, execute: Self.fake))
        }
    }

    @Test func mergeIsTheSameForEveryShardCount() throws {
        let plan = try SweepPlan(spec: Self.spec, toolVersion: "test")
        let one = try SweepTable.merge(plan: plan, shards: shards(plan, count: 1)).csv()
        for count in [2, 5, 12, 13] {
            #expect(try SweepTable.merge(plan: plan, shards: shards(plan, count: count)).csv() == one, "\(count) shards")
        }
        let lines = one.split(separator: "\n")
        #expect(lines.first == "point,replicate,seed,model,price,value,nested.ratio")
        #expect(lines.count == 13)
        #expect(lines[1].hasPrefix("0,0,\(plan.seeds[0]),bank,6,"))
    }

    @Test func missingRowsAreListedWithTheirShards() throws {
        let plan = try SweepPlan(spec: Self.spec, toolVersion: "test")
        var parts = try shards(plan, count: 4)
        parts.remove(at: 2)
        #expect {
            _ = try SweepTable.merge(plan: plan, shards: parts)
        } throws: { error in
            guard let error = error as? SweepError, case .runtime = error else { return false }
            return error.description.hasPrefix("3 of 12 rows missing: point 0 replicate 2, point 2 replicate 0, point 3 replicate 1")
                && error.description.hasSuffix("shards 2 of 4 absent")
        }
    }

    @Test func twoShardCountsInOneFolderAreRefused() throws {
        let plan = try SweepPlan(spec: Self.spec, toolVersion: "test")
        #expect {
            _ = try SweepTable.merge(plan: plan, shards: shards(plan, count: 2) + shards(plan, count: 3))
        } throws: { ($0 as? SweepError)?.exitStatus == 65 }
    }

    @Test func shardsOfAnotherPlanOrVersionOrDamagedAreRefused() throws {
        let plan = try SweepPlan(spec: Self.spec, toolVersion: "test")
        var otherSpec = Self.spec
        otherSpec.seed = 4
        let other = try SweepPlan(spec: otherSpec, toolVersion: "test")
        let newer = try SweepPlan(spec: Self.spec, toolVersion: "test 2")
        for foreign in [other, newer] {
            #expect {
                _ = try SweepTable.merge(plan: plan, shards: shards(foreign, count: 1))
            } throws: { ($0 as? SweepError)?.exitStatus == 65 }
        }
        let good = try shards(plan, count: 1)[0].result
        var rows = good.rows
        rows[0] = ShardResult.Row(point: 0, replicate: 0, seed: rows[0].seed, values: [.number(99), .number(0.5)])
        let damaged = ShardResult(manifest: good.manifest, rows: rows)
        #expect {
            _ = try SweepTable.merge(plan: plan, shards: [("damaged", damaged)])
        } throws: { "\($0)".contains("checksum") }
    }

    @Test func summaryAveragesReplicatesWithStandardErrors() throws {
        let plan = try SweepPlan(spec: Self.spec, toolVersion: "test")
        let table = try SweepTable.merge(plan: plan, shards: shards(plan, count: 1))
        let summary = try SweepSummary(table, x: "price", y: "value", series: "model")
        #expect(summary.lines.map(\.name) == ["model = bank", "model = hard"])
        let first = summary.lines[0].points[0]
        let ys = (0..<3).map { 6 + Double(plan.seeds[$0] % 1000) / 1000 }
        #expect(first.replicates == 3)
        #expect(first.mean == Statistics.mean(ys))
        #expect(first.standardError == Statistics.standardError(ys))
        #expect(throws: InputError.self) { _ = try SweepSummary(table, x: "price", y: "value", series: nil) }
        #expect(try SweepSummary(table, x: "price", y: "value", series: nil, filters: ["model": "hard"]).lines.count == 1)
    }

    @Test func aRecordedFieldTheCommandLacksIsAPlanMismatch() throws {
        var spec = Self.spec
        spec.record = ["valeu"]
        let plan = try SweepPlan(spec: spec, toolVersion: "test")
        #expect {
            _ = try ShardResult.run(plan, shard: ShardAssignment(index: 0, count: 1), options: .serial, execute: Self.fake)
        } throws: { error in
            (error as? SweepError)?.exitStatus == 65 && "\(error)".contains("valeu") && "\(error)".contains("nested, value")
        }
    }
}
