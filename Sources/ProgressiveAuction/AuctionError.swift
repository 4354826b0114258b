/// Everything that can be wrong with the input of a progressive second price
/// auction or of the data exchange. Each message names the field, the value
/// and what was expected, on one line.
public enum AuctionError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A named field holds a value outside its allowed range.
    case invalidValue(field: String, value: String, expected: String)
    /// Two participants share an id.
    case duplicateID(field: String, id: String)
    /// A list that must not be empty is empty.
    case empty(field: String, reason: String)

    public var description: String {
        switch self {
        case let .invalidValue(field, value, expected):
            return "\(field) = \(value) is invalid: expected \(expected)"
        case let .duplicateID(field, id):
            return "\(field): duplicate id '\(id)'; every id must be unique"
        case let .empty(field, reason):
            return "\(field) is empty: \(reason)"
        }
    }

    /// Throws unless `value` is finite and `> 0`.
    static func requirePositive(_ value: Double, _ field: String) throws {
        guard value.isFinite, value > 0 else {
            throw AuctionError.invalidValue(field: field, value: "\(value)", expected: "a finite number > 0")
        }
    }

    /// Throws unless `value` is finite and `>= 0`.
    static func requireNonNegative(_ value: Double, _ field: String) throws {
        guard value.isFinite, value >= 0 else {
            throw AuctionError.invalidValue(field: field, value: "\(value)", expected: "a finite number >= 0")
        }
    }

    /// Throws on the first id that occurs twice.
    static func requireUnique(_ ids: [String], _ field: String) throws {
        var seen = Set<String>()
        for (k, id) in ids.enumerated() {
            if id.isEmpty {
                throw AuctionError.invalidValue(field: "\(field)[\(k)].id", value: "\"\"", expected: "a non-empty id")
            }
            if !seen.insert(id).inserted { throw AuctionError.duplicateID(field: "\(field)[\(k)].id", id: id) }
        }
    }
}
