import Foundation

/// Expectations over a binomial number of participants, summed over the pmf in a window
/// of +-10 standard deviations around the mean (the mass outside is below 1e-20),
/// so the cost is O(sqrt(m)) terms rather than O(m).
enum Binomial {
    /// E[h(X)] for X ~ Bin(m, p), restricted to X >= `from`; also returns P(X >= from).
    static func expectation(trials m: Int, probability p: Double, from: Int = 0, _ h: (Int) -> Double) -> (
        value: Double, mass: Double
    ) {
        if m == 0 || p <= 0 { return from <= 0 ? (h(0), 1) : (0, 0) }
        if p >= 1 { return m >= from ? (h(m), 1) : (0, 0) }
        let mean = Double(m) * p
        let sd = (Double(m) * p * (1 - p)).squareRoot()
        let lo = max(from, Int((mean - 10 * sd - 10).rounded(.down)))
        let hi = min(m, Int((mean + 10 * sd + 10).rounded(.up)))
        guard lo <= hi else { return (0, 0) }
        let logP = log(p), log1mP = log1p(-p)
        let lgM = SpecialFunctions.logGamma(Double(m) + 1)
        var value = 0.0, mass = 0.0
        for k in lo...hi {
            let lp = lgM - SpecialFunctions.logGamma(Double(k) + 1) - SpecialFunctions.logGamma(Double(m - k) + 1) + Double(k) * logP + Double(m - k) * log1mP
            let w = exp(lp)
            mass += w
            value += w * h(k)
        }
        return (value, mass)
    }
}
