import Foundation
import TextFormatting

/// Round tick values for an axis: steps of 1, 2, 2.5 or 5 times a power of ten
/// on linear axes, powers of ten (and 2 and 5 times them when there are few
/// decades) on logarithmic ones.
struct AxisTicks: Equatable {
    /// The axis range after rounding outwards to ticks (unless fixed).
    var lower: Double
    var upper: Double
    var values: [Double]
    /// Decimals that print every tick distinctly.
    var decimals: Int

    /// Linear ticks covering `lower...upper` with about `target` ticks; with `integer`,
    /// the step is a whole number (1, 2, 5 x 10^k), so every tick is an integer.
    static func linear(
        lower: Double, upper: Double, target: Int, fixedLower: Bool, fixedUpper: Bool, integer: Bool = false
    ) -> AxisTicks {
        var lower = lower, upper = upper
        if upper - lower <= 1e-12 * max(1, abs(lower)) {
            let pad = integer ? 1 : lower == 0 ? 1 : abs(lower) * 0.1
            lower -= pad
            upper += pad
        }
        let step = niceStep((upper - lower) / Double(max(1, target - 1)), integer: integer)
        if !fixedLower { lower = (lower / step).rounded(.down) * step }
        if !fixedUpper { upper = (upper / step).rounded(.up) * step }
        var values: [Double] = []
        var tick = (lower / step).rounded(.up) * step
        while tick <= upper + step * 1e-9 {
            values.append(abs(tick) < step * 1e-9 ? 0 : tick)
            tick += step
        }
        let exponent = Int(floor(log10(step)))
        let decimals = max(0, -exponent + (step / pow(10, Double(exponent)) == 2.5 ? 1 : 0))
        return AxisTicks(lower: lower, upper: upper, values: values, decimals: decimals)
    }

    /// Logarithmic ticks covering `lower...upper` (both positive). A range that is not
    /// fixed ends at the nearest 1, 2 or 5 times a power of ten outside the data, not at the
    /// next power of ten: data up to 2000 end the axis at 2000, not at 10000 (no empty decade).
    static func logarithmic(lower: Double, upper: Double, fixedLower: Bool, fixedUpper: Bool) -> AxisTicks {
        var lower = lower, upper = upper
        if upper <= lower { upper = lower * 10 }
        if !fixedLower { lower = roundedOnLog(lower, .down) }
        if !fixedUpper { upper = roundedOnLog(upper, .up) }
        let decades = log10(upper / lower)
        let multiples: [Double] = decades <= 2 ? [1, 2, 5] : [1]
        let stride = decades > 8 ? 2 : 1
        var values: [Double] = []
        var power = Int(floor(log10(lower) + 1e-12))
        while pow(10, Double(power)) <= upper * (1 + 1e-12) {
            if power % stride == 0 {
                for m in multiples {
                    let tick = m * pow(10, Double(power))
                    if tick >= lower * (1 - 1e-12) && tick <= upper * (1 + 1e-12) { values.append(tick) }
                }
            }
            power += 1
        }
        let smallest = values.first ?? lower
        return AxisTicks(lower: lower, upper: upper, values: values, decimals: max(0, -Int(floor(log10(smallest)))))
    }

    /// The round step (1, 2, 2.5, 5 x 10^k) nearest above `rough`; with `integer`, a whole
    /// number of at least 1 and never 2.5 x 10^k.
    static func niceStep(_ rough: Double, integer: Bool = false) -> Double {
        let rough = integer ? max(rough, 1) : rough
        let magnitude = pow(10, floor(log10(rough)))
        let factors: [Double] = integer ? [1, 2, 5, 10] : [1, 2, 2.5, 5, 10]
        for factor in factors where factor * magnitude >= rough * (1 - 1e-9) {
            return factor * magnitude
        }
        return 10 * magnitude
    }

    /// `value` rounded down or up to 1, 2 or 5 times a power of ten.
    static func roundedOnLog(_ value: Double, _ rule: FloatingPointRoundingRule) -> Double {
        let power = floor(log10(value) + 1e-12)
        let candidates = [1.0, 2, 5, 10].map { $0 * pow(10, power) }
        if rule == .down {
            return candidates.last { $0 <= value * (1 + 1e-12) } ?? candidates[0]
        }
        return candidates.first { $0 >= value * (1 - 1e-12) } ?? candidates[3]
    }

    /// A tick label: fixed decimals, exponent form for very large or small magnitudes.
    func label(_ value: Double) -> String {
        let magnitude = abs(value)
        if magnitude >= 1e6 || (magnitude > 0 && magnitude < 1e-4) {
            let exponent = Int(floor(log10(magnitude) + 1e-9))
            let mantissa = value / pow(10, Double(exponent))
            let digits = abs(mantissa - mantissa.rounded()) < 1e-9 ? 0 : 1
            return Format.fixed(mantissa, digits) + "e" + String(exponent)
        }
        return Format.fixed(value, decimals)
    }
}
