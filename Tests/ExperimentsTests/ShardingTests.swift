import Foundation
import SurplusTestSupport
import Testing

@testable import Experiments

@Suite struct ShardingTests {
    @Test func schedulerEnvironmentsNameTheSameShard() throws {
        let kubernetes = try ShardAssignment.resolve(index: nil, count: 7, environment: ["JOB_COMPLETION_INDEX": "3"])
        let slurm = try ShardAssignment.resolve(
            index: nil, count: nil,
            environment: ["SLURM_ARRAY_TASK_ID": "10", "SLURM_ARRAY_TASK_MIN": "4", "SLURM_ARRAY_TASK_STEP": "2", "SLURM_ARRAY_TASK_COUNT": "7"])
        #expect(kubernetes == (try ShardAssignment(index: 3, count: 7)))
        #expect(slurm == kubernetes)
        #expect(try ShardAssignment.resolve(index: nil, count: nil, environment: [:]) == (try ShardAssignment(index: 0, count: 1)))
    }

    @Test(arguments: [
        (nil as Int?, nil as Int?, ["JOB_COMPLETION_INDEX": "2"]),
        (nil, 3, ["JOB_COMPLETION_INDEX": "3"]),
        (nil, 5, ["SLURM_ARRAY_TASK_ID": "1", "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_COUNT": "4"]),
        (nil, 4, [:]),
        (7, 7, [:]),
    ])
    func badAssignmentsAreUsageErrors(index: Int?, count: Int?, environment: [String: String]) {
        #expect(throws: SweepError.self) {
            do {
                _ = try ShardAssignment.resolve(index: index, count: count, environment: environment)
            } catch let error as SweepError {
                #expect(error.exitStatus == 64)
                throw error
            }
        }
    }

    @Test func everyRowBelongsToExactlyOneShard() throws {
        for count in [1, 3, 7, 20] {
            let rows = try (0..<count).flatMap { Array(try ShardAssignment(index: $0, count: count).rows(of: 17)) }
            #expect(rows.sorted() == Array(0..<17), "count \(count)")
        }
    }
}
