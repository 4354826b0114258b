import Foundation
import HTTPTypes
import Hummingbird
import MarketService

extension Response {
    /// A JSON response with `value` encoded as the service encodes every body.
    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        json(ServiceJSON.encode(value), status: status)
    }

    /// The response a creating operation answered, `Idempotent-Replayed: true` on a replay.
    static func json(_ answer: ServiceResponse) -> Response {
        var response = json(answer.body, status: .init(code: answer.status))
        if answer.replayed { response.headers[.idempotentReplayed] = "true" }
        return response
    }

    static func json(_ body: Data, status: HTTPResponse.Status) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}
