import Foundation

/// One published number or claim beside what Surplus computes.
public struct Comparison: Sendable, Codable, Equatable {
    public enum Verdict: String, Sendable, Codable {
        /// Within the stated tolerance, or the claim holds.
        case reproduced
        /// Outside the tolerance, or the claim fails; `reason` says why.
        case differs
    }

    /// What is compared, e.g. "Table I: trade ratio, Bank, Psi = U[0,5]".
    public var item: String
    /// Where the document publishes it, e.g. "Table I", "Sec. VI", "slide 12".
    public var location: String
    /// The published value or claim, as printed.
    public var published: String
    /// Surplus's value or observation, formatted like the published one.
    public var surplus: String
    /// Surplus minus published, formatted; "-" for claims.
    public var difference: String
    public var verdict: Verdict
    /// For `reproduced`, the tolerance and why it is fair; for `differs`, why.
    public var reason: String
    /// The numbers behind `published` and `surplus`, when the item is a number.
    public var publishedValue: Double?
    public var surplusValue: Double?
    public var tolerance: Double?

    public init(
        item: String, location: String, published: String, surplus: String, difference: String,
        verdict: Verdict, reason: String,
        publishedValue: Double? = nil, surplusValue: Double? = nil, tolerance: Double? = nil
    ) {
        self.item = item
        self.location = location
        self.published = published
        self.surplus = surplus
        self.difference = difference
        self.verdict = verdict
        self.reason = reason
        self.publishedValue = publishedValue
        self.surplusValue = surplusValue
        self.tolerance = tolerance
    }

    /// A published number against a computed one: reproduced when
    /// |surplus - published| <= tolerance.
    ///
    /// - Parameters:
    ///   - format: how both numbers and the difference are printed.
    ///   - tolerance: in the same units as the values (0.002 for 0.2 percentage points
    ///     when the values are fractions formatted as percentages).
    ///   - why: why the tolerance is fair (printed when reproduced).
    ///   - whyDiffers: the explanation printed when the number does not reproduce.
    public static func number(
        _ item: String, location: String, published: Double, printed: String? = nil,
        surplus: Double, tolerance: Double, format: NumberFormat,
        why: String, whyDiffers: String
    ) -> Comparison {
        let difference = surplus - published
        let holds = difference.isFinite && abs(difference) <= tolerance
        return Comparison(
            item: item, location: location,
            published: printed ?? format.string(published),
            surplus: format.string(surplus),
            difference: format.difference(difference),
            verdict: holds ? .reproduced : .differs,
            reason: holds ? "within \(format.magnitude(tolerance)): \(why)" : whyDiffers,
            publishedValue: published, surplusValue: surplus, tolerance: tolerance)
    }

    /// A published claim checked by a computation.
    ///
    /// - Parameters:
    ///   - observed: what the run shows, with its numbers.
    ///   - holds: whether the observation supports the claim.
    ///   - why: how the check was done (printed when it holds).
    ///   - whyDiffers: the explanation printed when it does not.
    public static func claim(
        _ item: String, location: String, published: String, observed: String,
        holds: Bool, why: String, whyDiffers: String
    ) -> Comparison {
        Comparison(
            item: item, location: location, published: published, surplus: observed,
            difference: "-", verdict: holds ? .reproduced : .differs,
            reason: holds ? why : whyDiffers)
    }
}

/// How a comparison prints its numbers.
public struct NumberFormat: Sendable, Equatable {
    /// Multiplies the value before printing (100 for percentages of fractions).
    public var scale: Double
    public var decimals: Int
    /// Printed after the number ("%"), or before it ("$") when `prefix` is set.
    public var unit: String
    public var prefix: Bool
    /// The unit of a difference ("pp" for percentages).
    public var differenceUnit: String

    public init(scale: Double = 1, decimals: Int, unit: String = "", prefix: Bool = false, differenceUnit: String? = nil) {
        self.scale = scale
        self.decimals = decimals
        self.unit = unit
        self.prefix = prefix
        self.differenceUnit = differenceUnit ?? unit
    }

    /// Fractions printed as percentages, differences in percentage points.
    public static func percent(_ decimals: Int = 1) -> NumberFormat {
        NumberFormat(scale: 100, decimals: decimals, unit: "%", differenceUnit: " pp")
    }

    public static func plain(_ decimals: Int) -> NumberFormat { NumberFormat(decimals: decimals) }

    public static func dollars(_ decimals: Int = 2) -> NumberFormat {
        NumberFormat(decimals: decimals, unit: "$", prefix: true)
    }

    public func string(_ value: Double) -> String {
        let text = Format.fixed(abs(value) * scale, decimals)
        let sign = value < 0 && Double(text) != 0 ? "-" : ""
        return prefix ? sign + unit + text : sign + text + unit
    }

    /// A signed difference: "+0.07 pp", "-0.01".
    public func difference(_ value: Double) -> String {
        guard value.isFinite else { return "-" }
        let text = Format.fixed(abs(value) * scale, decimals)
        let sign = Double(text) == 0 ? "" : (value < 0 ? "-" : "+")
        return prefix ? sign + unit + text : sign + text + differenceUnit
    }

    /// An unsigned amount: "±0.2 pp".
    public func magnitude(_ value: Double) -> String {
        let text = Format.fixed(abs(value) * scale, decimals + 1)
        return "±" + (prefix ? unit + text : text + differenceUnit)
    }
}
