/// The one error for bad input, thrown by every module: which field, the value given,
/// and what was expected. It prints as one line, e.g.
/// `price k = 5 is invalid: expected a price above the server cost c_serve = 6`.
///
/// The command line prints that line on stderr and exits 2; the server maps it to a
/// 4xx whose JSON body names `field`. Modules keep small enums of their own only for
/// failures that are not about one input field (a solver that cannot converge, say).
public struct InputError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The field as the user wrote it: an option name, a scenario key, `buyers[2].demand`.
    public let field: String
    /// The value given, as the user would recognise it.
    public let value: String
    /// What would have been accepted.
    public let expected: String

    public init(field: String, value: String, expected: String) {
        self.field = field
        self.value = value
        self.expected = expected
    }

    /// An error for a numeric value, formatted without noise (`5`, not `5.0`).
    public init(field: String, value: Double, expected: String) {
        self.init(field: field, value: InputError.format(value), expected: expected)
    }

    /// An error for an integer value.
    public init(field: String, value: Int, expected: String) {
        self.init(field: field, value: String(value), expected: expected)
    }

    public var description: String { "\(field) = \(value) is invalid: expected \(expected)" }

    /// A number as error messages show it: integers without a fraction, `nan`, `inf`.
    public static func format(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x > 0 ? "inf" : "-inf" }
        if x == x.rounded() && abs(x) < 1e15 { return String(Int64(x)) }
        return "\(x)"
    }
}
