/// Allocation rule (5) and reserve rule (20) at every seller.
extension ExchangeEngine {
    /// Rebuilds the books from `bids` (entries grouped by seller, price
    /// descending, then buyer index), runs (5) and (20) in every auction, and
    /// marks the buyers whose bids and demand are fully served.
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
        let price = (0..<total).map { self.price(buyer: eb[$0], bid: ei[$0]) }
        for j in 0..<sellerCount where offsets[j + 1] - offsets[j] > 1 {
            ordering[offsets[j]..<offsets[j + 1]].sort { a, b in
                price[a] != price[b] ? price[a] > price[b] : eb[a] < eb[b]
            }
        }
        entryBuyer = ordering.map { eb[$0] }
        entryIndex = ordering.map { ei[$0] }
        entryPrice = ordering.map { price[$0] }
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

    /// The price of buyer i's k-th bid: its manual price there, else its p_i.
    @inline(__always)
    func price(buyer i: Int, bid k: Int) -> Double {
        fixedPrices[i]?[k] ?? bidPrice[i]
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
}
