import Benchmark
import BilateralMarket

let benchmarks: @Sendable () -> Void = {
}
