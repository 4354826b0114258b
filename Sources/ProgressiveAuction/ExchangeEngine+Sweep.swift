/// The synchronous schedule's responses, computed by one sweep over the price
/// levels of the cleared books instead of one scan of every seller per buyer.
///
/// What buyer i is offered at seller j (`offer(at:to:)`, (3) less its
/// equal-priced rivals' allocations) only depends on i's price y, except at
/// the sellers where i itself bids:
/// - a seller with no bid priced y or higher offers all of D^j, exactly
///   (nothing is subtracted);
/// - any other seller offers the same number to every buyer at y that does
///   not bid there: D^j less the bids priced above y and the allocations at y,
///   summed as `offer(at:to:)` sums them (the same floating-point number);
/// - at its own sellers a buyer is offered `offer(at:to:)` itself.
/// Visiting the buyers by price, highest first (`priorityOrder`), the sellers
/// of the second kind only change at the levels where they have bids, so each
/// entry of the books is looked at O(1) times per round. The first kind sits
/// in a list by (D^j desc, rank asc), the second in a heap by (offer desc,
/// rank asc): the order of the candidates in a response. A buyer takes
/// candidates from the merged two until its equal split is found (usually
/// one or two), and all of them only in step 2. The responses, and so the
/// whole run, are the same numbers as with a scan of every seller
/// (`ExchangeSweepTests` compares the two, bid for bid, round by round).
///
/// Cost per round: O(E + B + S + (candidates taken) log S) instead of
/// O(B S log S) for E bids, B buyers and S sellers.
extension ExchangeEngine {
    /// Synchronous responses: every buyer not fully served re-bids against the
    /// books of this clearing. Returns the buyers that changed their bids, in
    /// index order.
    package mutating func respondSynchronously() -> [Int] {
        beginSweep()
        var changed: [Int] = []
        var staged: [PoolEntry] = []
        var stagedEnd: [Int] = []
        var pool: [PoolEntry] = []
        var level = 0, previous = 0
        while level < buyerCount {
            let y = bidPrice[priorityOrder[level]]
            var end = level + 1
            while end < buyerCount && bidPrice[priorityOrder[end]] == y { end += 1 }
            // The sellers whose offers change here: bids of the level above
            // (now above y) and of this level (the allocations at y).
            sweep.stamp += 1
            for k in previous..<end {
                for e in bids[priorityOrder[k]] { refreshOffer(at: e.seller, level: y) }
            }
            for k in level..<end where !satisfied[priorityOrder[k]] {
                let i = priorityOrder[k]
                respond(buyer: i, into: &pool)
                if pool != bids[i] {
                    changed.append(i)
                    staged.append(contentsOf: pool)
                    stagedEnd.append(staged.count)
                }
            }
            previous = level
            level = end
        }
        var from = 0
        for (k, i) in changed.enumerated() {
            bids[i].removeAll(keepingCapacity: true)
            bids[i].append(contentsOf: staged[from..<stagedEnd[k]])
            from = stagedEnd[k]
        }
        changed.sort()
        return changed
    }

    /// Buyer i's response at the current level of the sweep (`pool`: its new bids).
    private mutating func respond(buyer i: Int, into pool: inout [PoolEntry]) {
        // Its own sellers: the offer that leaves out its own allocations.
        for e in bids[i] {
            setHeapOffer(at: e.seller, offer(at: e.seller, to: i))
        }
        candidates.removeAll(keepingCapacity: true)
        sweep.popped.removeAll(keepingCapacity: true)
        sweep.listCursor = sweep.listHead
        let count = sweep.listPositive + sweep.heapPositive
        let d = demand[i]
        pool.removeAll(keepingCapacity: true)
        // Step 1 (`coveringPool`, with the candidates taken one at a time):
        // the fewest sellers whose n-th largest offer covers D_i / n.
        var covered = d <= 0
        while !covered, let j = nextCandidate() {
            let n1 = candidates.count - 1
            let n = Double(n1 + 1)
            let a = available[j]
            if covers(n * a, d) {
                let q = d / n
                for s in candidates { pool.append(PoolEntry(seller: s, quantity: q)) }
                covered = true
            } else if Double(count) * a < d && !covers(Double(count) * a, d) {
                break
            }
        }
        if !covered {
            pool.removeAll(keepingCapacity: true)
            while nextCandidate() != nil {}
            keepAndCoverRest(buyer: i, into: &pool)
        }
        // The heap as it was: candidates taken back, own sellers at the level's offer.
        for j in sweep.popped { sweep.heap.push(j, key: sweep.heap.key[j], rank: sellerRank) }
        for e in bids[i] { setHeapOffer(at: e.seller, sweep.levelOffer[e.seller]) }
    }

    /// The next candidate of the current response, by (offer desc, rank asc):
    /// the better of the list's next seller and the heap's top; its offer in
    /// `available`, itself appended to `candidates`. Nil when none is left.
    private mutating func nextCandidate() -> Int? {
        let u = sweep.listCursor
        let fromList = u >= 0 && supply[u] > 0
        let top = sweep.heap.heap.first
        let fromHeap = top.map { sweep.heap.key[$0] > 0 } ?? false
        var listFirst = fromList
        if fromList && fromHeap, let h = top {
            let a = supply[u], b = sweep.heap.key[h]
            listFirst = a != b ? a > b : sellerRank[u] < sellerRank[h]
        }
        let j: Int
        if listFirst {
            j = u
            available[u] = supply[u]
            sweep.listCursor = sweep.next[u]
        } else if fromHeap, let h = sweep.heap.popMax(rank: sellerRank) {
            j = h
            available[h] = sweep.heap.key[h]
            sweep.popped.append(h)
        } else {
            return nil
        }
        candidates.append(j)
        return j
    }

    /// Resets the sweep for this round's books: every seller in the list, none in the heap.
    private mutating func beginSweep() {
        if sweep.orderSupply != supply {
            let rank = sellerRank, quantity = supply
            sweep.order = (0..<sellerCount).sorted { quantity[$0] != quantity[$1] ? quantity[$0] > quantity[$1] : rank[$0] < rank[$1] }
            sweep.orderSupply = supply
        }
        sweep.reset(order: sweep.order, sellers: sellerCount)
        for j in sweep.order where supply[j] > 0 { sweep.listPositive += 1 }
    }

    /// Seller j's offer to the buyers at price y without a bid there (once per level).
    private mutating func refreshOffer(at j: Int, level y: Double) {
        guard sweep.seen[j] != sweep.stamp else { return }
        sweep.seen[j] = sweep.stamp
        let start = offsets[j], end = offsets[j + 1]
        let entering = sweep.higher[j] < 0
        if entering {
            sweep.unlink(j)
            if supply[j] > 0 { sweep.listPositive -= 1 }
            sweep.higher[j] = start
        }
        var e = sweep.higher[j]
        while e < end && entryPrice[e] > y { e += 1 }
        sweep.higher[j] = e
        var taken = entryCum[e] - entryCum[start]
        while e < end && entryPrice[e] == y {
            taken += entryAllocation[e]
            e += 1
        }
        let offer = max(0, supply[j] - taken)
        sweep.levelOffer[j] = offer
        if entering {
            sweep.heap.push(j, key: offer, rank: sellerRank)
            if offer > 0 { sweep.heapPositive += 1 }
        } else {
            setHeapOffer(at: j, offer)
        }
    }

    /// Seller j's key in the heap, with the count of positive offers kept.
    private mutating func setHeapOffer(at j: Int, _ offer: Double) {
        let old = sweep.heap.key[j]
        guard old != offer else { return }
        if old > 0 { sweep.heapPositive -= 1 }
        if offer > 0 { sweep.heapPositive += 1 }
        sweep.heap.update(j, key: offer, rank: sellerRank)
    }
}

/// The sweep's state, kept from round to round for its memory.
struct SynchronousSweep {
    /// Sellers with no bid at or above the current level, by (D^j desc, rank
    /// asc): a doubly linked list over `order`.
    var next: [Int] = []
    var previous: [Int] = []
    var listHead = -1
    /// The list's sellers with D^j > 0.
    var listPositive = 0
    /// The other sellers, by the offer of the current level.
    var heap = SellerHeap(count: 0)
    /// The heap's sellers with a positive key.
    var heapPositive = 0
    /// The end of seller j's entries priced above the current level (-1: j is in the list).
    var higher: [Int] = []
    /// Seller j's offer at the current level to a buyer without a bid there.
    var levelOffer: [Double] = []
    /// The level at which j's offer was last computed.
    var seen: [Int] = []
    var stamp = 0
    /// Sellers by (D^j desc, rank asc), and the supply it was sorted for.
    var order: [Int] = []
    var orderSupply: [Double] = []
    /// The current response's list position and the sellers it took from the heap.
    var listCursor = -1
    var popped: [Int] = []

    mutating func reset(order: [Int], sellers: Int) {
        if higher.count != sellers {
            next = Array(repeating: -1, count: sellers)
            previous = next
            higher = next
            levelOffer = Array(repeating: 0, count: sellers)
            seen = Array(repeating: 0, count: sellers)
        }
        for (k, j) in order.enumerated() {
            next[j] = k + 1 < order.count ? order[k + 1] : -1
            previous[j] = k > 0 ? order[k - 1] : -1
            higher[j] = -1
        }
        listHead = order.first ?? -1
        listPositive = 0
        heap = SellerHeap(count: sellers)
        heapPositive = 0
    }

    mutating func unlink(_ j: Int) {
        let p = previous[j], n = next[j]
        if p >= 0 { next[p] = n } else { listHead = n }
        if n >= 0 { previous[n] = p }
    }
}
