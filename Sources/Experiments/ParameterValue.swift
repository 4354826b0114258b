import Foundation

/// One value of a parameter or of a recorded result: a JSON scalar.
public enum ParameterValue: Sendable, Hashable, Codable, CustomStringConvertible {
    case number(Double)
    case text(String)
    case flag(Bool)

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        // Bool first: JSON true/false must not read as 1/0.
        if let flag = try? container.decode(Bool.self) {
            self = .flag(flag)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if let text = try? container.decode(String.self) {
            self = .text(text)
        } else {
            throw DecodingError.typeMismatch(
                ParameterValue.self,
                DecodingError.Context(codingPath: decoder.codingPath, debugDescription: "expected a number, a string or true/false"))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case let .number(x): try container.encode(x)
        case let .text(s): try container.encode(s)
        case let .flag(b): try container.encode(b)
        }
    }

    /// The value as a command-line argument and a CSV cell: whole numbers without a
    /// decimal point (so integer options accept them), others in Swift's shortest
    /// round-trip form, which is the same on every run.
    public var description: String {
        switch self {
        case let .number(x): return ParameterValue.format(x)
        case let .text(s): return s
        case let .flag(b): return b ? "true" : "false"
        }
    }

    /// The number, if this is one.
    public var number: Double? {
        if case let .number(x) = self { return x }
        return nil
    }

    static func format(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x > 0 ? "inf" : "-inf" }
        if x == x.rounded() && abs(x) < 1e15 { return String(Int64(x)) }
        return "\(x)"
    }
}
