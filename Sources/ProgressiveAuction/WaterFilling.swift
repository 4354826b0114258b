/// The efficient allocation of one divisible resource: maximise
/// sum_i theta_i(x_i) subject to sum_i x_i <= Q, x_i >= 0. With concave
/// valuations it is the "water-filling" allocation: every bidder takes its
/// demand at a common water level lambda (its marginal valuation equals
/// lambda wherever it holds a positive share), lambda = 0 if the resource is
/// not scarce.
public enum WaterFilling {
    /// The optimum: allocations, the water level lambda (the market-clearing
    /// unit price) and the welfare.
    public struct Optimum: Sendable, Equatable {
        public var allocations: [Double]
        public var waterLevel: Double
        public var welfare: Double
    }

    /// Solves the problem by bisection on lambda to relative precision 1e-13;
    /// a bidder whose demand jumps at lambda (linear valuations) takes the
    /// leftover at value lambda per unit, so the welfare is exact up to that
    /// precision.
    public static func optimum(quantity q: Double, valuations: [Valuation]) -> Optimum {
        let n = valuations.count
        var atZero = 0.0
        for v in valuations { atZero += min(v.demand(atPrice: 0), q) }
        if atZero <= q {
            let x = valuations.map { min($0.demand(atPrice: 0), q) }
            return Optimum(allocations: x, waterLevel: 0, welfare: zip(valuations, x).reduce(0) { $0 + $1.0.value($1.1) })
        }
        var lo = 0.0
        var hi = valuations.reduce(0) { max($0, $1.marginalAtZero) }
        func demand(_ lambda: Double) -> Double {
            var s = 0.0
            for v in valuations { s += min(v.demand(atPrice: lambda), q) }
            return s
        }
        for _ in 0..<200 {
            let mid = 0.5 * (lo + hi)
            if mid <= lo || mid >= hi { break }
            if demand(mid) > q { lo = mid } else { hi = mid }
            if hi - lo <= 1e-13 * hi { break }
        }
        var x = valuations.map { min($0.demand(atPrice: hi), q) }
        var leftover = q - x.reduce(0, +)
        var welfare = zip(valuations, x).reduce(0) { $0 + $1.0.value($1.1) }
        if leftover > 0 {
            for i in 0..<n where leftover > 0 {
                let room = min(valuations[i].demand(atPrice: lo), q) - x[i]
                if room > 0 {
                    let take = min(room, leftover)
                    welfare += valuations[i].value(x[i] + take) - valuations[i].value(x[i])
                    x[i] += take
                    leftover -= take
                }
            }
        }
        return Optimum(allocations: x, waterLevel: hi, welfare: welfare)
    }
}
