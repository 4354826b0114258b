import Foundation
import Ledger
import LiveMarkets
import SurplusCore

/// A refused request, as every front end reports it: an HTTP status, a stable code, one line
/// naming the field, and the field (nil when the error is about no field). The JSON body is
/// `{"error": {"code": ..., "message": ..., "field": ...}}` (SERVER-CONTRACT.md, "Errors").
public struct ServiceError: Error, Hashable, Sendable, CustomStringConvertible {
    public let status: Int
    public let code: String
    /// One line (line breaks are replaced by spaces).
    public let message: String
    public let field: String?
    /// For a 500: what failed, for the front end's log (never in the body; not part of equality).
    public private(set) var cause: String?

    public init(status: Int, code: String, message: String, field: String?) {
        self.status = status
        self.code = code
        self.message = message.split(whereSeparator: \.isNewline).joined(separator: " ")
        self.field = field
    }

    public var description: String { message }

    /// The error's JSON body.
    public var body: Data { ServiceJSON.encode(ErrorBody(error: .init(code: code, message: message, field: field))) }

    // MARK: The contract's errors

    /// 400: the body is not JSON, or not the JSON the route takes (`field` names the path).
    public static func malformedJSON(_ message: String, field: String? = nil) -> ServiceError {
        ServiceError(status: 400, code: "malformedJSON", message: message, field: field)
    }

    /// 400: a creating request without its `Idempotency-Key` header.
    public static let idempotencyKeyRequired = ServiceError(
        status: 400, code: "idempotencyKeyRequired",
        message: "Idempotency-Key is missing: expected 1 to 128 printable ASCII characters on every creating request",
        field: "Idempotency-Key")

    /// 401: no key, or a key that is not the admin's or a participant's.
    public static let unauthorized = ServiceError(
        status: 401, code: "unauthorized", message: "Authorization is invalid: expected 'Bearer KEY' with a valid API key",
        field: "Authorization")

    /// 403: the caller may not touch this resource.
    public static func forbidden(_ message: String, field: String? = nil) -> ServiceError {
        ServiceError(status: 403, code: "forbidden", message: message, field: field)
    }

    /// 404: no such resource.
    public static func notFound(_ what: String, _ id: String, field: String? = nil) -> ServiceError {
        ServiceError(status: 404, code: "notFound", message: "\(what) '\(id.prefix(80))' does not exist", field: field)
    }

    /// 405: the path exists, the method does not.
    public static func methodNotAllowed(_ method: String, path: String) -> ServiceError {
        ServiceError(status: 405, code: "methodNotAllowed", message: "\(method) is not allowed on \(path)", field: nil)
    }

    /// 409: the request conflicts with the state (e.g. an open order exists, code `orderExists`).
    public static func conflict(_ message: String, code: String = "conflict", field: String? = nil) -> ServiceError {
        ServiceError(status: 409, code: code, message: message, field: field)
    }

    /// 413: a body over `limit` bytes.
    public static func payloadTooLarge(limit: Int) -> ServiceError {
        ServiceError(status: 413, code: "payloadTooLarge", message: "body is too large: expected at most \(limit) bytes", field: nil)
    }

    /// 415: a body that is not `application/json`.
    public static let unsupportedMediaType = ServiceError(
        status: 415, code: "unsupportedMediaType", message: "Content-Type is invalid: expected application/json",
        field: "Content-Type")

    /// 422: a field with an invalid value.
    public static func invalidField(_ error: InputError) -> ServiceError {
        ServiceError(status: 422, code: "invalidField", message: error.description, field: error.field)
    }

    /// 422: the same `Idempotency-Key` was used for another request.
    public static func idempotencyKeyReused(_ key: String) -> ServiceError {
        ServiceError(status: 422, code: "idempotencyKeyReused",
                     message: "Idempotency-Key = '\(key.prefix(40))' is invalid: expected a new key (it was used for a different request)",
                     field: "Idempotency-Key")
    }

    /// 500: an internal failure (the front end logs it; the message says nothing of the cause).
    public static let `internal` = ServiceError(status: 500, code: "internal", message: "internal error", field: nil)

    // MARK: Mapping the modules' errors

    /// The service error for any error a module or a store throws: `InputError` -> 422
    /// `invalidField`; `LedgerError` -> 422 (`insufficientFunds`, ...) or 404 for an unknown
    /// account; `LiveMarketError` -> 404, 403, 409 or 422; a decoding failure -> 400; anything
    /// else -> 500 `internal`.
    public init(_ error: any Error) {
        switch error {
        case let error as ServiceError: self = error
        case let error as InputError: self = .invalidField(error)
        case let error as StrictJSON.DecodingFailure:
            self = error.field.isEmpty ? .malformedJSON(error.message) : .malformedJSON(error.description, field: error.field)
        case let error as LedgerError: self = ServiceError(ledger: error)
        case let error as LiveMarketError: self = ServiceError(market: error)
        case let error as StorageConflict: self = .conflict("\(error.description): retry the request", field: nil)
        default:
            self = .internal
            cause = String(reflecting: error)
        }
    }

    public static func == (a: ServiceError, b: ServiceError) -> Bool {
        (a.status, a.code, a.message, a.field) == (b.status, b.code, b.message, b.field)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(status); hasher.combine(code); hasher.combine(message); hasher.combine(field)
    }

    private init(ledger error: LedgerError) {
        switch error {
        case let .unknownAccount(id): self = .notFound("account", id.rawValue, field: "participant")
        case .insufficientFunds:
            self.init(status: 422, code: "insufficientFunds", message: error.description, field: "amount")
        default: self.init(status: 422, code: error.code, message: error.description, field: nil)
        }
    }

    private init(market error: LiveMarketError) {
        switch error {
        case let .unknownOrder(order): self.init(status: 404, code: "notFound", message: "order \(order) is not an open order of this market", field: "order")
        case .notOwner: self.init(status: 403, code: "forbidden", message: error.description, field: error.field)
        case .orderExists: self.init(status: 409, code: "orderExists", message: error.description, field: error.field)
        case .commandIDReused, .missingBudget: self.init(status: 422, code: error.code, message: error.description, field: error.field)
        }
    }
}

/// The JSON error body.
struct ErrorBody: Codable {
    struct Detail: Codable {
        var code: String
        var message: String
        var field: String?

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(code, forKey: .code)
            try container.encode(message, forKey: .message)
            try container.encode(field, forKey: .field)  // null when about no field
        }
    }
    var error: Detail
}
