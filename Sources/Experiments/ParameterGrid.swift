import Foundation
import SurplusCore

/// The values a sweep gives one parameter:
/// a list `[v1, v2, ...]`, a range `{"from": a, "to": b, "step": h}`, or an interval
/// `{"low": a, "high": b}` sampled jointly with the spec's other intervals by a Latin
/// hypercube of `samples` points.
public enum ParameterGrid: Sendable, Hashable, Codable {
    case values([ParameterValue])
    case range(from: Double, to: Double, step: Double)
    case interval(low: Double, high: Double)

    /// The most values one list or range may have.
    public static let maximumValues = 10_000

    private enum Keys: String, CodingKey { case from, to, step, low, high }

    public init(from decoder: Decoder) throws {
        if let list = try? decoder.singleValueContainer().decode([ParameterValue].self) {
            self = .values(list)
            return
        }
        guard let keyed = try? decoder.container(keyedBy: Keys.self) else {
            throw DecodingError.typeMismatch(
                ParameterGrid.self,
                DecodingError.Context(
                    codingPath: decoder.codingPath,
                    debugDescription: "expected a list of values, {from, to, step} or {low, high}"))
        }
        if keyed.contains(.low) || keyed.contains(.high) {
            self = .interval(low: try keyed.decode(Double.self, forKey: .low), high: try keyed.decode(Double.self, forKey: .high))
        } else {
            self = .range(
                from: try keyed.decode(Double.self, forKey: .from), to: try keyed.decode(Double.self, forKey: .to),
                step: try keyed.decode(Double.self, forKey: .step))
        }
    }

    public func encode(to encoder: Encoder) throws {
        switch self {
        case let .values(list):
            var container = encoder.singleValueContainer()
            try container.encode(list)
        case let .range(from, to, step):
            var keyed = encoder.container(keyedBy: Keys.self)
            try keyed.encode(from, forKey: .from)
            try keyed.encode(to, forKey: .to)
            try keyed.encode(step, forKey: .step)
        case let .interval(low, high):
            var keyed = encoder.container(keyedBy: Keys.self)
            try keyed.encode(low, forKey: .low)
            try keyed.encode(high, forKey: .high)
        }
    }

    /// Whether the Latin hypercube draws this parameter.
    var isSampled: Bool {
        if case .interval = self { return true }
        return false
    }

    /// Throws `InputError` (field `parameters.NAME`) for an empty or oversized list, a range
    /// whose bounds or step are not finite, with `from > to` or `step <= 0`, or an empty interval.
    func validate(_ field: String) throws {
        switch self {
        case let .values(list):
            guard !list.isEmpty, list.count <= Self.maximumValues else {
                throw InputError(field: field, value: "\(list.count) values", expected: "1 to 10,000 values")
            }
        case let .range(from, to, step):
            let text = [from, to, step].map(ParameterValue.format).joined(separator: ":")
            guard from.isFinite, to.isFinite, step.isFinite, step > 0, to >= from else {
                throw InputError(field: field, value: text, expected: "{from, to, step} with from <= to and step > 0")
            }
            guard Self.count(from, to, step) <= Double(Self.maximumValues) else {
                throw InputError(field: field, value: text, expected: "at most 10,000 values")
            }
        case let .interval(low, high):
            guard low.isFinite, high.isFinite, low < high else {
                throw InputError(
                    field: field, value: "\(ParameterValue.format(low)):\(ParameterValue.format(high))", expected: "{low, high} with low < high")
            }
        }
    }

    /// The values of a list or range (a range's values are rounded to 12 significant
    /// digits, so `6 + 3 x 0.1` is 6.3 and not 6.300000000000001); empty for an interval.
    var gridValues: [ParameterValue] {
        switch self {
        case let .values(list): return list
        case let .range(from, to, step):
            return (0..<Int(Self.count(from, to, step))).map { i in
                let x = from + Double(i) * step
                return .number(Double(String(format: "%.12g", x)) ?? x)
            }
        case .interval: return []
        }
    }

    /// How many values a range holds, as a `Double` so that no input overflows it.
    private static func count(_ from: Double, _ to: Double, _ step: Double) -> Double {
        ((to - from) / step + 1e-9).rounded(.down) + 1
    }
}
