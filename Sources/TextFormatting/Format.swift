import Foundation

/// Fixed-precision numbers for tables and one-line messages.
public enum Format {
    /// `x` with `digits` decimals, never in exponent notation ("-" for NaN).
    public static func fixed(_ x: Double, _ digits: Int = 4) -> String {
        guard x.isFinite else { return x.isNaN ? "-" : (x > 0 ? "inf" : "-inf") }
        let text = String(format: "%.\(max(0, digits))f", x)
        return text.hasPrefix("-") && Double(text) == 0 ? String(text.dropFirst()) : text
    }

    /// Dollars with cents, sign first: "-$111.50".
    public static func dollars(_ x: Double) -> String {
        (x < 0 ? "-$" : "$") + fixed(abs(x), 2)
    }

    /// A duration for people: "42 s", "3 min 20 s", "2 h 05 min".
    public static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "-" }
        let s = Int(seconds.rounded())
        if s < 60 { return "\(s) s" }
        if s < 3600 { return "\(s / 60) min \(String(format: "%02d", s % 60)) s" }
        return "\(s / 3600) h \(String(format: "%02d", s % 3600 / 60)) min"
    }

    /// A fraction in [0, 1] as a percentage with `digits` decimals.
    public static func percent(_ fraction: Double, _ digits: Int = 1) -> String {
        fixed(fraction * 100, digits) + "%"
    }
}

/// How a quantity prints with its unit: as a value, a signed difference and a tolerance
/// ("84.3%", "-0.07 pp", "±0.20 pp"; "$1.50", "+$0.12").
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
