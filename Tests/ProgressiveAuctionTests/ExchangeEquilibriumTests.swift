import SurplusCore
import SurplusTestSupport
import Testing

import ProgressiveAuction

/// Is a converged exchange an epsilon-Nash equilibrium among buyers (002,
/// Prop. 2 and Theorem 1)? At the rest point of `settle`, each buyer in turn
/// tries every bid on a grid (coordinated bids: one price, the same quantity
/// at every seller of a pool, Lemma 5) with every other bid and the sellers'
/// reserves held fixed; each seller's book is re-cleared with the engine's own
/// allocation rule (5), reserve update (20) and payment rule (6): the grid
/// search `ExchangeMarket.bestDeviations` (see `ExchangeDeviation`).
@Suite struct ExchangeEquilibriumTests {
    /// Example 1, default rules (reserve as bidder, reserve not an entry floor).
    ///
    /// Synchronous rest point (the published allocation): under the reading
    /// in which a deviating bid must be priced at or above the published
    /// reserve p_*^j of every seller it bids at (Algorithm 3 line 7), no buyer
    /// gains anything on the grid: supply equals demand, so a buyer that bids
    /// less loses data worth more to it than the reserve it pays, and one that
    /// bids more or elsewhere displaces someone bidding at least the reserve.
    /// Tolerance 1e-9: utilities are sums of a few products of values exact
    /// to the last bit or two.
    ///
    /// Without that floor the rest point is NOT an epsilon-equilibrium: the
    /// payment rule caps a unit's cost at the buyer's own bid, so A, paying
    /// 1.00 for 50 units, can bid epsilon / 2 in the same pool, get the same
    /// 50 units (nobody else wants them) and pay epsilon / 2 each: a gain of
    /// 50 (1 - epsilon / 2) = 4975 epsilon, derived here, not measured.
    ///
    /// Priority rest point: A covers its 50 units greedily (39 at S1, 11 at
    /// S2) and every reserve stays at epsilon (nobody ever loses a bid), so
    /// with the floor no buyer gains anything either. (Before issue 12's fix A
    /// was 11 units short next to 11 unsold at S2 and gained 316 epsilon.)
    @Test func exampleOne() throws {
        let m = try ExchangeExampleTests.market()
        let eps = m.epsilon
        let sync = ExchangeMarket.Options(schedule: .synchronous)
        let r = m.restPoint(options: sync)
        #expect(r.outcome.converged)
        let floored = m.bestDeviations(at: r, options: sync, reserveFloor: true, ownPool: false)
        #expect(floored.allSatisfy { $0.gain <= 1e-9 }, "\(floored.map(\.gain))")
        let free = m.bestDeviations(at: r, options: sync, reserveFloor: false, ownPool: false)
        #expect(free[0].gain >= 50 * (1 - eps / 2) - 1e-9)

        let prio = ExchangeMarket.Options(schedule: .priority)
        let rp = m.restPoint(options: prio)
        #expect(rp.outcome.converged)
        let prioFloored = m.bestDeviations(at: rp, options: prio, reserveFloor: true, ownPool: false)
        #expect(prioFloored.allSatisfy { $0.gain <= 1e-9 }, "\(prioFloored.map(\.gain))")
    }

    struct Case: CustomStringConvertible, Sendable {
        var seed: UInt64
        var buyers: Int
        var sellers: Int
        var schedule: ExchangeSchedule
        var description: String { "seed \(seed), \(buyers) x \(sellers), \(schedule)" }
    }

    static let cases: [Case] = {
        var all: [Case] = []
        for seed in UInt64(1)...30 {
            for (b, s) in RandomInstances.deviationSearchSizes {
                for schedule in ExchangeSchedule.allCases { all.append(Case(seed: seed, buyers: b, sellers: s, schedule: schedule)) }
            }
        }
        return all
    }()

    /// Random markets, default rules. What holds, and what does not:
    ///
    /// - Deviations in the buyer's own pool priced at or above its sellers'
    ///   reserves gain at most epsilon, on both schedules (measured: 2e-14
    ///   synchronous, 2e-13 priority, rounding). Before issue 12's fix the
    ///   synchronous bound needed a stranding term, u_i x min(unmet demand,
    ///   data unsold in its pool): a buyer no equal split covered left data
    ///   at the larger sellers (62 epsilon, seed 21, 8 x 3); other cases
    ///   gained up to 2.94 epsilon, and the priority schedule 21 epsilon.
    ///   The buyer response now keeps what it holds and covers the rest
    ///   greedily, so no rest point leaves demand next to unsold data.
    /// - Anything else is NOT bounded by a small multiple of epsilon on the
    ///   synchronous schedule: a fully served buyer holds its bids
    ///   (Algorithm 2) even when another seller sells at a lower reserve with
    ///   data left (measured up to 820 epsilon with the floor), and bidding
    ///   under the reserve caps the price paid (up to 887 epsilon). Maxima
    ///   over seeds 1-30, with the floor / without: synchronous 820 / 887
    ///   epsilon, priority 0 / 2.5 epsilon (its reserves stay near epsilon).
    ///   These are recorded, not bounded; the Sec. 5 broker is the paper's
    ///   remedy for the first.
    @Test(arguments: cases)
    func randomMarkets(_ c: Case) throws {
        let m = try RandomInstances.exchange(buyers: c.buyers, sellers: c.sellers, run: RunOptions.serial(seed: c.seed))
        let options = ExchangeMarket.Options(schedule: c.schedule)
        let r = m.restPoint(options: options)
        #expect(r.outcome.converged)
        // The re-clearing of the rest point reproduces the settled utilities
        // (same code path; 1e-9 absolute on values of order 10).
        let base = m.clear(bids: r.bids, prices: r.prices, reserves: r.reserves, supply: r.supply, options: options)
        for i in 0..<m.buyers.count {
            let u = m.utility(buyer: i, allocation: base.allocation[i], payment: base.payment[i])
            #expect(isApproximatelyEqual(u, r.outcome.utilities[i].utility, absolute: 1e-9), "\(c): buyer \(i)")
        }
        let own = m.bestDeviations(at: r, options: options, reserveFloor: true, ownPool: true)
        for d in own {
            #expect(d.gain <= m.epsilon, "\(c): buyer \(d.buyer) gains \(d.gain / m.epsilon) epsilon")
        }
    }
}
