import Foundation
import Logging
import MarketService
import ServiceLifecycle

/// The round clock (`--round-interval`): time is cut into slots of `interval` counted from the
/// Unix epoch, and at the start of each slot the clock asks the service to close the round now
/// open in every market, under the idempotency key of the market and the slot
/// (``MarketService/closeRoundByClock(market:slot:)``). Two servers on one database tick in the
/// same slots, so each slot closes one round of each market, whichever server commits first (the
/// other gets its replay); a clock keyed by its own view of the round instead would close a
/// round at each server's tick, twice per interval. Stops at graceful shutdown.
struct RoundClock: Service {
    let service: MarketService
    /// In seconds, > 0.
    let interval: Double
    let logger: Logger

    /// The slot `time` falls in, and the time the next one starts.
    static func slot(at time: Date, interval: Double) -> (slot: Int64, next: Date) {
        let slot = (time.timeIntervalSince1970 / interval).rounded(.down)
        return (Int64(slot), Date(timeIntervalSince1970: (slot + 1) * interval))
    }

    func run() async throws {
        while true {
            let (_, next) = Self.slot(at: Date(), interval: interval)
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(max(0, next.timeIntervalSinceNow))) }
            } catch { return }
            let (slot, _) = Self.slot(at: max(Date(), next), interval: interval)
            for market in await service.marketIDs() {
                do {
                    let answer = try await service.closeRoundByClock(market: market, slot: slot)
                    logger.debug("round closed by the clock", metadata: ["market": "\(market)", "slot": "\(slot)", "replayed": "\(answer.replayed)"])
                } catch {
                    logger.warning("the clock could not close a round", metadata: ["market": "\(market)", "error": "\(error.message)"])
                }
            }
        }
    }
}
