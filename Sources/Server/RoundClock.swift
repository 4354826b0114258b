import Logging
import MarketService
import ServiceLifecycle

/// The round clock (`--round-interval`): every `interval` it asks the service to close the
/// round now open in every market. The service makes each close idempotent by the market and
/// round, so two servers on one database close each round once. Stops at graceful shutdown.
struct RoundClock: Service {
    let service: MarketService
    let interval: Duration
    let logger: Logger

    func run() async throws {
        while true {
            do { try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) } } catch { return }
            for market in await service.marketIDs() {
                do {
                    let answer = try await service.closeRoundByClock(market: market)
                    logger.debug("round closed by the clock", metadata: ["market": "\(market)", "replayed": "\(answer.replayed)"])
                } catch {
                    logger.warning("the clock could not close a round", metadata: ["market": "\(market)", "error": "\(error.message)"])
                }
            }
        }
    }
}
