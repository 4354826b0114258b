import SurplusCore

extension ExchangeMarket {
    /// Runs the exchange until no buyer changes its bids, then prices the
    /// trades and sends unmet demand to the ISP. Deterministic.
    ///
    /// Cost: each clearing sorts all bids once, O(E log E) for E bids; a
    /// synchronous response costs O(S log S) per re-bidding buyer (S sellers);
    /// a priority-ordered response costs O(k log S) for a pool of k sellers.
    public func settle(options: Options = Options(), progress: ProgressHandler? = nil) -> ExchangeOutcome {
        var engine = ExchangeEngine(market: self, options: options)
        return engine.run(progress: progress)
    }
}

/// One bid of an opt-out buyer: quantity sigma_i^j at seller j (the price is
/// the buyer's, the same at every seller: a coordinated bid, Lemma 5).
struct PoolEntry: Equatable, Sendable {
    var seller: Int
    var quantity: Double
}

/// A Sec. 5 broker's purchase: `quantity` units seller `from` had left, at
/// `unitPrice`, offered as more supply in the auction of seller `to`.
struct BrokerPurchase: Equatable, Sendable {
    var from: Int
    var to: Int
    var quantity: Double
    var unitPrice: Double
}

/// The state machine behind `ExchangeMarket.settle`.
struct ExchangeEngine {
    let market: ExchangeMarket
    let options: ExchangeMarket.Options
    let sellerCount: Int
    let buyerCount: Int
    /// Data on offer in auction j: D^j, less what brokers bought there, plus
    /// what brokers bought elsewhere and offer here (Sec. 5).
    var supply: [Double]
    /// D^j, the seller's own data.
    let ownSupply: [Double]
    /// Sec. 5 brokers' purchases, in the order they happened.
    var brokerPurchases: [BrokerPurchase] = []
    /// D_i.
    let demand: [Double]
    /// p_i = min(unitPrice_i, p^kappa): truthful, and never above the ISP's
    /// price, which bounds what data is worth to anyone (Lemma 3's proof).
    /// (A `var` so that `ExchangeMarket.clear(bids:prices:reserves:supply:options:)`
    /// can price a deviating buyer's bid differently.)
    var bidPrice: [Double]
    /// Buyers by (bid price desc, index asc).
    let priorityOrder: [Int]
    /// Sellers ranked for ties in availability: larger D^j first (the order
    /// of I_i(n), "sellers with the largest quantities").
    let sellerRank: [Int]

    /// s_i for every buyer.
    var bids: [[PoolEntry]]
    /// a_i^j for every bid, aligned with `bids`.
    var bidAllocations: [[Double]]
    /// p_*^j.
    var reserve: [Double]
    var satisfied: [Bool]

    // The cleared books: entries grouped by seller, price desc within a seller.
    var offsets: [Int]
    var entryBuyer: [Int] = []
    var entryIndex: [Int] = []
    var entryPrice: [Double] = []
    var entryQuantity: [Double] = []
    var entryCum: [Double] = [0]

    // Scratch for responses.
    var available: [Double]
    var candidates: [Int] = []
    var residual: [Double]
    var heap: SellerHeap

    init(market: ExchangeMarket, options: ExchangeMarket.Options) {
        self.market = market
        self.options = options
        sellerCount = market.sellers.count
        buyerCount = market.buyers.count
        supply = market.sellers.map(\.quantity)
        ownSupply = market.sellers.map(\.quantity)
        demand = market.buyers.map(\.demand)
        let cap = market.ispPrice ?? .infinity
        let prices = market.buyers.map { min($0.unitPrice, cap) }
        bidPrice = prices
        priorityOrder = (0..<market.buyers.count).sorted { prices[$0] != prices[$1] ? prices[$0] > prices[$1] : $0 < $1 }
        let quantities = market.sellers.map(\.quantity)
        let byQuantity = (0..<market.sellers.count).sorted { quantities[$0] != quantities[$1] ? quantities[$0] > quantities[$1] : $0 < $1 }
        var rank = Array(repeating: 0, count: market.sellers.count)
        for (r, j) in byQuantity.enumerated() { rank[j] = r }
        sellerRank = rank
        bids = Array(repeating: [], count: market.buyers.count)
        bidAllocations = Array(repeating: [], count: market.buyers.count)
        reserve = Array(repeating: market.epsilon, count: market.sellers.count)
        satisfied = market.buyers.map { $0.demand <= 0 }
        offsets = Array(repeating: 0, count: market.sellers.count + 1)
        available = Array(repeating: 0, count: market.sellers.count)
        residual = quantities
        heap = SellerHeap(count: market.sellers.count)
    }

    /// Relative tolerance for "fully served" and "covers the demand".
    static let tolerance = 1e-9

    @inline(__always)
    func covers(_ amount: Double, _ target: Double) -> Bool {
        amount >= target - Self.tolerance * max(1, target)
    }

    // MARK: - Clearing (allocation rule (5) and reserve rule (20) at every seller)

    mutating func clear() {
        var counts = Array(repeating: 0, count: sellerCount + 1)
        var total = 0
        for i in 0..<buyerCount {
            for e in bids[i] { counts[e.seller + 1] += 1 }
            total += bids[i].count
        }
        for j in 0..<sellerCount { counts[j + 1] += counts[j] }
        offsets = counts
        var fill = counts
        var ordering = Array(repeating: 0, count: total)
        var eb = Array(repeating: 0, count: total), ei = Array(repeating: 0, count: total)
        for i in 0..<buyerCount {
            for (k, e) in bids[i].enumerated() {
                let at = fill[e.seller]
                eb[at] = i
                ei[at] = k
                ordering[at] = at
                fill[e.seller] += 1
            }
        }
        let price = bidPrice
        for j in 0..<sellerCount where offsets[j + 1] - offsets[j] > 1 {
            ordering[offsets[j]..<offsets[j + 1]].sort { a, b in
                price[eb[a]] != price[eb[b]] ? price[eb[a]] > price[eb[b]] : eb[a] < eb[b]
            }
        }
        entryBuyer = ordering.map { eb[$0] }
        entryIndex = ordering.map { ei[$0] }
        entryPrice = entryBuyer.map { price[$0] }
        entryQuantity = (0..<total).map { bids[entryBuyer[$0]][entryIndex[$0]].quantity }
        entryCum = Array(repeating: 0, count: total + 1)
        for e in 0..<total { entryCum[e + 1] = entryCum[e] + entryQuantity[e] }

        for i in 0..<buyerCount { bidAllocations[i] = Array(repeating: 0, count: bids[i].count) }
        for j in 0..<sellerCount { allocate(at: j) }
        for i in 0..<buyerCount {
            var got = 0.0
            var full = true
            for (k, e) in bids[i].enumerated() {
                got += bidAllocations[i][k]
                if !covers(bidAllocations[i][k], e.quantity) { full = false }
            }
            satisfied[i] = full && covers(got, demand[i])
        }
    }

    /// Rule (5) and the reserve update (20) in auction j over the sorted entries.
    mutating func allocate(at j: Int) {
        var left = supply[j]
        var e = offsets[j]
        let end = offsets[j + 1]
        var highestExcluded = -1.0, highestPartial = -1.0
        while e < end {
            // One price level [e, f): ties share in proportion to quantity (5).
            var f = e
            var level = 0.0
            while f < end && entryPrice[f] == entryPrice[e] { level += entryQuantity[f]; f += 1 }
            let share = level <= left ? 1.0 : (level > 0 ? left / level : 0)
            for k in e..<f {
                let a = entryQuantity[k] * share
                bidAllocations[entryBuyer[k]][entryIndex[k]] = a
                if entryQuantity[k] > 0 {
                    if a <= 0 {
                        highestExcluded = max(highestExcluded, entryPrice[k])
                    } else if !covers(a, entryQuantity[k]) {
                        highestPartial = max(highestPartial, entryPrice[k])
                    }
                }
            }
            left = max(0, left - level)
            e = f
        }
        let loser: Double
        switch options.reserveRule {
        case .excludedElseMarginal: loser = highestExcluded >= 0 ? highestExcluded : highestPartial
        case .unserved: loser = max(highestExcluded, highestPartial)
        case .excludedOnly: loser = highestExcluded
        }
        if loser >= 0 { reserve[j] = max(reserve[j], loser + market.epsilon) }
    }

    // MARK: - The opt-out buyer strategy (Lemma 3, eq. (16), Algorithm 2)

    /// The pool of fewest sellers whose n-th largest availability a_(n)
    /// satisfies n * a_(n) >= D_i, bidding D_i / n at each (19). When no pool
    /// covers D_i, the pool maximising n * a_(n), bidding a_(n) at each: the
    /// bids stay coordinated (equal everywhere) and the rest is left to the ISP.
    /// `sorted` lists sellers by availability, largest first.
    @inline(__always)
    func choosePool(demand d: Double, sorted: [Int], availability: (Int) -> Double, into out: inout [PoolEntry]) {
        out.removeAll(keepingCapacity: true)
        guard d > 0 else { return }
        var bestN = 0
        var bestCover = 0.0
        for (n1, j) in sorted.enumerated() {
            let n = Double(n1 + 1)
            let a = availability(j)
            if a <= 0 { break }
            if covers(n * a, d) {
                let q = d / n
                for s in sorted[0...n1] { out.append(PoolEntry(seller: s, quantity: q)) }
                return
            }
            if n * a > bestCover { bestCover = n * a; bestN = n1 + 1 }
            if Double(sorted.count) * a <= bestCover { break }
        }
        if bestN > 0 {
            let q = availability(sorted[bestN - 1])
            for s in sorted[0..<bestN] { out.append(PoolEntry(seller: s, quantity: q)) }
        }
    }

    /// d_i^j(p_i, s_-i) of (3) against the cleared books: D^j less every bid at
    /// j with a strictly higher price (i's own bids are at p_i, so never counted).
    @inline(__always)
    func availability(at j: Int, price y: Double) -> Double {
        var lo = offsets[j], hi = offsets[j + 1]
        let start = lo
        while lo < hi {
            let mid = (lo + hi) >> 1
            if entryPrice[mid] > y { lo = mid + 1 } else { hi = mid }
        }
        return max(0, supply[j] - (entryCum[lo] - entryCum[start]))
    }

    /// Synchronous responses: every buyer not fully served re-bids against the
    /// books of this clearing. Returns the buyers that changed their bids.
    mutating func respondSynchronously() -> [Int] {
        var changed: [Int] = []
        var newBids: [(Int, [PoolEntry])] = []
        var pool: [PoolEntry] = []
        for i in 0..<buyerCount where !satisfied[i] {
            candidates.removeAll(keepingCapacity: true)
            for j in 0..<sellerCount {
                let a = availability(at: j, price: bidPrice[i])
                available[j] = a
                if a > 0 { candidates.append(j) }
            }
            let avail = available, rank = sellerRank
            candidates.sort { avail[$0] != avail[$1] ? avail[$0] > avail[$1] : rank[$0] < rank[$1] }
            choosePool(demand: demand[i], sorted: candidates, availability: { avail[$0] }, into: &pool)
            if pool != bids[i] {
                changed.append(i)
                newBids.append((i, pool))
            }
        }
        for (i, b) in newBids { bids[i] = b }
        return changed
    }

    /// Priority-ordered responses: buyers in order of bid price re-bid (or
    /// keep bids that still fit) against the residual supply left by the
    /// buyers before them. Returns the buyers that changed their bids.
    mutating func respondInPriorityOrder() -> [Int] {
        for j in 0..<sellerCount { residual[j] = supply[j] }
        let rank = sellerRank
        heap.rebuild(keys: residual, rank: rank)
        var changed: [Int] = []
        var popped: [Int] = []
        var pool: [PoolEntry] = []
        for i in priorityOrder {
            let held = bids[i]
            if !held.isEmpty {
                var fits = true
                var total = 0.0
                for e in held {
                    total += e.quantity
                    if !covers(residual[e.seller], e.quantity) { fits = false }
                }
                if fits && covers(total, demand[i]) {
                    for e in held {
                        residual[e.seller] = max(0, residual[e.seller] - e.quantity)
                        heap.update(e.seller, key: residual[e.seller], rank: rank)
                    }
                    continue
                }
            }
            // Pop sellers by residual, largest first, until a pool is found.
            popped.removeAll(keepingCapacity: true)
            let d = demand[i]
            var bestCover = 0.0
            while let j = heap.popMax(rank: rank) {
                popped.append(j)
                let a = residual[j]
                let n = Double(popped.count)
                if a <= 0 || covers(n * a, d) { break }
                bestCover = max(bestCover, n * a)
                if Double(sellerCount) * a <= bestCover { break }
            }
            let res = residual
            choosePool(demand: d, sorted: popped, availability: { res[$0] }, into: &pool)
            for e in pool { residual[e.seller] = max(0, residual[e.seller] - e.quantity) }
            for j in popped { heap.push(j, key: residual[j], rank: rank) }
            if pool != held {
                changed.append(i)
                bids[i] = pool
            }
        }
        return changed
    }

    // MARK: - The run

    mutating func run(progress: ProgressHandler?) -> ExchangeOutcome {
        var schedule = options.schedule
        var trace: [ExchangeRound]? = options.recordTrace ? [] : nil
        var seen = Set<Int>()
        var cycleRound: Int?
        var patienceRound: Int?
        let patience = options.synchronousPatience ?? (4 * sellerCount + 16)
        // t = 0: every buyer bids against empty books.
        var firstMovers: [Int]
        switch schedule {
        case .synchronous:
            offsets = Array(repeating: 0, count: sellerCount + 1)
            entryBuyer = []; entryIndex = []; entryPrice = []; entryQuantity = []; entryCum = [0]
            firstMovers = respondSynchronously()
        case .priority:
            firstMovers = respondInPriorityOrder()
        }
        if trace != nil {
            trace?.append(ExchangeRound(round: 0, sellers: [], responses: responses(of: firstMovers)))
        }
        var rounds = 0
        var converged = false
        var rule = TerminationRule.roundLimit
        var brokerActions = 0
        while rounds < max(1, options.maxRounds) {
            rounds += 1
            clear()
            let movers = schedule == .synchronous ? respondSynchronously() : respondInPriorityOrder()
            if trace != nil {
                trace?.append(ExchangeRound(round: rounds, sellers: sellerStates(), responses: responses(of: movers)))
            }
            progress?(ProgressUpdate(stage: "exchange rounds", completed: rounds, total: options.maxRounds))
            if movers.isEmpty {
                // Sec. 5: at a rest point a broker may act; the dynamics then
                // run again until no bid moves.
                if options.brokers && brokerActions < Self.brokerActionCap(sellers: sellerCount) && brokerAction() {
                    brokerActions += 1
                    seen.removeAll()
                    continue
                }
                converged = true
                rule = cycleRound != nil ? .cycleSwitchedToAsynchronous : (patienceRound != nil ? .patienceSwitchedToPriority : .noBidMoved)
                break
            }
            if schedule == .synchronous && !seen.insert(fingerprint()).inserted {
                schedule = .priority
                cycleRound = rounds
            } else if schedule == .synchronous && rounds >= patience {
                schedule = .priority
                patienceRound = rounds
            }
        }
        if !converged { clear() }
        var result = outcome(rounds: rounds, converged: converged, rule: rule, cycleRound: cycleRound, trace: trace)
        result.patienceExhaustedAtRound = patienceRound
        return result
    }

    // MARK: - Brokers (Sec. 5)

    /// Broker actions allowed in one run (each one re-runs the dynamics).
    static func brokerActionCap(sellers: Int) -> Int { 4 * sellers + 16 }

    /// Data left in auction j after the last clearing.
    func unsold(at j: Int) -> Double {
        var sold = 0.0
        for e in offsets[j]..<offsets[j + 1] { sold += bidAllocations[entryBuyer[e]][entryIndex[e]] }
        return max(0, supply[j] - sold)
    }

    /// One broker action at a rest point (Sec. 5, Theorem 1's proof): for the
    /// pair of sellers with the widest reserve gap p_*^k >= p_*^j + epsilon
    /// where j has data left, a broker bids for that data in j's auction and
    /// gets it at what rule (6) charges a bid that displaces nobody (the
    /// ``PaymentRule``'s floor: p_*^j by default), then offers it as more
    /// supply in auction k. Seller k "will have additional data to sell, and
    /// so will lower [its] reserve price": p_*^k drops to p_*^j + epsilon (the
    /// broker's cost plus the increment), and (20) raises it again if bids
    /// lose there. A seller is a broker's source or its destination, never
    /// both, so data never flows back. Returns false when no pair qualifies.
    mutating func brokerAction() -> Bool {
        let eps = market.epsilon
        let sources = Set(brokerPurchases.map(\.from)), destinations = Set(brokerPurchases.map(\.to))
        var best: (j: Int, k: Int, gap: Double, data: Double)?
        for j in 0..<sellerCount where !destinations.contains(j) {
            let data = unsold(at: j)
            guard data > Self.tolerance * max(1, ownSupply[j]) else { continue }
            for k in 0..<sellerCount where k != j && !sources.contains(k) {
                let gap = reserve[k] - reserve[j]
                guard gap >= eps * (1 - Self.tolerance) else { continue }
                if best == nil || gap > best!.gap { best = (j, k, gap, data) }
            }
        }
        guard let b = best else { return false }
        let unitPrice: Double
        switch options.paymentRule {
        case .reserveAsBidder: unitPrice = reserve[b.j]
        case .openingBid: unitPrice = eps
        case .buyersOnly: unitPrice = 0
        }
        brokerPurchases.append(BrokerPurchase(from: b.j, to: b.k, quantity: b.data, unitPrice: unitPrice))
        supply[b.j] = max(0, supply[b.j] - b.data)
        supply[b.k] += b.data
        reserve[b.k] = reserve[b.j] + eps
        return true
    }

    func fingerprint() -> Int {
        var h = Hasher()
        for b in bids {
            h.combine(b.count)
            for e in b {
                h.combine(e.seller)
                h.combine(e.quantity.bitPattern)
            }
        }
        return h.finalize()
    }

    func responses(of movers: [Int]) -> [ExchangeRound.Response] {
        movers.map { i in
            ExchangeRound.Response(
                buyer: market.buyers[i].id,
                bids: bids[i].map { ExchangeRound.PoolBid(seller: market.sellers[$0.seller].id, quantity: $0.quantity, price: bidPrice[i]) })
        }
    }

    func sellerStates() -> [ExchangeRound.SellerState] {
        (0..<sellerCount).map { j in
            var states: [ExchangeRound.BidState] = []
            var sold = 0.0
            for e in offsets[j]..<offsets[j + 1] {
                let i = entryBuyer[e]
                let a = bidAllocations[i][entryIndex[e]]
                sold += a
                states.append(ExchangeRound.BidState(buyer: market.buyers[i].id, quantity: entryQuantity[e], price: entryPrice[e], allocated: a))
            }
            return ExchangeRound.SellerState(seller: market.sellers[j].id, remaining: max(0, supply[j] - sold), reservePrice: reserve[j], bids: states)
        }
    }

    // MARK: - Pricing (rule (6)) and the ISP fallback (Remark 4)

    /// Rule (6) at every seller over the cleared books (call `clear()` first):
    /// one entry per bid that got data, with a_i^j and c_i^j. The seller's
    /// reserve acts as a bidder for its own data as the ``PaymentRule`` says.
    func pricedBooks() -> [(buyer: Int, seller: Int, allocation: Double, payment: Double)] {
        var out: [(buyer: Int, seller: Int, allocation: Double, payment: Double)] = []
        for j in 0..<sellerCount {
            let range = offsets[j]..<offsets[j + 1]
            guard !range.isEmpty else { continue }
            let book = PSPBook(
                supply: supply[j],
                bids: range.map { Bid(quantity: entryQuantity[$0], price: entryPrice[$0]) })
            let rho: Double
            switch options.paymentRule {
            case .reserveAsBidder: rho = reserve[j]
            case .openingBid: rho = market.epsilon
            case .buyersOnly: rho = 0
            }
            let (a, c) = book.clear(reservation: rho)
            for (k, e) in range.enumerated() where a[k] > 0 {
                out.append((entryBuyer[e], j, a[k], c[k]))
            }
        }
        return out
    }

    func outcome(rounds: Int, converged: Bool, rule: TerminationRule, cycleRound: Int?, trace: [ExchangeRound]?) -> ExchangeOutcome {
        var trades: [ExchangeTrade] = []
        var received = Array(repeating: 0.0, count: buyerCount)
        var paid = Array(repeating: 0.0, count: buyerCount)
        var unsold: [(seller: String, quantity: Double)] = []
        var welfare = 0.0
        // Sec. 5 brokers: their purchases, then seller j's share of what
        // auction j sells is its own stock over the supply on offer there;
        // the rest is the brokers' (sold pro rata with the seller's data).
        var stock = ownSupply
        var brokerPaid = 0.0, brokerRevenue = 0.0
        var sold = Array(repeating: 0.0, count: sellerCount)
        for b in brokerPurchases {
            trades.append(ExchangeTrade(
                buyer: ExchangeMarket.brokerID, seller: market.sellers[b.from].id, quantity: b.quantity,
                unitPrice: b.unitPrice, payment: b.unitPrice * b.quantity))
            brokerPaid += b.unitPrice * b.quantity
            stock[b.from] -= b.quantity
            sold[b.from] += b.quantity
        }
        let ownShare = (0..<sellerCount).map { supply[$0] > 0 ? min(1, max(0, stock[$0]) / supply[$0]) : 1 }
        for t in pricedBooks() {
            let j = t.seller
            let f = ownShare[j]
            if f > 0 {
                trades.append(ExchangeTrade(
                    buyer: market.buyers[t.buyer].id, seller: market.sellers[j].id, quantity: t.allocation * f,
                    unitPrice: t.payment / t.allocation, payment: t.payment * f))
            }
            if f < 1 {
                trades.append(ExchangeTrade(
                    buyer: market.buyers[t.buyer].id, seller: ExchangeMarket.brokerID, quantity: t.allocation * (1 - f),
                    unitPrice: t.payment / t.allocation, payment: t.payment * (1 - f)))
                brokerRevenue += t.payment * (1 - f)
            }
            received[t.buyer] += t.allocation
            paid[t.buyer] += t.payment
            sold[j] += t.allocation * f
            welfare += market.buyers[t.buyer].unitPrice * t.allocation
        }
        for j in 0..<sellerCount { unsold.append((market.sellers[j].id, max(0, ownSupply[j] - sold[j]))) }
        var unmet: [(buyer: String, quantity: Double)] = []
        var utilities: [(buyer: String, utility: Double)] = []
        for i in 0..<buyerCount {
            let b = market.buyers[i]
            var missing = max(0, b.demand - received[i])
            if missing <= Self.tolerance * max(1, b.demand) { missing = 0 }
            var utility = b.unitPrice * received[i] - paid[i]
            if missing > 0, let isp = market.ispPrice, b.unitPrice >= isp {
                trades.append(ExchangeTrade(buyer: b.id, seller: ExchangeMarket.ispID, quantity: missing, unitPrice: isp, payment: isp * missing))
                utility += (b.unitPrice - isp) * missing
                missing = 0
            }
            unmet.append((b.id, missing))
            utilities.append((b.id, utility))
        }
        return ExchangeOutcome(
            trades: trades,
            reservePrices: (0..<sellerCount).map { (market.sellers[$0].id, reserve[$0]) },
            unmetDemand: unmet, unsoldSupply: unsold, utilities: utilities,
            rounds: rounds, converged: converged, terminationRule: rule, cycleDetectedAtRound: cycleRound, patienceExhaustedAtRound: nil,
            welfare: welfare, brokerProfit: brokerRevenue - brokerPaid, optimalWelfare: ExchangeMarket.optimalWelfare(sellers: market.sellers, buyers: market.buyers),
            trace: trace)
    }
}

/// Every buyer's allocation and payment for one bid profile.
struct ExchangeClearing: Sendable {
    /// sum_j a_i^j by buyer.
    var allocation: [Double]
    /// sum_j c_i^j by buyer.
    var payment: [Double]
    /// p_*^j after the clearing (never below the reserves passed in).
    var reserves: [Double]
}

extension ExchangeMarket {
    /// Clears every seller's book for the given bids with the engine's own
    /// allocation rule (5), reserve update (20) and payment rule (6) (the
    /// same code `settle` runs): `bids[i]` are buyer i's pool bids, all at
    /// `prices[i]` (a coordinated bid, Lemma 5), and `reserves` the p_*^j
    /// the clearing starts from; `supply` the data on offer per auction
    /// (default D^j; with Sec. 5 brokers, what the engine's `supply` holds).
    /// Used to test unilateral deviations.
    func clear(bids: [[PoolEntry]], prices: [Double], reserves: [Double], supply: [Double]? = nil, options: Options) -> ExchangeClearing {
        var engine = ExchangeEngine(market: self, options: options)
        if let supply { engine.supply = supply }
        engine.bids = bids
        engine.bidPrice = prices
        engine.reserve = reserves
        engine.clear()
        var allocation = Array(repeating: 0.0, count: buyers.count)
        var payment = allocation
        for t in engine.pricedBooks() {
            allocation[t.buyer] += t.allocation
            payment[t.buyer] += t.payment
        }
        return ExchangeClearing(allocation: allocation, payment: payment, reserves: engine.reserve)
    }
}

extension ExchangeMarket {
    /// The best welfare any allocation of the same supply to the same demand
    /// reaches: any seller can serve any buyer, so it serves the highest unit
    /// values first (a single pooled supply). O(n log n).
    public static func optimalWelfare(sellers: [ExchangeSeller], buyers: [ExchangeBuyer]) -> Double {
        var left = sellers.reduce(0) { $0 + $1.quantity }
        var welfare = 0.0
        for b in buyers.sorted(by: { $0.unitPrice > $1.unitPrice }) {
            if left <= 0 { break }
            let take = min(left, b.demand)
            welfare += take * b.unitPrice
            left -= take
        }
        return welfare
    }
}

/// An indexed binary max-heap of sellers keyed by residual supply (ties: the
/// seller with the larger D^j, i.e. the smaller rank, first).
struct SellerHeap {
    var heap: [Int] = []
    var position: [Int]
    var key: [Double]

    init(count: Int) {
        position = Array(repeating: -1, count: count)
        key = Array(repeating: 0, count: count)
    }

    @inline(__always)
    func above(_ a: Int, _ b: Int, _ rank: [Int]) -> Bool {
        key[a] != key[b] ? key[a] > key[b] : rank[a] < rank[b]
    }

    mutating func rebuild(keys: [Double], rank: [Int]) {
        key = keys
        heap = Array(0..<keys.count)
        for p in stride(from: heap.count / 2 - 1, through: 0, by: -1) { siftDown(p, rank) }
        for (p, j) in heap.enumerated() { position[j] = p }
    }

    mutating func swapAt(_ a: Int, _ b: Int) {
        heap.swapAt(a, b)
        position[heap[a]] = a
        position[heap[b]] = b
    }

    mutating func siftDown(_ start: Int, _ rank: [Int]) {
        var p = start
        let n = heap.count
        while true {
            let l = 2 * p + 1, r = l + 1
            var best = p
            if l < n && above(heap[l], heap[best], rank) { best = l }
            if r < n && above(heap[r], heap[best], rank) { best = r }
            if best == p { return }
            heap.swapAt(p, best)
            position[heap[p]] = p
            position[heap[best]] = best
            p = best
        }
    }

    mutating func siftUp(_ start: Int, _ rank: [Int]) {
        var p = start
        while p > 0 {
            let parent = (p - 1) / 2
            if !above(heap[p], heap[parent], rank) { return }
            swapAt(p, parent)
            p = parent
        }
    }

    mutating func popMax(rank: [Int]) -> Int? {
        guard let top = heap.first else { return nil }
        let last = heap.removeLast()
        position[top] = -1
        if !heap.isEmpty {
            heap[0] = last
            position[last] = 0
            siftDown(0, rank)
        }
        return top
    }

    mutating func push(_ j: Int, key k: Double, rank: [Int]) {
        key[j] = k
        heap.append(j)
        position[j] = heap.count - 1
        siftUp(heap.count - 1, rank)
    }

    /// Lowers (or changes) the key of a seller in the heap.
    mutating func update(_ j: Int, key k: Double, rank: [Int]) {
        let old = key[j]
        key[j] = k
        let p = position[j]
        guard p >= 0 else { return }
        if k < old { siftDown(p, rank) } else { siftUp(p, rank) }
    }
}
