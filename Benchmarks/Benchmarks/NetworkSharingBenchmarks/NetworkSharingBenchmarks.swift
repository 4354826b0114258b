import Benchmark
import NetworkSharing

let benchmarks: @Sendable () -> Void = {
}
