import Foundation

/// JSON decoding that rejects unknown fields and reports errors as one line
/// naming the field, e.g. `buyers[2].demand: expected a number`.
///
/// Unknown fields are found by decoding the value, encoding it again, and
/// looking for keys of the input that the encoded value does not have: a key
/// the type does not read cannot survive the round trip. This works for every
/// `Codable` type whose encoding writes back what it decoded.
public enum StrictJSON {
    /// The encoder of every JSON Surplus writes: pretty, key-sorted, slashes
    /// unescaped, and non-finite numbers as the strings "inf", "-inf", "nan"
    /// (plain JSON has no such numbers; a result may hold one).
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return encoder
    }

    /// A scenario file or body that cannot be used.
    public struct DecodingFailure: Error, CustomStringConvertible, Equatable, Sendable {
        /// Dotted path of the offending field ("" for the whole document).
        public let field: String
        public let message: String
        public var description: String { field.isEmpty ? message : "\(field): \(message)" }
    }

    public static func decode<T: Codable>(_ type: T.Type, from data: Data) throws -> T {
        let input: Any
        do {
            input = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            throw DecodingFailure(field: "", message: "malformed JSON (\(shortReason(error)))")
        }
        let value: T
        do {
            value = try JSONDecoder().decode(T.self, from: data)
        } catch let error as DecodingError {
            throw describe(error)
        } catch let error as CustomStringConvertible & Error {
            throw DecodingFailure(field: "", message: error.description)
        }
        if let reencoded = try? JSONSerialization.jsonObject(with: encoder().encode(value), options: [.fragmentsAllowed]),
            let unknown = firstUnknownKey(input: input, known: reencoded, path: "")
        {
            // A field set to null decodes as absent, so it is missing from the re-encoding too.
            throw DecodingFailure(
                field: unknown.path,
                message: unknown.isNull ? "null is not a value here; leave the field out to take its default" : "unknown field")
        }
        return value
    }

    static func firstUnknownKey(input: Any, known: Any, path: String) -> (path: String, isNull: Bool)? {
        if let object = input as? [String: Any] {
            let knownObject = known as? [String: Any] ?? [:]
            for (key, value) in object.sorted(by: { $0.key < $1.key }) {
                let child = path.isEmpty ? key : "\(path).\(key)"
                guard let knownChild = knownObject[key] else { return (child, value is NSNull) }
                if let found = firstUnknownKey(input: value, known: knownChild, path: child) { return found }
            }
        } else if let array = input as? [Any], let knownArray = known as? [Any] {
            for (i, element) in array.enumerated() where i < knownArray.count {
                if let found = firstUnknownKey(input: element, known: knownArray[i], path: "\(path)[\(i)]") {
                    return found
                }
            }
        }
        return nil
    }

    package static func render(_ codingPath: [CodingKey]) -> String {
        var text = ""
        for key in codingPath {
            if let index = key.intValue { text += "[\(index)]" } else { text += text.isEmpty ? key.stringValue : ".\(key.stringValue)" }
        }
        return text
    }

    static func describe(_ error: DecodingError) -> DecodingFailure {
        switch error {
        case let .keyNotFound(key, context):
            return DecodingFailure(field: render(context.codingPath + [key]), message: "missing field")
        case let .typeMismatch(type, context):
            return DecodingFailure(field: render(context.codingPath), message: "expected \(typeName(type))")
        case let .valueNotFound(type, context):
            return DecodingFailure(field: render(context.codingPath), message: "expected \(typeName(type)), found null")
        case let .dataCorrupted(context):
            return DecodingFailure(field: render(context.codingPath), message: context.debugDescription)
        @unknown default:
            return DecodingFailure(field: "", message: "invalid document")
        }
    }

    static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is Double.Type, is Float.Type: return "a number"
        case is Int.Type, is UInt64.Type, is Int64.Type: return "an integer"
        case is String.Type: return "a string"
        case is Bool.Type: return "true or false"
        default:
            let name = "\(type)"
            if name.hasPrefix("Array") { return "a list" }
            if name.hasPrefix("Dictionary") { return "an object" }
            return "a value of type \(name)"
        }
    }

    static func shortReason(_ error: Error) -> String {
        let text = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
        return text.split(separator: "\n").first.map(String.init) ?? text
    }
}
