import SurplusCore
import SurplusTestSupport
import Testing

import ProgressiveAuction

/// The allocation rule (5), the cost rule (6) and the market price function
/// (2)-(4) of a single PSP auction (paper 002, Sec. 3.2; Lazar and Semret).
@Suite struct PSPRulesTests {
    /// Worked by hand from the rules. Q = 100; a (60 @ 5), c (30 @ 4), b (50 @ 3).
    /// (5): a is served first (60), c next (30), b gets what is left (10).
    /// (6): without a, b would get 50: a displaces 40 units of b at 3 = 120.
    ///      without c, b would get 40: c displaces 30 units at 3 = 90. b displaces nobody: 0.
    /// Exact binary fractions, so the tolerance is rounding only (1e-12).
    @Test func handWorkedClearing() throws {
        let market = try PSPMarket(quantity: 100, epsilon: 5)
        let r = try market.clear([Bid(quantity: 60, price: 5), Bid(quantity: 50, price: 3), Bid(quantity: 30, price: 4)])
        #expect(r.allocations == [60, 10, 30])
        #expect(isApproximatelyEqual(r.payments[0], 120, absolute: 1e-12))
        #expect(isApproximatelyEqual(r.payments[1], 0, absolute: 1e-12))
        #expect(isApproximatelyEqual(r.payments[2], 90, absolute: 1e-12))
    }

    /// Ties share in proportion to quantity: Q = 10, x (6 @ 2) and y (6 @ 2) get
    /// 5 each; z (6 @ 1) nothing. x's cost: without x, y gets 6 (1 unit more at 2)
    /// and z gets 4 (at 1): 2 + 4 = 6.
    @Test func tiesSplitInProportion() throws {
        let r = try PSPMarket(quantity: 10, epsilon: 1).clear([
            Bid(quantity: 6, price: 2), Bid(quantity: 6, price: 2), Bid(quantity: 6, price: 1),
        ])
        #expect(r.allocations == [5, 5, 0])
        #expect(isApproximatelyEqual(r.payments[0], 6, absolute: 1e-12))
        #expect(isApproximatelyEqual(r.payments[1], 6, absolute: 1e-12))
    }

    /// The O(log n) book against the O(n^2) reference on random bid sets,
    /// with coarse prices so that ties are frequent. Tolerance 1e-9 relative:
    /// the two sum the same terms in different orders.
    @Test(arguments: Array(UInt64(1)...40))
    func bookMatchesReference(seed: UInt64) throws {
        var rng = RandomStream(seed: seed)
        let n = 1 + rng.nextIndex(below: 25)
        let q = 1 + 99 * rng.nextUnit()
        let bids = (0..<n).map { _ in
            Bid(quantity: rng.nextIndex(below: 5) == 0 ? 0 : 40 * rng.nextUnit(), price: Double(rng.nextIndex(below: 8)))
        }
        let r = try PSPMarket(quantity: q, epsilon: 1).clear(bids)
        let a = Reference.allocations(bids, supply: q)
        let c = Reference.costs(bids, supply: q)
        for i in 0..<n {
            #expect(isApproximatelyEqual(r.allocations[i], a[i], absolute: 1e-9 * max(1, q)), "seed \(seed) bidder \(i) allocation")
            #expect(isApproximatelyEqual(r.payments[i], c[i], absolute: 1e-9, relative: 1e-9), "seed \(seed) bidder \(i) cost")
            // A bidder never pays more than its bid price per unit (cost rule (6)).
            #expect(r.payments[i] <= bids[i].price * r.allocations[i] + 1e-9, "seed \(seed) bidder \(i)")
        }
        let book = PSPBook(supply: q, bids: bids)
        for i in 0..<n {
            for z in stride(from: 0.0, through: q, by: q / 7) {
                let p = book.marketPrice(z, excluding: book.slotOf(i))
                let ref = Reference.marketPrice(bids, bidder: i, z: z, supply: q)
                // Step functions: compare away from the steps' edges only.
                let zUp = min(q, z + 1e-7), zDown = max(0, z - 1e-7)
                let refUp = Reference.marketPrice(bids, bidder: i, z: zUp, supply: q)
                let refDown = Reference.marketPrice(bids, bidder: i, z: zDown, supply: q)
                #expect(p == ref || p == refUp || p == refDown, "seed \(seed) bidder \(i) z \(z): \(p) vs \(ref)")
            }
        }
    }

    /// (6) equals the integral of P_i over [0, a_i] ("social opportunity cost"):
    /// checked by a midpoint Riemann sum of the reference P_i (4,000 cells; error
    /// below one cell's width times the largest price step, hence 1e-2 relative).
    @Test(arguments: Array(UInt64(100)...110))
    func costIsIntegralOfMarketPrice(seed: UInt64) throws {
        var rng = RandomStream(seed: seed)
        let n = 2 + rng.nextIndex(below: 8)
        let q = 50.0
        let bids = (0..<n).map { _ in Bid(quantity: 5 + 20 * rng.nextUnit(), price: 1 + 9 * rng.nextUnit()) }
        let r = try PSPMarket(quantity: q, epsilon: 1).clear(bids)
        for i in 0..<n where r.allocations[i] > 0 {
            let cells = 4_000
            let h = r.allocations[i] / Double(cells)
            var integral = 0.0
            for k in 0..<cells { integral += h * Reference.marketPrice(bids, bidder: i, z: (Double(k) + 0.5) * h, supply: q) }
            #expect(isApproximatelyEqual(integral, r.payments[i], absolute: 1e-2, relative: 1e-2), "seed \(seed) bidder \(i)")
        }
    }

    /// The seller's reservation rho: free units cost min(rho, p_i) each.
    @Test func reservationPricesFreeUnits() throws {
        let book = PSPBook(supply: 100, bids: [Bid(quantity: 30, price: 2), Bid(quantity: 20, price: 1)])
        // Nobody is displaced (50 of 100 sold): cost = rho per unit, capped at the bid price.
        #expect(isApproximatelyEqual(book.cost(allocation: 30, bidPrice: 2, reservation: 0.5, excluding: 0), 15, absolute: 1e-12))
        #expect(isApproximatelyEqual(book.cost(allocation: 20, bidPrice: 1, reservation: 1.5, excluding: 1), 20, absolute: 1e-12))
        #expect(book.cost(allocation: 30, bidPrice: 2, reservation: 0, excluding: 0) == 0)
    }

    /// Each valuation family: theta(0) = 0, theta' is the derivative of theta
    /// (central difference, h = 1e-5, error O(h^2) hence 1e-6), non-increasing, and
    /// demand(y) = sup{z : theta'(z) > y}.
    @Test(arguments: [
        Valuation.quadratic(marginalAtZero: 15, saturation: 80), .linear(unitValue: 3, cap: 20), .logarithmic(weight: 40),
    ])
    func valuationFamilies(v: Valuation) {
        #expect(v.value(0) == 0)
        var last = Double.infinity
        for z in stride(from: 0.5, through: 100, by: 0.5) {
            let m = v.marginal(z)
            #expect(m <= last)
            last = m
            if case .linear(_, let cap) = v, isApproximatelyEqual(z, cap, absolute: 1e-3) { continue }
            let h = 1e-5
            #expect(isApproximatelyEqual((v.value(z + h) - v.value(z - h)) / (2 * h), m, absolute: 1e-6), "\(v) at \(z)")
        }
        for y in [0.5, 1, 2, 5, 10] {
            let d = v.demand(atPrice: y)
            if d > 0 { #expect(v.marginal(d * (1 - 1e-9)) > y) }
            #expect(v.marginal(d * (1 + 1e-9) + 1e-12) <= y)
        }
    }

    /// Water filling: at the optimum, bidders with a positive share have the same
    /// marginal valuation (the water level), within bisection precision.
    @Test func waterFillingEqualisesMarginals() {
        let vals = RandomInstances.pspValuations(count: 30, run: RunOptions.serial(seed: 3), mixed: false)
        let opt = WaterFilling.optimum(quantity: 100, valuations: vals)
        #expect(isApproximatelyEqual(opt.allocations.reduce(0, +), 100, absolute: 1e-6))
        for (v, x) in zip(vals, opt.allocations) where x > 0 {
            #expect(isApproximatelyEqual(v.marginal(x), opt.waterLevel, absolute: 1e-6))
        }
        for (v, x) in zip(vals, opt.allocations) where x == 0 {
            #expect(v.marginalAtZero <= opt.waterLevel + 1e-9)
        }
    }
}
