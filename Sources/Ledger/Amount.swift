import Foundation
import SurplusCore

/// A sum of tokens as the ledger keeps it: a whole number of micro-units (10^-6 token), in an `Int64`.
///
/// Amounts are read from the API's decimal text exactly, digit by digit, never through `Double`:
/// `"0.1"` is 100,000 micro-units, not the nearest binary fraction. A value needing more than six
/// decimals (`"0.0000001"`) or lying outside ±9,223,372,036,854.775807 tokens is an ``InputError``
/// naming the field. Trailing zeros are not decimals that matter: `"1.50000000"` is 1.5.
public struct Amount: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Micro-units per token.
    public static let microUnitsPerToken: Int64 = 1_000_000
    /// Decimals an amount may carry.
    public static let decimals = 6
    public static let zero = Amount(microUnits: 0)

    /// The amount in micro-units.
    public let microUnits: Int64

    public init(microUnits: Int64) { self.microUnits = microUnits }

    /// A whole number of tokens; nil when it does not fit.
    public init?(tokens: Int64) {
        let (product, overflow) = tokens.multipliedReportingOverflow(by: Amount.microUnitsPerToken)
        guard !overflow else { return nil }
        self.init(microUnits: product)
    }

    /// Parses a decimal number of tokens: an optional `-`, digits, an optional `.` and digits, an
    /// optional exponent (`e` or `E`, a sign, digits), as JSON writes numbers.
    /// - Throws: ``InputError`` naming `field` when the text is not such a number, needs more than
    ///   six decimals, or does not fit in `Int64` micro-units.
    public init(parsing text: some StringProtocol, field: String) throws(InputError) {
        let shown = text.count > 40 ? "\(text.prefix(40))..." : String(text)
        func invalid(_ expected: String) -> InputError { InputError(field: field, value: shown, expected: expected) }
        let syntax = "a decimal number of tokens such as 12 or 0.25"
        var bytes = Substring(text).utf8[...]
        let negative = bytes.first == UInt8(ascii: "-")
        if negative { bytes = bytes.dropFirst() }

        var digits: [UInt8] = []   // integer and fraction digits, as values 0...9
        var fractionDigits = 0
        var exponent = 0
        var seenPoint = false
        while let byte = bytes.first, byte != UInt8(ascii: "e"), byte != UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if byte == UInt8(ascii: ".") {
                guard !seenPoint, !digits.isEmpty else { throw invalid(syntax) }
                seenPoint = true
            } else if (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
                digits.append(byte - UInt8(ascii: "0"))
                if seenPoint { fractionDigits += 1 }
            } else {
                throw invalid(syntax)
            }
        }
        guard !digits.isEmpty, !seenPoint || fractionDigits > 0 else { throw invalid(syntax) }
        if !bytes.isEmpty {  // the exponent
            bytes = bytes.dropFirst()
            var exponentNegative = false
            if let sign = bytes.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
                exponentNegative = sign == UInt8(ascii: "-")
                bytes = bytes.dropFirst()
            }
            guard !bytes.isEmpty, bytes.count <= 4, bytes.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) })
            else { throw invalid(syntax) }
            exponent = bytes.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) } * (exponentNegative ? -1 : 1)
        }

        // value = digits * 10^(exponent - fractionDigits); micro-units = digits * 10^shift.
        var shift = exponent - fractionDigits + Amount.decimals
        while shift < 0, let last = digits.last {
            guard last == 0 else { throw invalid("an amount with at most \(Amount.decimals) decimals") }
            digits.removeLast()
            shift += 1
        }
        let significant = digits.drop(while: { $0 == 0 })
        var micro: Int64 = 0
        let outOfRange = invalid("an amount within ±\(Amount(microUnits: .max)) tokens")
        // Accumulated with its sign, so that Int64.min is reachable.
        for digit in significant + repeatElement(0, count: significant.isEmpty ? 0 : min(max(shift, 0), 20)) {
            let (scaled, overflow) = micro.multipliedReportingOverflow(by: 10)
            let (next, overflowAdding) = negative
                ? scaled.subtractingReportingOverflow(Int64(digit)) : scaled.addingReportingOverflow(Int64(digit))
            guard !overflow, !overflowAdding else { throw outOfRange }
            micro = next
        }
        self.init(microUnits: micro)
    }

    public static func < (a: Amount, b: Amount) -> Bool { a.microUnits < b.microUnits }

    /// The sum, or nil on overflow.
    public func adding(_ other: Amount) -> Amount? {
        let (sum, overflow) = microUnits.addingReportingOverflow(other.microUnits)
        return overflow ? nil : Amount(microUnits: sum)
    }

    /// The difference, or nil on overflow.
    public func subtracting(_ other: Amount) -> Amount? {
        let (difference, overflow) = microUnits.subtractingReportingOverflow(other.microUnits)
        return overflow ? nil : Amount(microUnits: difference)
    }

    /// Tokens with only the decimals that matter: `12`, `-0.5`, `0.000001`.
    public var description: String {
        let magnitude = microUnits.magnitude
        let whole = magnitude / UInt64(Amount.microUnitsPerToken)
        var fraction = String(magnitude % UInt64(Amount.microUnitsPerToken))
        let sign = microUnits < 0 ? "-" : ""
        guard fraction != "0" else { return "\(sign)\(whole)" }
        fraction = String(repeating: "0", count: Amount.decimals - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return "\(sign)\(whole).\(fraction)"
    }
}

/// In JSON an amount is a number of tokens (`12.5`); decoding also takes a string (`"12.5"`).
/// Both are read from their decimal text, exactly; a bad value throws an ``InputError`` whose
/// field is the coding path (`transfers[2].amount`).
extension Amount: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let field = fieldName(decoder.codingPath, default: "amount")
        if let text = try? container.decode(String.self) {
            try self.init(parsing: text, field: field)
        } else {
            let number = try container.decode(Decimal.self)
            try self.init(parsing: number.description, field: field)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        // significand * 10^-6, exactly (Decimal holds 38 digits).
        try container.encode(
            Decimal(sign: microUnits < 0 ? .minus : .plus, exponent: -Amount.decimals, significand: Decimal(microUnits.magnitude)))
    }
}
