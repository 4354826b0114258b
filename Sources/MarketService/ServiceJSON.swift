import Foundation
import SurplusCore

/// How the service reads request bodies and writes response bodies.
public enum ServiceJSON {
    /// The JSON of a response or an event: one line, keys sorted (the same value gives the same
    /// bytes), slashes unescaped, non-finite numbers as `StrictJSON` writes them.
    public static func encode(_ value: some Encodable) -> Data {
        (try? encoder.encode(value)) ?? Data(#"{"error":{"code":"internal","message":"internal error","field":null}}"#.utf8)
    }

    /// One encoder for every response, command and event (Foundation's `JSONEncoder` is
    /// `Sendable`, and encoding with options that never change is safe from any thread); making
    /// one per value cost an allocation and its options on every request.
    private static let encoder: JSONEncoder = {
        let encoder = StrictJSON.encoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// Decodes a request body, refusing unknown fields (`StrictJSON`).
    /// - Throws: ``ServiceError`` 400 `malformedJSON` naming the field, or 422 `invalidField`
    ///   when a value is refused by its type's validation (an `InputError`).
    public static func decode<T: Codable>(_ type: T.Type, from body: Data) throws(ServiceError) -> T {
        let bytes = body.isEmpty ? Data("{}".utf8) : body
        do {
            return try StrictJSON.decode(type, from: bytes)
        } catch let failure as StrictJSON.DecodingFailure where failure.field.isEmpty {
            // A value's own check (an `InputError`, e.g. an amount with 7 decimals) reaches
            // StrictJSON as a message only: decode once more to report it with its field.
            do { _ = try JSONDecoder().decode(type, from: bytes) } catch let error as InputError { throw .invalidField(error) } catch {}
            throw ServiceError(failure)
        } catch {
            throw ServiceError(error)
        }
    }
}
