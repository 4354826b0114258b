/// The opt-out buyer strategy (Lemma 3, eq. (16), Algorithm 2).
///
/// A buyer not fully served re-bids in two steps (see "Buyers" in the module
/// documentation for the paper's words):
/// 1. **Equal split of the whole demand** (16), (19): the fewest sellers whose
///    n-th largest offer o_(n) satisfies n o_(n) >= D_i, D_i / n at each. The
///    offer at seller j counts what the buyer holds there, so a buyer whose
///    holdings are still available keeps them (interpretation point 5).
/// 2. **Otherwise, keep what it holds and cover the rest** ("submits bids
///    until the sum covers D_i", Lemma 3's proof): it keeps its allocation
///    a_i^j at every seller and covers R = D_i - sum_j a_i^j from what is
///    still on offer beyond it, e_j = o_j - a_i^j: equally, R / n at the
///    fewest n sellers with n e_(n) >= R, where that covers; otherwise
///    greedily, all of e_j from the largest remainder down, until R is
///    covered or nothing is left. Only what the market lacks is left unmet
///    (and goes to the ISP, Remark 4).
extension ExchangeEngine {
    /// Step 1: the fewest sellers whose n-th largest availability a_(n)
    /// satisfies n * a_(n) >= d, bidding d / n at each (19). Returns false,
    /// with `out` empty, when no such pool exists. `sorted` lists sellers by
    /// availability, largest first.
    @inline(__always)
    func coveringPool(demand d: Double, sorted: [Int], availability: (Int) -> Double, into out: inout [PoolEntry]) -> Bool {
        out.removeAll(keepingCapacity: true)
        guard d > 0 else { return true }
        for (n1, j) in sorted.enumerated() {
            let n = Double(n1 + 1)
            let a = availability(j)
            if a <= 0 { break }
            if covers(n * a, d) {
                let q = d / n
                for s in sorted[0...n1] { out.append(PoolEntry(seller: s, quantity: q)) }
                return true
            }
            // Later sellers offer at most a each: no pool can cover d.
            if Double(sorted.count) * a < d && !covers(Double(sorted.count) * a, d) { break }
        }
        return false
    }

    /// Step 2's cover of the rest r from the remainders `extra` of the
    /// sellers in `sorted` (largest remainder first): r / n at the fewest n
    /// with n e_(n) >= r, else all of each remainder in turn until r is
    /// covered. Adds the quantities to `add` and the sellers to `touched`.
    @inline(__always)
    func coverRest(_ r: Double, sorted: [Int], extra: (Int) -> Double, add: inout [Double], touched: inout [Int]) {
        guard r > 0 else { return }
        for (n1, j) in sorted.enumerated() {
            let n = Double(n1 + 1)
            let e = extra(j)
            if e <= 0 { break }
            if covers(n * e, r) {
                for s in sorted[0...n1] {
                    if add[s] == 0 { touched.append(s) }
                    add[s] += r / n
                }
                return
            }
            if Double(sorted.count) * e < r && !covers(Double(sorted.count) * e, r) { break }
        }
        var left = r
        for j in sorted {
            let e = extra(j)
            if e <= 0 || covers(r - left, r) { break }
            let take = min(e, left)
            if add[j] == 0 { touched.append(j) }
            add[j] += take
            left -= take
        }
    }

    /// The pool of held plus added quantities, by seller index (a stable
    /// order, so an unchanged plan compares equal to the bids it repeats);
    /// clears `held`, `add` and `touched`.
    @inline(__always)
    func mergedPool(held: inout [Double], add: inout [Double], touched: inout [Int], into out: inout [PoolEntry]) {
        out.removeAll(keepingCapacity: true)
        touched.sort()
        var last = -1
        for j in touched where j != last {
            last = j
            let q = held[j] + add[j]
            if q > 0 { out.append(PoolEntry(seller: j, quantity: q)) }
            held[j] = 0
            add[j] = 0
        }
        touched.removeAll(keepingCapacity: true)
    }

    /// Whether an amount is too small to bid or keep (rounding residue of
    /// rule (5)'s shares), relative to the buyer's demand d.
    @inline(__always)
    func negligible(_ x: Double, demand d: Double) -> Bool { x <= Self.tolerance * max(1, d) }

    /// d_i^j(p_i, s_-i) of (3) against the cleared books: D^j less every bid at
    /// j with a strictly higher price (i's own bids are at p_i, so never counted).
    @inline(__always)
    func availability(at j: Int, price y: Double) -> Double {
        let start = offsets[j]
        return max(0, supply[j] - (entryCum[higherEnd(at: j, price: y)] - entryCum[start]))
    }

    /// The end of the entries of seller j priced strictly above y (entries are price-descending).
    @inline(__always)
    func higherEnd(at j: Int, price y: Double) -> Int {
        var lo = offsets[j], hi = offsets[j + 1]
        while lo < hi {
            let mid = (lo + hi) >> 1
            if entryPrice[mid] > y { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// What seller j offers buyer i in the synchronous response: d_i^j(p_i,
    /// s_-i) of (3), less what the other buyers bidding exactly p_i were
    /// allocated there. A buyer does not count on data its equal-priced rivals
    /// hold: rule (5) shares a price level, so bidding for their data would
    /// not get it (and an equal split or a remainder counted on it would
    /// leave the buyer short while other sellers keep data).
    @inline(__always)
    func offer(at j: Int, to i: Int) -> Double {
        let y = bidPrice[i]
        let start = offsets[j], end = offsets[j + 1]
        var e = higherEnd(at: j, price: y)
        var taken = entryCum[e] - entryCum[start]
        while e < end && entryPrice[e] == y {
            if entryBuyer[e] != i { taken += bidAllocations[entryBuyer[e]][entryIndex[e]] }
            e += 1
        }
        return max(0, supply[j] - taken)
    }

    /// Synchronous responses: every managed buyer not fully served re-bids against the
    /// books of this clearing. Returns the buyers that changed their bids.
    mutating func respondSynchronously() -> [Int] {
        var changed: [Int] = []
        var newBids: [(Int, [PoolEntry])] = []
        var pool: [PoolEntry] = []
        var remainders: [Int] = []
        for i in 0..<buyerCount where !satisfied[i] && fixedPrices[i] == nil {
            candidates.removeAll(keepingCapacity: true)
            for j in 0..<sellerCount {
                let a = offer(at: j, to: i)
                available[j] = a
                if a > 0 { candidates.append(j) }
            }
            let avail = available, rank = sellerRank
            candidates.sort { avail[$0] != avail[$1] ? avail[$0] > avail[$1] : rank[$0] < rank[$1] }
            let d = demand[i]
            if !coveringPool(demand: d, sorted: candidates, availability: { avail[$0] }, into: &pool) {
                // Step 2: keep a_i^j, cover the rest from the remainders.
                var kept = 0.0
                for (k, e) in bids[i].enumerated() {
                    let a = bidAllocations[i][k]
                    guard !negligible(a, demand: d) else { continue }
                    if heldAt[e.seller] == 0 && addAt[e.seller] == 0 { touched.append(e.seller) }
                    heldAt[e.seller] += a
                    kept += a
                }
                let held = heldAt
                remainders.removeAll(keepingCapacity: true)
                for j in candidates where !negligible(avail[j] - held[j], demand: d) { remainders.append(j) }
                remainders.sort {
                    let a = avail[$0] - held[$0], b = avail[$1] - held[$1]
                    return a != b ? a > b : rank[$0] < rank[$1]
                }
                let rest = d - kept
                if !negligible(rest, demand: d) {
                    coverRest(rest, sorted: remainders, extra: { avail[$0] - held[$0] }, add: &addAt, touched: &touched)
                }
                mergedPool(held: &heldAt, add: &addAt, touched: &touched, into: &pool)
            }
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
            if fixedPrices[i] != nil {
                // A manual buyer's bids stay; they take what they ask for from the residuals.
                for e in held {
                    residual[e.seller] = max(0, residual[e.seller] - e.quantity)
                    heap.update(e.seller, key: residual[e.seller], rank: rank)
                }
                continue
            }
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
            // Step 1: pop sellers by residual, largest first, until a pool covers D_i.
            popped.removeAll(keepingCapacity: true)
            let d = demand[i]
            while let j = heap.popMax(rank: rank) {
                popped.append(j)
                let a = residual[j]
                let n = Double(popped.count)
                if a <= 0 || covers(n * a, d) { break }
                if Double(sellerCount) * a < d && !covers(Double(sellerCount) * a, d) { break }
            }
            let res = residual
            if coveringPool(demand: d, sorted: popped, availability: { res[$0] }, into: &pool) {
                for e in pool { residual[e.seller] = max(0, residual[e.seller] - e.quantity) }
                for j in popped { heap.push(j, key: residual[j], rank: rank) }
            } else {
                for j in popped { heap.push(j, key: residual[j], rank: rank) }
                // Step 2: keep what is still there of its bids, cover the rest greedily.
                var kept = 0.0
                for e in held {
                    let h = min(e.quantity, residual[e.seller])
                    guard !negligible(h, demand: d) else { continue }
                    if heldAt[e.seller] == 0 && addAt[e.seller] == 0 { touched.append(e.seller) }
                    heldAt[e.seller] += h
                    residual[e.seller] -= h
                    heap.update(e.seller, key: residual[e.seller], rank: rank)
                    kept += h
                }
                let rest = d - kept
                popped.removeAll(keepingCapacity: true)
                if !negligible(rest, demand: d) {
                    // The heap now orders sellers by remainder e_j = residual - held.
                    // Pop until an equal split of the rest is found or cannot be, then,
                    // greedily, until the rest is covered or nothing is left.
                    var split = false
                    while let j = heap.popMax(rank: rank) {
                        popped.append(j)
                        let e = residual[j], n = Double(popped.count)
                        if negligible(e, demand: d) { break }
                        if covers(n * e, rest) { split = true; break }
                        if Double(sellerCount) * e < rest && !covers(Double(sellerCount) * e, rest) { break }
                    }
                    if !split {
                        var got = popped.reduce(0.0) { $0 + (negligible(residual[$1], demand: d) ? 0 : residual[$1]) }
                        while !covers(got, rest), let j = heap.popMax(rank: rank) {
                            popped.append(j)
                            if negligible(residual[j], demand: d) { break }
                            got += residual[j]
                        }
                    }
                    let r = residual
                    let usable = popped.filter { !negligible(r[$0], demand: d) }
                    coverRest(rest, sorted: usable, extra: { r[$0] }, add: &addAt, touched: &touched)
                    for j in popped {
                        residual[j] = max(0, residual[j] - addAt[j])
                        heap.push(j, key: residual[j], rank: rank)
                    }
                }
                mergedPool(held: &heldAt, add: &addAt, touched: &touched, into: &pool)
            }
            if pool != held {
                changed.append(i)
                bids[i] = pool
            }
        }
        return changed
    }
}
