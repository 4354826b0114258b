import SurplusCore
import Testing

import ProgressiveAuction

/// `ExchangeRun` advanced one round at a time (a live session's closes) reaches after t
/// rounds exactly what `settle` capped at t rounds reports from t = 0: the same trades,
/// reserves, round count, convergence and last round of the trace, bit for bit.
@Suite struct ExchangeRunTests {
    static func markets() throws -> [ExchangeMarket] {
        var markets = [try ExchangeMarket.exampleOne(), try ExchangeMarket.exampleOne(ispPrice: 3)]
        for seed in 1...3 {
            markets.append(try RandomInstances.exchange(buyers: 20, sellers: 5, run: .serial(seed: UInt64(seed)), priceStep: seed.isMultiple(of: 2) ? 0.25 : 0))
        }
        var manual = markets[0].buyers
        manual[4].bids = [.init(seller: "S1", quantity: 10, unitPrice: 2.5), .init(seller: "S2", quantity: 4, unitPrice: 1.1)]
        markets.append(try ExchangeMarket(sellers: markets[0].sellers, buyers: manual, epsilon: 0.01))
        return markets
    }

    @Test(arguments: ExchangeSchedule.allCases)
    func oneRoundPerStepIsARunCappedAtThatRound(schedule: ExchangeSchedule) throws {
        for market in try Self.markets() {
            var run = ExchangeRun(market: market, options: .init(schedule: schedule, recordTrace: true))
            var t = 0
            while !run.finished {
                run.advance()
                t += 1
                let stepped = run.outcome
                let capped = market.settle(options: .init(schedule: schedule, maxRounds: t, recordTrace: true))
                #expect(stepped.trades == capped.trades, "round \(t)")
                #expect(stepped.reservePrices.map(\.price) == capped.reservePrices.map(\.price), "round \(t)")
                #expect(stepped.rounds == capped.rounds && stepped.converged == capped.converged, "round \(t)")
                #expect(run.trace?.last == capped.trace?.last, "round \(t)")
                run.dropTrace()
                #expect(t < 200, "the run ends")
                if t >= 200 { break }
            }
            #expect(run.converged)
        }
    }
}
