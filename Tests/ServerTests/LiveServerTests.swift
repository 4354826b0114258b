#if canImport(Glibc)
import Foundation
import Glibc
import Testing

/// `surplus serve` as a separate process on a free loopback port with a SQLite file: the
/// `listening on` line, the event stream of a round close, graceful shutdown on SIGTERM, and
/// the markets resuming after SIGKILL.
@Suite("surplus serve, live", .serialized)
struct LiveServerTests {
    static let adminKey = "live-test-admin"

    @Test("events of a round close reach a subscriber; SIGTERM ends the stream and the process")
    func eventStream() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("surplus-live-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("live.sqlite").path

        let server = try LiveServer(database: database)
        defer { server.kill() }
        let market = try #require(server.request("POST", "/v1/markets", key: Self.adminKey, body: #"{"kind": "exchange", "name": "live", "parameters": {"epsilon": 0.01}}"#).json["id"] as? String)
        let seller = try server.request("POST", "/v1/participants", key: Self.adminKey, body: #"{"name": "seller"}"#)
        let sellerKey = try #require(seller.json["apiKey"] as? String, "\(seller.text)")

        let events = try HTTPConnection(port: server.port)
        try events.send("GET /v1/events?market=\(market) HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
        let head = try events.readUntil(": subscribed\n\n", seconds: 10)
        #expect(head.hasPrefix("HTTP/1.1 200") && head.lowercased().contains("content-type: text/event-stream"), "\(head)")

        let offer = try server.request("POST", "/v1/markets/\(market)/offers", key: sellerKey, body: #"{"quantity": 5}"#)
        #expect(offer.status == 201, "\(offer.text)")
        let close = try server.request("POST", "/v1/markets/\(market)/rounds/close", key: Self.adminKey, body: nil)
        #expect(close.status == 200, "\(close.text)")

        let stream = try events.readUntil("event: roundClosed\n", seconds: 10)
        #expect(stream.contains("event: orderAccepted\n"), "\(stream)")
        let data = try events.readUntil("\n\n", seconds: 5)
        #expect(data.contains(#""market":"\#(market)""#) && data.contains(#""type":"roundClosed""#) && data.contains("inputHash"), "\(data)")
        #expect(stream.contains("id: "), "every event has an id: \(stream)")

        // Graceful shutdown: the stream ends, the process exits 0.
        server.signal(SIGTERM)
        _ = try events.readToEnd(seconds: 15)
        #expect(try server.waitForExit(seconds: 15) == 0)

        // The market resumes from the database after a restart, and again after SIGKILL.
        for round in 1...2 {
            let again = try LiveServer(database: database)
            let resumed = try again.request("GET", "/v1/markets/\(market)", key: nil, body: nil)
            #expect(resumed.json["roundsClosed"] as? Int == round, "\(resumed.text)")
            _ = try again.request("POST", "/v1/markets/\(market)/rounds/close", key: Self.adminKey, body: nil)
            again.signal(SIGKILL)
            _ = try again.waitForExit(seconds: 10)
        }
    }
}

/// One `surplus serve` process started on port 0; `port` is read from its `listening on` line.
final class LiveServer: @unchecked Sendable {
    let process = Process()
    private(set) var port = 0
    private var requests = 0

    init(database: String) throws {
        process.executableURL = try Self.executable()
        process.arguments = ["serve", "--port", "0", "--database", database, "--admin-key", LiveServerTests.adminKey, "--log-level", "warning"]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        var text = ""
        while Date() < deadline {
            let chunk = errors.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()  // complete lines only
            if let line = lines.first(where: { $0.hasPrefix("surplus: listening on http://127.0.0.1:") }),
                let port = Int(line.split(separator: ":").last ?? "")
            {
                self.port = port
                break
            }
        }
        guard port > 0 else { kill(); throw LiveError("no 'listening on' line: \(text)") }
        // Keep reading its stderr so that the process never blocks on a full pipe.
        let reader = errors.fileHandleForReading
        Thread.detachNewThread { while !reader.availableData.isEmpty {} }
    }

    /// The `surplus` executable the build put beside this test bundle.
    static func executable() throws -> URL {
        let folders = [Bundle.main.bundleURL, URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()]
        for folder in folders {
            for candidate in [folder, folder.deletingLastPathComponent()] {
                let url = candidate.appendingPathComponent("surplus")
                if FileManager.default.isExecutableFile(atPath: url.path) { return url }
            }
        }
        throw LiveError("no surplus executable beside the test bundle (\(folders.map(\.path)))")
    }

    /// One request on its own connection (`Connection: close`), with an Idempotency-Key when it has a body or is a POST.
    func request(_ method: String, _ path: String, key: String?, body: String?) throws -> HTTPConnection.Reply {
        requests += 1
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        if let key { head += "Authorization: Bearer \(key)\r\n" }
        if method != "GET" { head += "Idempotency-Key: live-\(UUID().uuidString)\r\n" }
        let bytes = Array((body ?? "").utf8)
        if body != nil { head += "Content-Type: application/json\r\n" }
        head += "Content-Length: \(bytes.count)\r\n\r\n"
        let connection = try HTTPConnection(port: port)
        try connection.send(head + (body ?? ""))
        return try HTTPConnection.Reply(try connection.readToEnd(seconds: 20))
    }

    func signal(_ signal: Int32) { if process.isRunning { Glibc.kill(process.processIdentifier, signal) } }
    func kill() { signal(SIGKILL) }

    func waitForExit(seconds: Double) throws -> Int32 {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning {
            guard Date() < deadline else { throw LiveError("surplus serve did not exit within \(seconds) s") }
            usleep(20_000)
        }
        return process.terminationStatus
    }
}

/// A plain HTTP/1.1 client over a loopback TCP socket: enough to read a streamed response as
/// it arrives, which is what an event-stream subscriber does.
final class HTTPConnection {
    private let socket: Int32
    private var buffer: [UInt8] = []

    struct Reply {
        let status: Int
        let text: String
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:] }

        init(_ raw: String) throws {
            guard let split = raw.range(of: "\r\n\r\n") else { throw LiveError("no HTTP head: \(raw)") }
            status = Int(raw.split(separator: " ").dropFirst().first ?? "") ?? 0
            text = String(raw[split.upperBound...])
        }
    }

    init(port: Int) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { close(socket); throw LiveError("cannot connect to port \(port)") }
    }

    deinit { close(socket) }

    func send(_ text: String) throws {
        let bytes = Array(text.utf8)
        guard bytes.withUnsafeBytes({ write(socket, $0.baseAddress, $0.count) }) == bytes.count else { throw LiveError("short write") }
    }

    /// Reads until `marker` has arrived; returns everything up to and including it.
    func readUntil(_ marker: String, seconds: Double) throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        let pattern = Array(marker.utf8)
        while true {
            if let end = find(pattern) {
                let text = String(decoding: buffer[..<end], as: UTF8.self)
                buffer.removeFirst(end)
                return text
            }
            guard try fill(until: deadline) else { throw LiveError("connection closed before '\(marker)': \(String(decoding: buffer, as: UTF8.self))") }
        }
    }

    /// Reads until the server closes the connection.
    func readToEnd(seconds: Double) throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        while try fill(until: deadline) {}
        defer { buffer = [] }
        return String(decoding: buffer, as: UTF8.self)
    }

    private func find(_ pattern: [UInt8]) -> Int? {
        guard buffer.count >= pattern.count else { return nil }
        for start in 0...(buffer.count - pattern.count) where buffer[start..<(start + pattern.count)].elementsEqual(pattern) {
            return start + pattern.count
        }
        return nil
    }

    /// Reads what arrives; false at the end of the stream.
    private func fill(until deadline: Date) throws -> Bool {
        var poller = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        let wait = Int32(max(0, deadline.timeIntervalSinceNow) * 1000)
        guard poll(&poller, 1, wait) > 0 else { throw LiveError("timed out; read so far: \(String(decoding: buffer, as: UTF8.self))") }
        var chunk = [UInt8](repeating: 0, count: 4096)
        let count = chunk.withUnsafeMutableBytes { read(socket, $0.baseAddress, $0.count) }
        guard count > 0 else { return false }
        buffer += chunk[..<count]
        return true
    }
}

struct LiveError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
#endif
