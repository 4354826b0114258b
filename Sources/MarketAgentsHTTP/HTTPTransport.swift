import AsyncHTTPClient
import Foundation
import MarketAgents
import NIOCore

/// ``MarketTransport`` over HTTP/1.1 with AsyncHTTPClient (SwiftNIO).
///
/// Not Foundation's `URLSession`: on Linux it tears down libcurl's dispatch sources with a race
/// that can kill the process after a refused connection (swiftlang/swift-corelibs-foundation#4791),
/// exactly the path an agent run takes when the server restarts. AsyncHTTPClient is already in the
/// package (Hummingbird's test client uses it), so this costs no new build.
///
/// Copies share one connection pool, shut down when the last copy goes away.
public struct HTTPTransport: MarketTransport {
    public let server: URL
    private let pool: Pool

    /// The largest response body read (a response beyond it is a ``ConnectionFailure``).
    public static let largestResponse = 64 << 20

    /// - Parameters:
    ///   - server: the server's base address, e.g. `http://127.0.0.1:8080`.
    ///   - connections: the most connections to keep open to it.
    public init(server: URL, connections: Int = 32) {
        self.server = server
        var configuration = HTTPClient.Configuration(
            timeout: .init(connect: .seconds(10), read: .seconds(60)),
            connectionPool: .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: max(1, connections)))
        configuration.httpVersion = .http1Only
        // A refused connection fails its request at once: ContractClient decides on retries.
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.redirectConfiguration = .disallow
        pool = Pool(HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration))
    }

    public func send(_ request: ContractRequest) async throws -> ContractResponse {
        guard let url = URL(string: request.path, relativeTo: server) else {
            return ContractResponse(status: 400, body: Data(#"{"error":{"code":"badURL","message":"cannot form a URL","field":null}}"#.utf8))
        }
        var http = HTTPClientRequest(url: url.absoluteString)
        http.method = .init(rawValue: request.method)
        http.headers.add(name: "Authorization", value: request.authorization)
        if let key = request.idempotencyKey { http.headers.add(name: "Idempotency-Key", value: key) }
        if let body = request.body {
            http.body = .bytes(ByteBuffer(bytes: body))
            http.headers.add(name: "Content-Type", value: "application/json")
        }
        do {
            let response = try await pool.client.execute(http, timeout: .seconds(60))
            let body = try await response.body.collect(upTo: Self.largestResponse)
            return ContractResponse(status: Int(response.status.code), body: Data(body.readableBytesView))
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw ConnectionFailure("\(request.method) \(url.absoluteString): \(Self.reason(error))")
        }
    }

    /// A failure in words: the system's for a socket error ("connection failed: Connection refused").
    private static func reason(_ error: any Error) -> String {
        guard let io = error as? IOError else { return String(describing: error) }
        return "connection failed: \(String(cString: strerror(io.errnoCode)))"
    }

    /// Owns the client: AsyncHTTPClient requires a shutdown before it goes away.
    private final class Pool: Sendable {
        let client: HTTPClient
        init(_ client: HTTPClient) { self.client = client }
        deinit { client.shutdown { _ in } }
    }
}
