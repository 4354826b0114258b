import Logging
import MarketAgents
import MarketService
import Server
import ServiceLifecycle
import SurplusCore

/// `surplus serve --demo [--demo-periods N]`: the demo markets (``Demo``) driven in-process,
/// beside the server in its service group. With `--demo-periods` the driver stops after N
/// bilateral periods (and Example 1's one session) and the server then shuts down, so a
/// script can run the demo to its end; without it the demo runs until the server stops.
struct DemoDriver: Service {
    let service: MarketService
    let adminKey: String
    let periods: Int?
    let logger: Logger

    /// The factory `SurplusServer.serve` calls with its service.
    static func factory(adminKey: String, periods: Int?) throws -> SurplusServer.DemoFactory {
        if let periods { try Validate.count(periods, 1...BilateralAgentSettings.maximumPeriods, "--demo-periods") }
        return { service, logger in DemoDriver(service: service, adminKey: adminKey, periods: periods, logger: logger) }
    }

    func run() async throws {
        let client = ContractClient(transport: InProcessTransport(service: service), adminKey: adminKey)
        let demo = try Demo(client: client, periods: periods)
        let markets = try await demo.createMarkets()
        Terminal.standardError(
            "surplus: demo: bilateral market \(markets.bilateral) (paper 000, Sec. V-B, \(Demo.agents) agents) and exchange "
                + "\(markets.exchange) (Example 1); open the dashboard at the address above (admin key \(adminKey))")
        try await cancelWhenGracefulShutdown {
            try await demo.drive(markets, options: .serial)
        }
        if let periods { Terminal.standardError("surplus: demo finished after \(periods) periods; stopping") }
    }
}
