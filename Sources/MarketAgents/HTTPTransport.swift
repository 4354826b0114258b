import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// ``MarketTransport`` over HTTP with Foundation's `URLSession` (no other dependency).
public struct HTTPTransport: MarketTransport {
    public let server: URL
    private let session: URLSession

    /// - Parameters:
    ///   - server: the server's base address, e.g. `http://127.0.0.1:8080`.
    ///   - connections: the most connections to keep open to it.
    public init(server: URL, connections: Int = 32) {
        self.server = server
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = max(1, connections)
        configuration.timeoutIntervalForRequest = 60
        session = URLSession(configuration: configuration)
    }

    public func send(_ request: ContractRequest) async throws -> ContractResponse {
        guard let url = URL(string: request.path, relativeTo: server) else {
            return ContractResponse(status: 400, body: Data(#"{"error":{"code":"badURL","message":"cannot form a URL","field":null}}"#.utf8))
        }
        var http = URLRequest(url: url)
        http.httpMethod = request.method
        http.setValue(request.authorization, forHTTPHeaderField: "Authorization")
        if let key = request.idempotencyKey { http.setValue(key, forHTTPHeaderField: "Idempotency-Key") }
        if let body = request.body {
            http.httpBody = body
            http.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        do {
            let (data, response) = try await session.data(for: http)
            return ContractResponse(status: (response as? HTTPURLResponse)?.statusCode ?? 0, body: data)
        } catch let error as URLError {
            throw ConnectionFailure("\(request.method) \(url.absoluteString): \(error.localizedDescription)")
        }
    }
}
