/// An enumeration that scenario files name by string (`"model": "bank"`). Decoding a
/// string that is none of its cases fails with a message listing the valid ones
/// (`'credit' is not one of hard, bank, loan`), where Swift's default says only that the
/// value is invalid. Conform with `enum CreditModel: String, NamedChoice`.
public protocol NamedChoice: CaseIterable, RawRepresentable, Codable, Sendable where RawValue == String {}

extension NamedChoice {
    /// The valid spellings, in declaration order, for error messages and help.
    public static var choices: String { allCases.map(\.rawValue).joined(separator: ", ") }

    public init(from decoder: Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        guard let value = Self(rawValue: raw) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "'\(raw)' is not one of \(Self.choices)"))
        }
        self = value
    }
}
