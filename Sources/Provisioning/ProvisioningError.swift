/// Everything that can go wrong when building or solving a provisioning model.
///
/// Each case names the field, the value given and what was expected, so the
/// command line can print it as one line and the server can map it to a 4xx.
public enum ProvisioningError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A named field holds a value outside its allowed range.
    case invalidValue(field: String, value: String, expected: String)
    /// The model is well formed but the requested computation does not apply to it.
    case unsupported(field: String, reason: String)
    /// A numerical search failed to bracket or converge.
    case noSolution(what: String, reason: String)

    public var description: String {
        switch self {
        case let .invalidValue(field, value, expected):
            return "\(field) = \(value) is invalid: expected \(expected)"
        case let .unsupported(field, reason):
            return "\(field): \(reason)"
        case let .noSolution(what, reason):
            return "no solution for \(what): \(reason)"
        }
    }
}

/// Formats a number for an error message without noise.
func describe(_ x: Double) -> String {
    if x.isNaN { return "nan" }
    if x == x.rounded() && abs(x) < 1e15 { return String(Int64(x)) }
    return "\(x)"
}
