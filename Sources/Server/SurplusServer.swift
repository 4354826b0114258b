import Foundation
import Hummingbird
import Logging
import MarketService
import ServiceLifecycle

/// The live market server (`surplus serve`): a Hummingbird application in front of one
/// ``MarketService``. DESIGN.md, "The live market server"; the routes are openapi.yaml's.
public enum SurplusServer {
    /// `surplus serve --demo`: makes the service that creates the demo markets and participants
    /// and drives them while the server runs (it runs beside the server in its service group).
    public typealias DemoFactory = @Sendable (MarketService, Logger) -> any Service

    /// The router of every route, behind the metrics, request log and error middleware.
    public static func router(service: MarketService) throws -> Router<BasicRequestContext> {
        ServerMetrics.bootstrap()
        let router = Router(context: BasicRequestContext.self, options: [.autoGenerateHeadEndpoints])
        router.addMiddleware {
            MetricsMiddleware()
            LogRequestsMiddleware(.info)
            ErrorMiddleware()
        }
        var routes = RouteTable(router: router)
        StaticRoutes(service: service, files: try BundledFiles.load()).add(to: &routes)
        APIRoutes(service: service).add(to: &routes)
        routes.refuseOtherMethods()
        return router
    }

    /// The application: the router on `host:port`, with the event counter, the round clock
    /// when `roundInterval` > 0 and `extraServices` beside it. `onListening` is called with the
    /// bound port once the server accepts connections (the real one when `port` is 0).
    public static func application(
        service: MarketService, host: String, port: Int, roundInterval: Double = 0, extraServices: [any Service] = [],
        logger: Logger, onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) throws -> some ApplicationProtocol {
        var services: [any Service] = [MarketEventCounter(service: service, logger: logger)]
        if roundInterval > 0 {
            services.append(RoundClock(service: service, interval: roundInterval, logger: logger))
        }
        return Application(
            router: try router(service: service),
            configuration: .init(address: .hostname(host, port: port), serverName: "surplus"),
            services: services + extraServices,
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? port) },
            logger: logger)
    }
}

extension SurplusServer {
    /// Runs the server until SIGINT or SIGTERM: opens the database, resumes the markets from it,
    /// serves, and at the signal shuts down gracefully (in-flight requests finish, the event
    /// streams end, the database closes). `onListening` gets `http://HOST:PORT` once the server
    /// accepts connections.
    public static func serve(
        _ settings: ServerSettings, logger: Logger, demo: DemoFactory? = nil,
        onListening: @escaping @Sendable (String) -> Void
    ) async throws {
        let storage = try await ServerStorage.open(settings.database, logger: logger)
        let service = try await MarketService(storage: storage, adminKey: settings.adminKey)
        let host = settings.host.contains(":") ? "[\(settings.host)]" : settings.host
        let app = try application(
            service: service, host: settings.host, port: settings.port, roundInterval: settings.roundInterval, logger: logger
        ) { port in onListening("http://\(host):\(port)") }
        // The demo's driver beside the server: when it ends (`--demo-periods`), the whole group
        // shuts down gracefully, as at SIGTERM.
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [.init(service: app)]
        if let demo { services.append(.init(service: demo(service, logger), successTerminationBehavior: .gracefullyShutdownGroup)) }
        let group = ServiceGroup(configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do { try await group.run() } catch {
            await ServerStorage.close(storage)
            throw error
        }
        await service.finishEvents()
        await ServerStorage.close(storage)
    }
}
