/// Allocation rule (5) and reserve rule (20) at every seller.
extension ExchangeEngine {
    /// Rebuilds the books from `bids` (entries grouped by seller, price
    /// descending, then buyer index), runs (5) and (20) in every auction, and
    /// marks the buyers whose bids and demand are fully served.
    ///
    /// O(E + S) for E bids: buyers are visited in `priorityOrder`, which is
    /// the books' order, so each seller's entries arrive sorted (a counting
    /// sort by seller); the running sums are taken in the same global order
    /// as ever, so every offer (3) is the same number.
    package mutating func clear() {
        var counts = Array(repeating: 0, count: sellerCount + 1)
        var total = 0
        for i in 0..<buyerCount {
            bidStart[i] = total
            for e in bids[i] { counts[e.seller + 1] += 1 }
            total += bids[i].count
        }
        bidStart[buyerCount] = total
        for j in 0..<sellerCount { counts[j + 1] += counts[j] }
        offsets = counts
        var fill = counts
        Self.resize(&entryBuyer, total, 0)
        Self.resize(&entryBid, total, 0)
        Self.resize(&entryPrice, total, 0)
        Self.resize(&entryQuantity, total, 0)
        for i in priorityOrder {
            let price = bidPrice[i]
            for (k, e) in bids[i].enumerated() {
                let at = fill[e.seller]
                entryBuyer[at] = i
                entryBid[at] = bidStart[i] + k
                entryPrice[at] = price
                entryQuantity[at] = e.quantity
                fill[e.seller] = at + 1
            }
        }
        Self.resize(&entryCum, total + 1, 0)
        for e in 0..<total { entryCum[e + 1] = entryCum[e] + entryQuantity[e] }

        Self.resize(&bidAllocation, total, 0)
        Self.resize(&entryAllocation, total, 0)
        for j in 0..<sellerCount { allocate(at: j) }
        for i in 0..<buyerCount {
            var got = 0.0
            var full = true
            for (k, e) in bids[i].enumerated() {
                let a = bidAllocation[bidStart[i] + k]
                got += a
                if !covers(a, e.quantity) { full = false }
            }
            satisfied[i] = full && covers(got, demand[i])
        }
    }

    /// Empty books (t = 0 of the synchronous schedule: every buyer bids against no bids).
    package mutating func emptyBooks() {
        offsets = Array(repeating: 0, count: sellerCount + 1)
        entryBuyer = []; entryBid = []; entryPrice = []; entryQuantity = []; entryCum = [0]
        entryAllocation = []
    }

    /// `array` with `count` elements, every one of them to be overwritten (its memory kept).
    private static func resize<T>(_ array: inout [T], _ count: Int, _ fill: T) {
        if array.count > count {
            array.removeLast(array.count - count)
        } else if array.count < count {
            array.append(contentsOf: repeatElement(fill, count: count - array.count))
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
                bidAllocation[entryBid[k]] = a
                entryAllocation[k] = a
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
