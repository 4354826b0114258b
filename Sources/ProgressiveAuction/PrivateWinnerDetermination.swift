import SurplusCore

/// Private winner determination for one local auction (paper 002, Sec. 3.3,
/// Algorithm 1 and Lemma 1): the highest bid price among the bidding buyers is
/// found from secure sums (Benaloh's additive secret sharing, Lemma 1), so
/// that no single party ever sees another's bid.
///
/// Protocol (honest-but-curious parties, simulated in one process):
/// 1. Prices are fixed-point integers: P_i = round(p_i / resolution), and a
///    public ceiling bounds them (the ISP price p^kappa is a natural one).
/// 2. A binary search over the threshold w in [0, ceiling]: every buyer i sets
///    its bit b_i = [P_i >= w], splits it into n additive shares modulo 2^64
///    (n - 1 uniformly random, the last completing the sum), and sends share k
///    to buyer k; each buyer publishes the sum of the shares it received; the
///    sum of the published values is #{i : P_i >= w} (Lemma 1). The search
///    keeps the largest w with a non-zero count: the highest price M.
/// 3. Every buyer compares its own price with M; the winner(s) make
///    themselves known to the seller to be served (the allocation rule (5)
///    splits a tie in proportion to quantity).
///
/// What it hides: every share a buyer receives, and every published partial
/// sum, is uniformly distributed whatever the bids, so a single buyer (or any
/// coalition of at most n - 2 buyers) learns nothing about the other bids
/// beyond what the published counts say; the counts are symmetric in the
/// bids, so exchanging two buyers' bids changes nothing anyone sees
/// (Definition 1, anonymity) until the winner steps forward.
///
/// What it does not hide: the highest price M itself and, once the winner
/// claims its data, the winner's identity (as the paper says, full privacy
/// is impossible in a second price auction, Brandt and Sandholm); for every
/// threshold probed below M, the number of bids at or above it (a coarse
/// histogram of the top bids along the binary search, about log2(ceiling /
/// resolution) numbers); to a coalition of n - 1 buyers, the last buyer's bit
/// at every probed threshold (subtracting their own bits), i.e. its bid to
/// within the probed grid. It assumes no party deviates from the protocol
/// (no commitments or proofs), and a fixed-point resolution.
///
/// Algorithm 1 as printed does not find the maximum: lines 4-7 overwrite the
/// bids with bits on the first pass, e counts bids at or below w (not above),
/// line 12 returns the first buyer whose overwritten value is >= e, and w never
/// changes, so the loop either returns an arbitrary buyer or repeats forever.
/// The binary search above is the reading that keeps its ingredients (bits
/// compared with a threshold w, a secure sum, a count e).
public enum PrivateWinnerDetermination {
    /// The outcome and the public transcript.
    public struct Result: Sendable, Equatable {
        /// M * resolution, the highest bid price (to the resolution).
        public var highestPrice: Double
        /// Buyers whose price equals M (they identify themselves).
        public var winners: [Int]
        /// Every probed threshold (in price units) and the count published for it.
        public var transcript: [Probe]
        /// Number of secure sums run.
        public var secureSums: Int
        /// Share messages sent between buyers (n(n-1) per secure sum) plus the
        /// n published partial sums per secure sum.
        public var messages: Int
    }

    public struct Probe: Sendable, Equatable {
        public var threshold: Double
        public var count: Int
    }

    /// Runs the protocol on `prices` (one per bidding buyer); buyer i's coins are
    /// `run.stream(.buyerCoins, i)`.
    /// - Throws: `InputError` if there are no prices, a price is negative or
    ///   above `ceiling`, or `resolution` is not positive.
    public static func highestBid(prices: [Double], ceiling: Double, resolution: Double = 1e-6, run: RunOptions) throws -> Result {
        guard !prices.isEmpty else { throw InputError(field: "prices", value: "[]", expected: "at least one buyer's bid price") }
        try Validate.positive(resolution, "resolution")
        try Validate.positive(ceiling, "ceiling")
        for (k, p) in prices.enumerated() { try Validate.inRange(p, 0...ceiling, "prices[\(k)]") }
        guard ceiling / resolution <= 0x1p53 else {
            throw InputError(
                field: "resolution", value: resolution, expected: "at least ceiling / 2^53 = \(InputError.format(ceiling / 0x1p53))")
        }
        let top = UInt64((ceiling / resolution).rounded())
        let fixed = prices.map { UInt64(($0 / resolution).rounded()) }
        let n = prices.count
        // Each buyer's own random stream (its private coins).
        var coins = (0..<n).map { run.stream(.buyerCoins, UInt64($0)) }
        var transcript: [Probe] = []
        var sums = 0

        /// Benaloh's secure sum of the bits [P_i >= w], modulo 2^64.
        func secureCount(_ w: UInt64) -> Int {
            let bits = fixed.map { $0 >= w ? UInt64(1) : 0 }
            let total = secureSum(bits, coins: &coins).total
            sums += 1
            let count = Int(truncatingIfNeeded: total)
            transcript.append(Probe(threshold: Double(w) * resolution, count: count))
            return count
        }

        // Largest w in [0, top] with a non-zero count; w = 0 always counts n.
        var lo: UInt64 = 0, hi = top
        while lo < hi {
            let mid = lo + (hi - lo + 1) / 2
            if secureCount(mid) > 0 { lo = mid } else { hi = mid - 1 }
        }
        let winners = (0..<n).filter { fixed[$0] == lo }
        return Result(
            highestPrice: Double(lo) * resolution, winners: winners, transcript: transcript, secureSums: sums,
            messages: sums * (n * (n - 1) + n))
    }

    /// One secure sum (Lemma 1): party i splits `values[i]` into n additive
    /// shares modulo 2^64 drawn from its own coins and sends share k to party k;
    /// `published[k]` is the sum party k publishes; `total` = sum of values.
    package static func secureSum(_ values: [UInt64], coins: inout [RandomStream]) -> (total: UInt64, published: [UInt64]) {
        let n = values.count
        var received = Array(repeating: UInt64(0), count: n)
        for i in 0..<n {
            var last = values[i]
            for k in 0..<n where k != (i + 1) % n {
                let share = coins[i].next()
                received[k] = received[k] &+ share
                last = last &- share
            }
            received[(i + 1) % n] = received[(i + 1) % n] &+ last
        }
        return (received.reduce(UInt64(0), &+), received)
    }
}
