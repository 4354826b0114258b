import ProgressiveAuction

/// Straightforward O(n^2) implementations of the PSP rules, written from the
/// equations and independent of `PSPBook`, to check it against.
enum Reference {
    /// Rule (5): a_i = min{q_i, q_i / sum_{p_k = p_i} q_k * [Q - sum_{p_k > p_i} q_k]^+}.
    static func allocations(_ bids: [Bid], supply q: Double) -> [Double] {
        bids.map { b in
            guard b.quantity > 0 else { return 0 }
            var above = 0.0, tie = 0.0
            for o in bids {
                if o.price > b.price { above += o.quantity } else if o.price == b.price { tie += o.quantity }
            }
            return min(b.quantity, b.quantity / tie * max(0, q - above))
        }
    }

    /// Rule (6): c_i = sum_{k != i} p_k (a_k(0; s_-i) - a_k(s)).
    static func costs(_ bids: [Bid], supply q: Double) -> [Double] {
        let with = allocations(bids, supply: q)
        return bids.indices.map { i in
            var without = bids
            without[i] = .zero
            let a0 = allocations(without, supply: q)
            var c = 0.0
            for k in bids.indices where k != i { c += bids[k].price * (a0[k] - with[k]) }
            return c
        }
    }

    /// P_i(z) = inf{y >= 0 : [Q - sum_{k != i, p_k > y} q_k]^+ >= z}, by scanning
    /// the candidate prices (0 and every other bid's price).
    static func marketPrice(_ bids: [Bid], bidder i: Int, z: Double, supply q: Double) -> Double {
        var candidates = [0.0]
        for (k, b) in bids.enumerated() where k != i { candidates.append(b.price) }
        candidates.sort()
        for y in candidates {
            var above = 0.0
            for (k, b) in bids.enumerated() where k != i && b.price > y { above += b.quantity }
            if max(0, q - above) >= z { return y }
        }
        return .infinity
    }
}
