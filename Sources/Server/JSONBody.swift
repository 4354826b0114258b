import Foundation
import HTTPTypes
import Hummingbird
import MarketService

/// The body of a request the service reads: empty, or at most ``maximumBytes`` of
/// `application/json` (SERVER-CONTRACT.md: 413 over 64 KiB, 415 for another media type).
enum JSONBody {
    /// 64 KiB.
    static let maximumBytes = 64 * 1024

    /// The bytes of `request`'s body.
    /// - Throws: 413 over the limit (NIO's too-many-bytes error, which ``ErrorMiddleware`` maps),
    ///   ``ServiceError`` 415 for a body that is not JSON.
    static func read(_ request: Request) async throws -> Data {
        let buffer = try await request.body.collect(upTo: maximumBytes)
        guard buffer.readableBytes > 0 else { return Data() }
        guard isJSON(request.headers[.contentType]) else { throw ServiceError.unsupportedMediaType }
        return Data(buffer.readableBytesView)
    }

    /// `application/json`, with or without parameters such as `charset=utf-8`.
    static func isJSON(_ contentType: String?) -> Bool {
        guard let contentType, let mediaType = MediaType(from: contentType) else { return false }
        return mediaType.type == .application && mediaType.subType.lowercased() == "json"
    }
}

extension HTTPField.Name {
    static let idempotencyKey = Self("Idempotency-Key")!
    static let idempotentReplayed = Self("Idempotent-Replayed")!
}

extension Request {
    /// The `Idempotency-Key` header (the service checks it).
    var idempotencyKey: String? { headers[.idempotencyKey] }

    /// A query parameter, nil when absent.
    func query(_ name: String) -> String? { uri.queryParameters[name[...]].map(String.init) }
}
