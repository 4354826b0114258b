import Foundation

/// A command's JSON result, read just enough to pick recorded fields by name.
indirect enum JSONValue: Decodable {
    case scalar(ParameterValue)
    case array([JSONValue])
    case object([String: JSONValue])
    case null

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let object = try? container.decode([String: JSONValue].self) {
            self = .object(object)
        } else if let array = try? container.decode([JSONValue].self) {
            self = .array(array)
        } else {
            self = .scalar(try container.decode(ParameterValue.self))
        }
    }

    /// The value at a dotted path (`types.0.tradeRatio`: a field, an array index, a field).
    func value(at path: String) -> JSONValue? {
        var current = self
        for part in path.split(separator: ".") {
            switch current {
            case let .object(fields):
                guard let next = fields[String(part)] else { return nil }
                current = next
            case let .array(items):
                guard let i = Int(part), items.indices.contains(i) else { return nil }
                current = items[i]
            default: return nil
            }
        }
        return current
    }

    /// The top-level field names, for messages.
    var fieldNames: [String] {
        if case let .object(fields) = self { return fields.keys.sorted() }
        return []
    }
}

/// Picks the recorded fields out of a command's JSON output.
enum ResultFields {
    /// The values of `record` in `output`, in order; a wall-clock `timing` object or rate
    /// beside them is ignored. A field that is missing or not a scalar is a plan mismatch
    /// (the spec names a field the command does not report).
    static func extract(_ record: [String], from output: Data, command: String) throws -> [ParameterValue] {
        let json: JSONValue
        do {
            json = try JSONDecoder().decode(JSONValue.self, from: output)
        } catch {
            throw SweepError.runtime("\(command) printed no JSON result")
        }
        return try record.map { field in
            switch json.value(at: field) {
            case let .scalar(value)?: return value
            case .null?: return .text("")
            case nil:
                let known = json.fieldNames.filter { !WallClock.isWallClock($0) }.joined(separator: ", ")
                throw SweepError.planMismatch("record field '\(field)' is not in the JSON of \(command) (fields: \(known))")
            default:
                throw SweepError.planMismatch("record field '\(field)' of \(command) is a list or an object: name one of its numbers")
            }
        }
    }
}
