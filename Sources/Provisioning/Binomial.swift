import Foundation
import SurplusCore

/// Expectations over a binomial number of participants, summed over the pmf in a window of
/// +-9 standard deviations (+-12 terms) around the mean; the mass outside is below 1e-17, so the
/// cost is O(sqrt(m)) terms rather than O(m). The pmf is evaluated once at the mode with log-gamma
/// and then by the ratio pmf(k+1)/pmf(k) = (m-k)/(k+1) * p/(1-p) outward. The sums are divided by
/// the window's total mass: log-gamma of m ~ 1e6 carries an absolute error ~1e-9, which would
/// otherwise scale every term alike and swamp the O(n) terms of an O(n^2) welfare.
enum Binomial {
    /// E[h(X) 1{X >= from}] for X ~ Bin(m, p), and P(X >= from).
    static func expectation(trials m: Int, probability p: Double, from: Int = 0, _ h: (Int) -> Double) -> (
        value: Double, mass: Double
    ) {
        if m == 0 || p <= 0 { return from <= 0 ? (h(0), 1) : (0, 0) }
        if p >= 1 { return m >= from ? (h(m), 1) : (0, 0) }
        let mean = Double(m) * p
        let sd = (Double(m) * p * (1 - p)).squareRoot()
        let lo = max(0, Int((mean - 9 * sd - 12).rounded(.down)))
        let hi = min(m, Int((mean + 9 * sd + 12).rounded(.up)))
        let mode = min(hi, max(lo, Int((Double(m + 1) * p).rounded(.down))))
        let odds = p / (1 - p)
        let logModePmf = SpecialFunctions.logGamma(Double(m) + 1) - SpecialFunctions.logGamma(Double(mode) + 1)
            - SpecialFunctions.logGamma(Double(m - mode) + 1) + Double(mode) * log(p) + Double(m - mode) * log1p(-p)
        let modePmf = exp(logModePmf)
        var value = 0.0, mass = 0.0, total = 0.0
        // Upward from the mode.
        var w = modePmf
        var k = mode
        while k <= hi {
            total += w
            if k >= from { value += w * h(k); mass += w }
            if k == m { break }
            w *= Double(m - k) / Double(k + 1) * odds
            k += 1
        }
        // Downward from the mode.
        w = modePmf
        k = mode
        while k > lo {
            w *= Double(k) / Double(m - k + 1) / odds
            k -= 1
            total += w
            if k >= from { value += w * h(k); mass += w }
        }
        return (value / total, mass / total)
    }
}
