import SurplusCore

/// Latin hypercube sampling (McKay, Beckman & Conover, 1979): `count` points in a box
/// such that each dimension's range, cut into `count` equal strata, has exactly one
/// point in each stratum.
enum LatinHypercube {
    /// The stream of the sample's permutations and offsets.
    static let stream = StreamName(3, "Latin hypercube")

    /// Point i, dimension d: low_d + (pi_d(i) + u_id) / count x (high_d - low_d), with pi_d an
    /// independent uniform permutation and u_id uniform in [0, 1), all drawn from `seed`.
    static func sample(intervals: [(low: Double, high: Double)], count: Int, seed: UInt64) -> [[Double]] {
        var random = RunOptions.serial(seed: seed).stream(stream)
        var points = [[Double]](repeating: [Double](repeating: 0, count: intervals.count), count: count)
        for (d, interval) in intervals.enumerated() {
            var strata = Array(0..<count)
            // Fisher-Yates with the module's generator (the standard shuffle's algorithm may change).
            for i in stride(from: count - 1, to: 0, by: -1) { strata.swapAt(i, random.nextIndex(below: i + 1)) }
            for i in 0..<count {
                let u = (Double(strata[i]) + random.nextUnit()) / Double(count)
                points[i][d] = interval.low + u * (interval.high - interval.low)
            }
        }
        return points
    }
}
