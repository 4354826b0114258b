import Foundation
import HTTPTypes
import Hummingbird
import Logging
import MarketService

/// Turns every error a route or the router throws into the one JSON error body
/// (`{"error": {"code", "message", "field"}}`, ``ServiceError``), so that every 4xx, unknown
/// paths (404) and wrong methods (405) included, has the same shape. Anything that is not a
/// client's error becomes 500 `internal` and is logged with its cause; no input reaches there.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext

    func handle(_ request: Request, context: BasicRequestContext, next: (Request, BasicRequestContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let (failure, headers) = Self.serviceError(for: error, request: request)
            if failure.status >= 500 {
                context.logger.error("request failed", metadata: [
                    "error": "\(failure.cause ?? String(reflecting: error))", "path": "\(request.uri.path)",
                ])
            }
            return Self.response(failure, headers: headers)
        }
    }

    /// The service error of `error` and the headers its response needs.
    static func serviceError(for error: any Error, request: Request) -> (ServiceError, HTTPFields) {
        var headers = HTTPFields()
        let failure: ServiceError
        switch error {
        case let refusal as MethodNotAllowed:
            headers[.allow] = refusal.allowed.map(\.rawValue).joined(separator: ", ")
            failure = .methodNotAllowed(request.method.rawValue, path: request.uri.path)
        case let error as any HTTPResponseError where error.status == .notFound:
            failure = .notFound("path", request.uri.path, field: nil)
        case let error as any HTTPResponseError where error.status == .contentTooLarge:
            failure = .payloadTooLarge(limit: JSONBody.maximumBytes)
        default:
            failure = ServiceError(error)
        }
        if failure.status == 401 { headers[.wwwAuthenticate] = "Bearer" }
        return (failure, headers)
    }

    /// The JSON response of `failure`.
    static func response(_ failure: ServiceError, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "application/json"
        return Response(
            status: .init(code: failure.status), headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: failure.body)))
    }
}

/// A known path asked for with a method it does not take (405, header `Allow`).
struct MethodNotAllowed: Error {
    let allowed: [HTTPRequest.Method]
}
