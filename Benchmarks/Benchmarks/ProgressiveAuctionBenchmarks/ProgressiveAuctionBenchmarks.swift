import Benchmark
import ProgressiveAuction

let benchmarks: @Sendable () -> Void = {
}
