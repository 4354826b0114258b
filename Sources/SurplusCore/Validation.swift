/// The checks every module's throwing initializers share. Each throws an
/// ``InputError`` naming the field, the value and the allowed range, and returns
/// the value so a check can stand inside an assignment: `self.price = try Validate.positive(price, "price")`.
public enum Validate {
    /// The largest magnitude of a quantity, price, cost or value a user may give: 1e12.
    /// Results multiply and sum a few such inputs over at most 1e8 agents, so inputs of
    /// this size keep every result finite (a 1e308 quantity gives `inf` welfare).
    public static let largestMagnitude = 1e12

    /// A number in (0, 1e12].
    @discardableResult
    public static func positive(_ value: Double, _ field: String) throws -> Double {
        guard value.isFinite, value > 0 else { throw InputError(field: field, value: value, expected: "a finite number > 0") }
        return try bounded(value, field)
    }

    /// A number in [0, 1e12].
    @discardableResult
    public static func nonNegative(_ value: Double, _ field: String) throws -> Double {
        guard value.isFinite, value >= 0 else { throw InputError(field: field, value: value, expected: "a finite number >= 0") }
        return try bounded(value, field)
    }

    /// A finite number of magnitude at most ``largestMagnitude``.
    @discardableResult
    public static func bounded(_ value: Double, _ field: String) throws -> Double {
        guard value.isFinite, abs(value) <= largestMagnitude else {
            throw InputError(
                field: field, value: value,
                expected: "a finite number of magnitude at most 1e12 (larger inputs overflow the results)")
        }
        return value
    }

    /// A probability in [0, 1].
    @discardableResult
    public static func probability(_ value: Double, _ field: String) throws -> Double {
        guard value >= 0, value <= 1 else { throw InputError(field: field, value: value, expected: "a probability in [0, 1]") }
        return value
    }

    /// A finite number in `range` (closed).
    @discardableResult
    public static func inRange(_ value: Double, _ range: ClosedRange<Double>, _ field: String) throws -> Double {
        guard value.isFinite, range.contains(value) else {
            throw InputError(
                field: field, value: value,
                expected: "a number in [\(InputError.format(range.lowerBound)), \(InputError.format(range.upperBound))]")
        }
        return value
    }

    /// An integer in `range` (closed): counts, sizes, iterations, always bounded so that
    /// no input can ask for unbounded memory or time.
    @discardableResult
    public static func count(_ value: Int, _ range: ClosedRange<Int>, _ field: String) throws -> Int {
        guard range.contains(value) else {
            let expected = range.upperBound == .max
                ? "at least \(range.lowerBound)" : "an integer in \(range.lowerBound)...\(range.upperBound)"
            throw InputError(field: field, value: value, expected: expected)
        }
        return value
    }

    /// Non-empty ids, none repeated; `field` names the list (`buyers` gives `buyers[3].id`).
    public static func uniqueIDs(_ ids: [String], _ field: String) throws {
        var seen = Set<String>()
        for (k, id) in ids.enumerated() {
            guard !id.isEmpty else { throw InputError(field: "\(field)[\(k)].id", value: "\"\"", expected: "a non-empty id") }
            guard seen.insert(id).inserted else {
                throw InputError(field: "\(field)[\(k)].id", value: "'\(id)'", expected: "an id not used by an earlier entry")
            }
        }
    }
}
