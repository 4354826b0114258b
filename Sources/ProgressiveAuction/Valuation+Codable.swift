/// A valuation as scenario JSON writes it: `{ "kind": "quadratic", "marginalAtZero": 15, "saturation": 80 }`.

extension Valuation: Codable {
    enum CodingKeys: String, CodingKey { case kind, marginalAtZero, saturation, unitValue, cap, weight }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try c.decode(String.self, forKey: .kind)
        switch kind {
        case "quadratic":
            self = .quadratic(
                marginalAtZero: try c.decode(Double.self, forKey: .marginalAtZero),
                saturation: try c.decode(Double.self, forKey: .saturation))
        case "linear":
            self = .linear(unitValue: try c.decode(Double.self, forKey: .unitValue), cap: try c.decode(Double.self, forKey: .cap))
        case "logarithmic":
            self = .logarithmic(weight: try c.decode(Double.self, forKey: .weight))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .kind, in: c, debugDescription: "unknown kind '\(kind)': expected quadratic, linear or logarithmic")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case let .quadratic(m, s):
            try c.encode("quadratic", forKey: .kind)
            try c.encode(m, forKey: .marginalAtZero)
            try c.encode(s, forKey: .saturation)
        case let .linear(u, cap):
            try c.encode("linear", forKey: .kind)
            try c.encode(u, forKey: .unitValue)
            try c.encode(cap, forKey: .cap)
        case let .logarithmic(w):
            try c.encode("logarithmic", forKey: .kind)
            try c.encode(w, forKey: .weight)
        }
    }
}

