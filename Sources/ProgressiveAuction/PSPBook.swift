/// The bids of one progressive second price auction of a divisible quantity Q,
/// kept sorted by unit price (highest first, ties by bidder index) with prefix
/// sums of quantity and of declared value.
///
/// Every rule of the auction is then a binary search: the available quantity
/// Q_i(y, s_-i) of (3), the allocation rule (5), the market price function
/// P_i(z, s_-i) of (2)-(4), the cost rule (6) and the truthful epsilon-best
/// reply all cost O(log n) for one bidder; clearing all n bidders costs
/// O(n log n). Replacing one bid costs O(n) (a move inside contiguous arrays
/// and a prefix-sum refresh). Nothing allocates inside the queries.
///
/// "Others" (s_-i) is always the book without bidder i: the queries take the
/// bidder's slot and skip it arithmetically rather than copying the book.
public struct PSPBook: Sendable {
    /// Q, the quantity on sale.
    public let supply: Double
    /// Unit prices, non-increasing.
    private(set) var price: [Double]
    /// Quantities, aligned with `price`.
    private(set) var quantity: [Double]
    /// Bidder index of each entry.
    private(set) var owner: [Int]
    /// slot[bidder] = index of the bidder's entry.
    private(set) var slot: [Int]
    /// cumQ[k] = quantity[0] + ... + quantity[k-1] (count n + 1).
    private(set) var cumQ: [Double]
    /// cumV[k] = sum of price * quantity over the first k entries.
    private(set) var cumV: [Double]

    /// A book holding bid `bids[i]` for bidder i.
    public init(supply: Double, bids: [Bid]) {
        self.supply = supply
        let n = bids.count
        let order = (0..<n).sorted { a, b in
            bids[a].price != bids[b].price ? bids[a].price > bids[b].price : a < b
        }
        price = order.map { bids[$0].price }
        quantity = order.map { bids[$0].quantity }
        owner = order
        slot = Array(repeating: 0, count: n)
        for (k, i) in order.enumerated() { slot[i] = k }
        cumQ = Array(repeating: 0, count: n + 1)
        cumV = Array(repeating: 0, count: n + 1)
        refreshSums(from: 0)
    }

    /// Number of bidders.
    public var count: Int { owner.count }

    /// The bid currently held by `bidder`.
    public func bid(of bidder: Int) -> Bid {
        let k = slot[bidder]
        return Bid(quantity: quantity[k], price: price[k])
    }

    private mutating func refreshSums(from start: Int) {
        var q = cumQ[start], v = cumV[start]
        for k in start..<price.count {
            q += quantity[k]
            v += price[k] * quantity[k]
            cumQ[k + 1] = q
            cumV[k + 1] = v
        }
    }

    // MARK: - Updates

    /// Replaces the bid of `bidder` by `bid` in O(n).
    public mutating func replace(bidder: Int, with bid: Bid) {
        let old = slot[bidder]
        price.remove(at: old)
        quantity.remove(at: old)
        owner.remove(at: old)
        // Insertion point: after every entry that sorts before (price desc, index asc).
        var lo = 0, hi = price.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if price[mid] > bid.price || (price[mid] == bid.price && owner[mid] < bidder) { lo = mid + 1 } else { hi = mid }
        }
        price.insert(bid.price, at: lo)
        quantity.insert(bid.quantity, at: lo)
        owner.insert(bidder, at: lo)
        let from = min(old, lo), to = max(old, lo)
        for k in from...to { slot[owner[k]] = k }
        refreshSums(from: from)
    }

    // MARK: - Searches

    /// Number of entries with price > y.
    @inline(__always)
    func countAbove(_ y: Double) -> Int {
        var lo = 0, hi = price.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if price[mid] > y { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// Number of entries with price >= y.
    @inline(__always)
    func countAtLeast(_ y: Double) -> Int {
        var lo = 0, hi = price.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if price[mid] >= y { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// Largest k < n with cumQ[k] <= x, for 0 <= x < cumQ[n]: the entry holding position x.
    @inline(__always)
    func entryHolding(_ x: Double) -> Int {
        var lo = 0, hi = price.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) >> 1
            if cumQ[mid] <= x { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    /// Quantity of the bid in slot g (0 for g < 0: nobody excluded).
    @inline(__always)
    func excludedQuantity(_ g: Int) -> Double { g >= 0 ? quantity[g] : 0 }

    /// Total quantity bid by the others of the bidder in slot g.
    @inline(__always)
    func othersTotal(excluding g: Int) -> Double { cumQ[price.count] - excludedQuantity(g) }

    /// Declared value of the first x units when the bids are served in price
    /// order, highest first (flat beyond the total bid quantity).
    @inline(__always)
    func valueOfFirst(_ x: Double) -> Double {
        let n = price.count
        if x <= 0 || n == 0 { return 0 }
        if x >= cumQ[n] { return cumV[n] }
        let k = entryHolding(x)
        return cumV[k] + price[k] * (x - cumQ[k])
    }

    /// `valueOfFirst` over the others of slot g.
    @inline(__always)
    func othersValueOfFirst(_ x: Double, excluding g: Int) -> Double {
        guard g >= 0 else { return valueOfFirst(x) }
        if x <= cumQ[g] { return valueOfFirst(x) }
        return valueOfFirst(x + quantity[g]) - price[g] * quantity[g]
    }

    /// Cumulative quantity C_m before the m-th other (in price order) of slot g.
    @inline(__always)
    func othersCumulative(_ m: Int, excluding g: Int) -> Double {
        if g < 0 || m < g { return cumQ[m] }
        return cumQ[m + 1] - quantity[g]
    }

    /// Price of the m-th other of slot g.
    @inline(__always)
    func othersPrice(_ m: Int, excluding g: Int) -> Double {
        (g < 0 || m < g) ? price[m] : price[m + 1]
    }

    // MARK: - The PSP rules, for the bidder in slot g (g = -1: a newcomer)

    /// Q_i(y, s_-i) = [Q - sum_{k != i, p_k > y} q_k]^+, eq. (3): what is left
    /// for a bid at unit price y once every strictly higher bid is served.
    @inline(__always)
    public func availableQuantity(atPrice y: Double, excluding g: Int) -> Double {
        let m = countAbove(y)
        let above = cumQ[m] - ((g >= 0 && g < m) ? quantity[g] : 0)
        return max(0, supply - above)
    }

    /// Quantity bid by the others of slot g at exactly unit price y.
    @inline(__always)
    func othersQuantity(atPrice y: Double, excluding g: Int) -> Double {
        let m1 = countAbove(y), m2 = countAtLeast(y)
        return cumQ[m2] - cumQ[m1] - ((g >= m1 && g < m2) ? quantity[g] : 0)
    }

    /// The allocation rule (5): a_i = min{q_i, q_i / (sum of q_k at price p_i) * Q_i(p_i, s_-i)},
    /// ties at the same price sharing in proportion to quantity.
    @inline(__always)
    public func allocation(of bid: Bid, excluding g: Int) -> Double {
        guard bid.quantity > 0 else { return 0 }
        let available = availableQuantity(atPrice: bid.price, excluding: g)
        let tie = othersQuantity(atPrice: bid.price, excluding: g)
        return min(bid.quantity, bid.quantity / (bid.quantity + tie) * available)
    }

    /// The market price function P_i(z, s_-i) = inf{y >= 0 : Q_i(y, s_-i) >= z}
    /// of (2)-(4): the unit price of the z-th unit for bidder i, i.e. the price
    /// of the other bid that the z-th unit would be taken from (0 for free
    /// units, +infinity beyond Q).
    public func marketPrice(_ z: Double, excluding g: Int) -> Double {
        if z > supply { return .infinity }
        let u = supply - z
        if u >= othersTotal(excluding: g) || price.isEmpty { return 0 }
        if g < 0 || u < cumQ[g] { return price[entryHolding(u)] }
        return price[entryHolding(u + quantity[g])]
    }

    /// The cost rule (6), c_i = sum_k p_k (a_k(0; s_-i) - a_k(s)) = the integral
    /// of P_i(z, s_-i) over [0, a_i]: the value the others lose ("social
    /// opportunity cost"). With `reservation` rho > 0 the seller's own standing
    /// bid for its unsold units counts too: each unit costs
    /// max(P_i(z), min(rho, p_i)), never more than the bidder's own price.
    public func cost(allocation a: Double, bidPrice: Double, reservation rho: Double = 0, excluding g: Int) -> Double {
        guard a > 0 else { return 0 }
        let low = max(0, supply - a)
        let floor = min(rho, bidPrice)
        if floor <= 0 {
            return othersValueOfFirst(supply, excluding: g) - othersValueOfFirst(low, excluding: g)
        }
        let m = countAtLeast(floor)
        let atLeast = cumQ[m] - ((g >= 0 && g < m) ? quantity[g] : 0)
        let split = min(max(atLeast, low), supply)
        return othersValueOfFirst(split, excluding: g) - othersValueOfFirst(low, excluding: g)
            + floor * (supply - split)
    }

    /// sup{z in [0, Q] : theta'(z) > P_i(z, s_-i)} (paper 002, eq. (35) with one
    /// resource): the largest quantity the bidder still values above the
    /// market price. P_i is a non-decreasing step function of z and theta' a
    /// non-increasing one, so the set is an interval [0, z*) and z* is found by
    /// a binary search over the steps of P_i.
    public func valuedQuantity(_ valuation: Valuation, excluding g: Int) -> Double {
        let q = supply
        let total = othersTotal(excluding: g)
        if total < q {
            let free = q - total
            let d0 = valuation.demand(atPrice: 0)
            if d0 < free { return d0 }
        }
        let others = price.count - (g >= 0 ? 1 : 0)
        if others == 0 { return q }
        // Largest m with C_m < Q: the step holding the Q-th unit (or the last one).
        var lo = 0, hi = others - 1
        while lo < hi {
            let mid = (lo + hi + 1) >> 1
            if othersCumulative(mid, excluding: g) < q { lo = mid } else { hi = mid - 1 }
        }
        let mMax = lo  // C_0 = 0 < Q, so mMax >= 0.
        // Step m covers z in (Q - C_{m+1}, Q - C_m] at price p_m; the first step
        // (in increasing z) where demand(p_m) < Q - C_m ends the set.
        func ends(_ m: Int) -> Bool {
            valuation.demand(atPrice: othersPrice(m, excluding: g)) < q - othersCumulative(m, excluding: g)
        }
        if !ends(0) { return q }
        lo = 0; hi = mMax
        while lo < hi {
            let mid = (lo + hi + 1) >> 1
            if ends(mid) { lo = mid } else { hi = mid - 1 }
        }
        let zLow = max(0, q - othersCumulative(lo + 1, excluding: g))
        return min(q, max(zLow, valuation.demand(atPrice: othersPrice(lo, excluding: g))))
    }

    /// The truthful epsilon-best reply t_i = (v_i, w_i) of paper 002, Prop. 2
    /// (Lazar and Semret's t_i): v = [sup{z : theta'(z) > P_i(z)} - epsilon/theta'(0)]^+,
    /// w = theta'(v).
    public func truthfulReply(_ valuation: Valuation, epsilon: Double, excluding g: Int) -> Bid {
        let top = valuation.marginalAtZero
        guard top > 0 else { return .zero }
        let v = max(0, valuedQuantity(valuation, excluding: g) - epsilon / top)
        return Bid(quantity: v, price: valuation.marginal(v))
    }

    /// u_i = theta_i(a_i) - c_i of bidder slot g if it bid `bid` against the others.
    public func utility(of bid: Bid, valuation: Valuation, excluding g: Int) -> Double {
        let a = allocation(of: bid, excluding: g)
        return valuation.value(a) - cost(allocation: a, bidPrice: bid.price, excluding: g)
    }

    /// Slot of `bidder`.
    public func slotOf(_ bidder: Int) -> Int { slot[bidder] }

    /// Allocation and cost of every bidder (by bidder index), O(n log n).
    public func clear(reservation rho: Double = 0) -> (allocations: [Double], payments: [Double]) {
        let n = price.count
        var allocations = Array(repeating: 0.0, count: n)
        var payments = Array(repeating: 0.0, count: n)
        for k in 0..<n {
            let b = Bid(quantity: quantity[k], price: price[k])
            let a = allocation(of: b, excluding: k)
            allocations[owner[k]] = a
            payments[owner[k]] = cost(allocation: a, bidPrice: b.price, reservation: rho, excluding: k)
        }
        return (allocations, payments)
    }
}
