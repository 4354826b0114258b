import Foundation
import Ledger
import Logging
import MarketService
import Metrics
import Prometheus
import ServiceLifecycle

/// The server's Prometheus metrics (`GET /metrics`), through swift-metrics:
/// - requests by route, method and status (`hb_requests_total`) and their latency
///   (`http_server_request_duration_seconds`, a histogram), from Hummingbird's `MetricsMiddleware`;
/// - `surplus_rounds_closed_total` and `surplus_trades_total` by market, counted from the
///   service's events (``MarketEventCounter``);
/// - the ledger's totals as gauges in tokens (`surplus_ledger_*`), read at each scrape.
enum ServerMetrics {
    /// The process's registry; its first use bootstraps swift-metrics with it (once per process,
    /// as swift-metrics allows).
    static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()

    /// Makes sure swift-metrics reports to ``registry`` before any metric is created.
    static func bootstrap() { _ = registry }

    /// The metrics in the Prometheus text format, with the ledger's totals read now.
    static func exposition(service: MarketService) async -> String {
        if let totals = try? await service.ledgerTotals(by: .admin) {
            let values: [(String, Amount)] = [
                ("deposited", totals.deposited), ("withdrawn", totals.withdrawn),
                ("participant_balances", totals.participantBalances), ("system_balances", totals.systemBalances),
                ("total_debits", totals.totalDebits), ("total_credits", totals.totalCredits),
            ]
            for (name, amount) in values {
                Gauge(label: "surplus_ledger_\(name)_tokens").record(Double(amount.microUnits) / Double(Amount.microUnitsPerToken))
            }
            Gauge(label: "surplus_ledger_balanced").record(totals.balanced ? 1 : 0)
        }
        return registry.emitToString()
    }
}

/// Counts closed rounds and trades from the service's event stream while the server runs
/// (subscribing again if the service ever drops it), until graceful shutdown.
struct MarketEventCounter: Service {
    let service: MarketService
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                guard let events = try? await service.events(types: ["roundClosed", "trade"]) else { return }
                for await event in events {
                    switch event.type {
                    case "roundClosed": Counter(label: "surplus_rounds_closed_total", dimensions: [("market", event.market.rawValue)]).increment()
                    case "trade": Counter(label: "surplus_trades_total", dimensions: [("market", event.market.rawValue)]).increment()
                    default: break
                    }
                }
            }
        }
    }
}
