import SurplusCore
import SurplusTestSupport
import Testing

import ProgressiveAuction

/// Brokers (paper 002, Sec. 5, Theorem 1): a broker buys data where the
/// reserve is low and offers it where it is at least epsilon higher; the
/// dynamics re-run until no bid moves and the reserves "squeeze" together.
@Suite struct ExchangeBrokerTests {
    static let epsilon = 0.01

    /// `ExchangeMarket.disconnectedSubsets`: {S2, H1-H3, L2} and {S1, L1}, reserves 1 apart.
    static func market() throws -> ExchangeMarket { try .disconnectedSubsets(epsilon: epsilon) }

    static func reserve(_ o: ExchangeOutcome, _ s: String) -> Double { o.reservePrices.first { $0.seller == s }!.price }

    /// Money and data balance, for any outcome: buyers' payments (to sellers
    /// and brokers) = sellers' revenue + broker profit; no seller sells more
    /// than D^j, the broker sells no more than it bought. Tolerance 1e-9
    /// relative: sums of a few dozen doubles.
    static func checkBalances(_ m: ExchangeMarket, _ o: ExchangeOutcome, _ label: String) {
        let broker = ExchangeMarket.brokerID
        let buyerIDs = Set(m.buyers.map(\.id))
        let paidByBuyers = o.trades.filter { buyerIDs.contains($0.buyer) }.reduce(0) { $0 + $1.payment }
        let sellersRevenue = o.trades.filter { $0.seller != broker && $0.seller != ExchangeMarket.ispID }.reduce(0) { $0 + $1.payment }
        let isp = o.trades.filter { $0.seller == ExchangeMarket.ispID }.reduce(0) { $0 + $1.payment }
        #expect(isApproximatelyEqual(paidByBuyers, sellersRevenue + o.brokerProfit + isp, absolute: 1e-9, relative: 1e-9), "\(label)")
        for s in m.sellers {
            let sold = o.trades.filter { $0.seller == s.id }.reduce(0) { $0 + $1.quantity }
            #expect(sold <= s.quantity * (1 + 1e-9), "\(label): \(s.id) sold \(sold) of \(s.quantity)")
        }
        let bought = o.trades.filter { $0.buyer == broker }.reduce(0) { $0 + $1.quantity }
        let resold = o.trades.filter { $0.seller == broker }.reduce(0) { $0 + $1.quantity }
        #expect(resold <= bought * (1 + 1e-9) + 1e-12, "\(label): broker resold \(resold) of \(bought)")
    }

    /// Brokers off: the gap stays at 1 (the path above). Brokers on: a broker
    /// buys S1's 10 spare units at p_*^1 = epsilon, offers them in S2's
    /// auction, whose reserve drops to p_*^1 + epsilon; with 110 units for 100
    /// units of bids nobody loses at S2, so (20) does not raise it again: the
    /// gap ends at exactly epsilon (stated bound: epsilon, up to 1e-9 for
    /// rounding), and S2's buyers pay 2 epsilon per unit instead of 1 + epsilon.
    @Test func reservesSqueezeTogether() throws {
        let m = try Self.market()
        let off = m.settle(options: .init(schedule: .synchronous))
        #expect(isApproximatelyEqual(Self.reserve(off, "S2") - Self.reserve(off, "S1"), 1, absolute: 1e-9))
        #expect(off.trades.allSatisfy { $0.buyer != ExchangeMarket.brokerID && $0.seller != ExchangeMarket.brokerID })
        #expect(off.brokerProfit == 0)

        let on = m.settle(options: .init(schedule: .synchronous, brokers: true))
        #expect(on.converged)
        let gap = Self.reserve(on, "S2") - Self.reserve(on, "S1")
        #expect(gap >= 0 && gap <= Self.epsilon + 1e-9, "gap \(gap)")
        let bought = on.trades.filter { $0.buyer == ExchangeMarket.brokerID }
        #expect(bought.count == 1 && bought[0].seller == "S1" && isApproximatelyEqual(bought[0].quantity, 10, absolute: 1e-9))
        Self.checkBalances(m, on, "two subsets")
        // The broker sells its 10 units pro rata with S2's 100 (10/110 of
        // every sale) at 2 epsilon and paid epsilon: profit
        // 100 x 2 epsilon x 10/110 - 10 epsilon, derived here.
        #expect(isApproximatelyEqual(on.brokerProfit, 100 * 2 * Self.epsilon * 10 / 110 - 10 * Self.epsilon, absolute: 1e-9))
        #expect(on.unmetDemand.allSatisfy { $0.quantity == 0 })
    }

    /// Example 1: both rest points have equal reserves (1 + epsilon under
    /// the synchronous schedule, epsilon under the priority one), so no
    /// broker acts and the outcome is the same with brokers on. In
    /// particular the priority rest point's stranding (A 11 short, 11 units
    /// unsold at S2) is not a reserve gap and stays.
    @Test func exampleOne() throws {
        let m = try ExchangeExampleTests.market()
        for schedule in ExchangeSchedule.allCases {
            let off = m.settle(options: .init(schedule: schedule))
            let on = m.settle(options: .init(schedule: schedule, brokers: true))
            #expect(on.trades == off.trades, "\(schedule)")
            #expect(on.brokerProfit == 0)
            #expect(isApproximatelyEqual(Self.reserve(on, "S1"), Self.reserve(on, "S2"), absolute: 1e-12))
        }
    }

    /// Random markets (seeds 1-40; 10 x 3 and 40 x 8; synchronous, where the
    /// path opens reserve gaps): balances hold with brokers on, and a rest
    /// point with brokers leaves no gap a broker may still close: no broker can act at the rest point unless the action
    /// cap stopped it. Gaps can remain because a source seller is never a
    /// destination and vice versa (measured: gaps at 46 rest points without
    /// brokers, 24 with; the cap reached once; brokers acted in 46 markets,
    /// lost money in 27, raised welfare in 11 and lowered it in none). Only
    /// fewer gaps is asserted.
    @Test func randomMarkets() throws {
        var gapsBefore = 0, gapsAfter = 0, markets = 0, capped = 0, acted = 0, losses = 0, better = 0, worse = 0
        for seed in UInt64(1)...40 {
            for (b, s) in [(10, 3), (40, 8)] {
                let m = try RandomInstances.exchange(buyers: b, sellers: s, run: RunOptions.serial(seed: seed))
                let off = m.settle(options: .init(schedule: .synchronous))
                var run = ExchangeRun(market: m, options: .init(schedule: .synchronous, brokers: true))
                while !run.finished { run.advance() }
                let on = run.outcome
                var engine = run.settledEngine
                #expect(on.converged)
                // At the rest point no broker can act, unless the cap stopped it.
                let cap = ExchangeEngine.brokerActionCap(sellers: s)
                #expect(engine.brokerPurchases.count == cap || !engine.brokerAction(), "seed \(seed), \(b) x \(s)")
                capped += engine.brokerPurchases.count == cap ? 1 : 0
                acted += engine.brokerPurchases.isEmpty ? 0 : 1
                losses += on.brokerProfit < 0 ? 1 : 0
                if on.welfare > off.welfare * (1 + 1e-9) { better += 1 }
                if on.welfare < off.welfare * (1 - 1e-9) { worse += 1 }
                Self.checkBalances(m, on, "seed \(seed), \(b) x \(s)")
                markets += 1
                if Self.hasGap(m, off) { gapsBefore += 1 }
                if Self.hasGap(m, on) { gapsAfter += 1 }
                if on.brokerProfit == 0 && !on.trades.contains(where: { $0.buyer == ExchangeMarket.brokerID }) {
                    #expect(on.trades == off.trades, "brokers idle must change nothing: seed \(seed)")
                }
            }
        }
        print("brokers: \(markets) random markets, reserve gap >= epsilon next to spare data: \(gapsBefore) without brokers, \(gapsAfter) with; broker action cap reached \(capped) times; brokers acted in \(acted), lost money in \(losses); welfare higher in \(better), lower in \(worse)")
        #expect(gapsAfter <= gapsBefore)
    }

    /// Some seller with data left (1e-9 relative) has a reserve at least
    /// epsilon below another seller's.
    static func hasGap(_ m: ExchangeMarket, _ o: ExchangeOutcome) -> Bool {
        let r = o.reservePrices.map(\.price)
        return o.unsoldSupply.enumerated().contains { j, u in
            u.quantity > 1e-9 * max(1, m.sellers[j].quantity) && r.contains { $0 - r[j] >= m.epsilon * (1 - 1e-9) }
        }
    }
}
