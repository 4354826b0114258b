import SurplusCore
import SurplusTestSupport
import Testing

import ProgressiveAuction

/// Invariants of the exchange over random markets, and its efficiency.
@Suite struct ExchangePropertyTests {
    struct Case: CustomStringConvertible, Sendable {
        var seed: UInt64
        var buyers: Int
        var sellers: Int
        var schedule: ExchangeSchedule
        var priceStep: Double
        var description: String { "seed \(seed), \(buyers) buyers x \(sellers) sellers, \(schedule), price step \(priceStep)" }
    }

    static let cases: [Case] = {
        var all: [Case] = []
        for seed in UInt64(1)...10 {
            for (b, s) in [(3, 2), (10, 3), (40, 8), (120, 15)] {
                for schedule in ExchangeSchedule.allCases {
                    all.append(Case(seed: seed, buyers: b, sellers: s, schedule: schedule, priceStep: seed % 2 == 0 ? 0.25 : 0))
                }
            }
        }
        return all
    }()

    /// No seller sells more than it has; no buyer gets more than its demand;
    /// buyers' payments add up to sellers' revenue; a truthful buyer never ends
    /// with negative utility; the run converges (or says which rule ended it).
    /// Tolerances: 1e-9 relative (sums of a few hundred doubles).
    @Test(arguments: cases)
    func invariants(c: Case) throws {
        let market = try RandomInstances.exchange(buyers: c.buyers, sellers: c.sellers, run: RunOptions.serial(seed: c.seed), priceStep: c.priceStep)
        for (payment, brokers) in PaymentRule.allCases.map({ ($0, false) }) + [(.reserveAsBidder, true)] {
            let o = market.settle(options: .init(schedule: c.schedule, paymentRule: payment, brokers: brokers))
            #expect(o.converged, "\(c)")
            var sold: [String: Double] = [:], got: [String: Double] = [:], revenue: [String: Double] = [:], paid: [String: Double] = [:]
            for t in o.trades {
                sold[t.seller, default: 0] += t.quantity
                got[t.buyer, default: 0] += t.quantity
                revenue[t.seller, default: 0] += t.payment
                paid[t.buyer, default: 0] += t.payment
                #expect(t.quantity > 0 && t.payment >= -1e-12, "\(c) \(t)")
            }
            for s in market.sellers { #expect((sold[s.id] ?? 0) <= s.quantity * (1 + 1e-9), "\(c) \(s.id) oversold") }
            for b in market.buyers {
                #expect((got[b.id] ?? 0) <= b.demand * (1 + 1e-9), "\(c) \(b.id) over-served")
            }
            let totalPaid = paid.values.reduce(0, +), totalRevenue = revenue.values.reduce(0, +)
            #expect(isApproximatelyEqual(totalPaid, totalRevenue, absolute: 1e-9, relative: 1e-9), "\(c)")
            for (id, u) in o.utilities { #expect(u >= -1e-9, "\(c) \(payment): \(id) utility \(u)") }
            #expect(o.welfare <= o.optimalWelfare * (1 + 1e-9), "\(c)")
        }
    }

    /// Efficiency against the best allocation of the same supply and demand
    /// (the LP optimum), over 120 random markets per schedule. Before issue
    /// 12's fix it was not always reached (coordinated equal bids stranded
    /// small remainders); with the buyer response keeping
    /// what it holds and covering the rest greedily, every market reaches it:
    /// a short buyer sees any unsold or lower-priced data as on offer, so a
    /// rest point leaves none. Asserted to 1e-9 relative (rounding).
    @Test(arguments: ExchangeSchedule.allCases)
    func efficiencyDistribution(schedule: ExchangeSchedule) throws {
        var ratios: [Double] = []
        for seed in UInt64(1)...120 {
            let market = try RandomInstances.exchange(buyers: 30, sellers: 6, run: RunOptions.serial(seed: 1_000 + seed), ispPrice: nil)
            let o = market.settle(options: .init(schedule: schedule))
            ratios.append(o.efficiency)
        }
        ratios.sort()
        let q = { (p: Double) in Statistics.quantile(sorted: ratios, p) }
        print("exchange efficiency (\(schedule), 30 buyers x 6 sellers, 120 markets): min \(ratios[0]) p10 \(q(0.1)) median \(q(0.5)) p90 \(q(0.9)) max \(ratios.last!) mean \(Statistics.mean(ratios))")
        #expect(ratios.allSatisfy { $0 >= 1 - 1e-9 && $0 <= 1 + 1e-9 })
    }

    /// A regime where buyers must split across sellers
    /// (`RandomInstances.splittingExchange`). Coordinated equal bids stranded
    /// remainders here before issue 12's fix (min 0.926, mean 0.985 over 200,
    /// both schedules); now every market reaches the optimum (1e-9 relative).
    @Test(arguments: ExchangeSchedule.allCases)
    func efficiencyWhenBuyersMustSplit(schedule: ExchangeSchedule) throws {
        var ratios: [Double] = []
        for seed in UInt64(1)...200 {
            let o = try RandomInstances.splittingExchange(run: RunOptions.serial(seed: seed)).settle(options: .init(schedule: schedule))
            ratios.append(o.efficiency)
        }
        ratios.sort()
        let q = { (p: Double) in Statistics.quantile(sorted: ratios, p) }
        print("exchange efficiency (\(schedule), 10 buyers x 5 sellers, buyers must split, 200 markets): min \(ratios[0]) p10 \(q(0.1)) median \(q(0.5)) p90 \(q(0.9)) mean \(Statistics.mean(ratios))")
        #expect(ratios.allSatisfy { $0 >= 1 - 1e-9 && $0 <= 1 + 1e-9 })
    }

    /// Equal prices everywhere make simultaneous re-bidding prone to cycles;
    /// the run always ends and reports the rule that ended it.
    @Test(arguments: Array(UInt64(1)...20))
    func tiesTerminate(seed: UInt64) throws {
        var rng = RandomStream(seed: seed)
        let sellers = (0..<4).map { ExchangeSeller(id: "S\($0)", quantity: Double(1 + rng.nextIndex(below: 10))) }
        let buyers = (0..<9).map { ExchangeBuyer(id: "B\($0)", demand: Double(1 + rng.nextIndex(below: 8)), unitPrice: 1) }
        let o = try ExchangeMarket(sellers: sellers, buyers: buyers, epsilon: 0.01).settle(options: .init(maxRounds: 1_000))
        #expect(o.converged, "seed \(seed): \(o.terminationRule)")
        if o.terminationRule == .cycleSwitchedToAsynchronous { #expect(o.cycleDetectedAtRound != nil) }
    }

    /// The ISP sells unmet demand to buyers who value data at least at its price.
    @Test func ispFallback() throws {
        let market = try ExchangeMarket(
            sellers: [ExchangeSeller(id: "S1", quantity: 10)],
            buyers: [ExchangeBuyer(id: "rich", demand: 15, unitPrice: 5), ExchangeBuyer(id: "poor", demand: 5, unitPrice: 1)],
            epsilon: 0.01, ispPrice: 3)
        let o = market.settle()
        let isp = o.trades.filter { $0.seller == ExchangeMarket.ispID }
        #expect(isp.count == 1 && isp[0].buyer == "rich" && isApproximatelyEqual(isp[0].quantity, 5, absolute: 1e-9) && isp[0].unitPrice == 3)
        #expect(o.unmetDemand.first { $0.buyer == "poor" }?.quantity == 5)
    }
}
