import Foundation
import HTTPTypes
import Hummingbird
import MarketService
import ServiceLifecycle

/// `GET /v1/events`: the service's events as server-sent events (`id: SEQ`, `event: TYPE`,
/// `data: JSON`), with a `: keep-alive` comment every ``keepAliveInterval``.
///
/// The service gives each subscriber a bounded buffer and ends the stream of one that falls
/// behind; between it and the socket this writer keeps at most ``frameBuffer`` frames, and
/// ends the response when they are full: a slow client is dropped, never buffered without end.
/// The response also ends when the client goes away and at graceful shutdown.
enum EventStream {
    static let keepAliveInterval: Duration = .seconds(15)
    /// As many frames as the service buffers events per subscriber: one command publishes its
    /// events at once (a bilateral close one per trade, hundreds), so a smaller buffer dropped
    /// clients that were only a burst behind (the dashboard then showed "reconnecting").
    static let frameBuffer = MarketService.defaultEventBuffer

    static func response(_ events: AsyncStream<ServiceEvent>, keepAlive: Duration = keepAliveInterval) -> Response {
        let headers: HTTPFields = [.contentType: "text/event-stream", .cacheControl: "no-cache"]
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            // A first comment sends the headers at once, so a client knows it is subscribed.
            try await writer.write(ByteBuffer(string: ": subscribed\n\n"))
            let (frames, sink) = AsyncStream<ByteBuffer>.makeStream(bufferingPolicy: .bufferingOldest(frameBuffer))
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await event in events {
                        if case .dropped = sink.yield(frame(event)) { break }
                    }
                    sink.finish()
                }
                group.addTask {
                    while true {
                        try await Task.sleep(for: keepAlive)
                        if case .dropped = sink.yield(ByteBuffer(string: ": keep-alive\n\n")) { sink.finish() }
                    }
                }
                try await withGracefulShutdownHandler {
                    for await frame in frames { try await writer.write(frame) }
                } onGracefulShutdown: {
                    sink.finish()
                }
                group.cancelAll()
            }
            try await writer.finish(nil)
        })
    }

    /// One event in the text/event-stream format (its data is one line of JSON).
    static func frame(_ event: ServiceEvent) -> ByteBuffer {
        var buffer = ByteBuffer(string: "id: \(event.sequence)\nevent: \(event.type)\ndata: ")
        buffer.writeBytes(event.data)
        buffer.writeString("\n\n")
        return buffer
    }
}
