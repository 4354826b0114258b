import Benchmark
import Provisioning

let benchmarks: @Sendable () -> Void = {
}
