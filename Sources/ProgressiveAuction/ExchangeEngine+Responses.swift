/// The opt-out buyer strategy (Lemma 3, eq. (16), Algorithm 2).
extension ExchangeEngine {
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
}
