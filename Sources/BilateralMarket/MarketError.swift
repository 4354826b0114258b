/// Errors of the bilateral market: every one names the field, its value and what is allowed.
public enum MarketError: Error, CustomStringConvertible, Equatable, Sendable {
    case outOfRange(field: String, value: Double, allowed: String)
    case invalid(field: String, reason: String)

    public var description: String {
        switch self {
        case let .outOfRange(field, value, allowed):
            return "\(field) = \(formatted(value)) is out of range: \(allowed)"
        case let .invalid(field, reason):
            return "\(field): \(reason)"
        }
    }

    private func formatted(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : "\(x)"
    }
}
