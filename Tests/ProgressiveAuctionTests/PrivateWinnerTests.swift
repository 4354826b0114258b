import SurplusCore
import SurplusTestSupport
import Testing

import ProgressiveAuction

/// Private winner determination (Algorithm 1, Lemma 1).
@Suite struct PrivateWinnerTests {
    /// Finds the plain maximum (to the resolution 1e-6; prices are drawn on
    /// that grid, so the match is exact) and every buyer holding it.
    @Test(arguments: Array(UInt64(1)...25))
    func findsTheHighestBid(seed: UInt64) throws {
        var rng = RandomStream(seed: seed)
        let n = 1 + rng.nextIndex(below: 12)
        let prices = (0..<n).map { _ in Double(rng.nextIndex(below: 3_000_000)) * 1e-6 }
        let r = try PrivateWinnerDetermination.highestBid(prices: prices, ceiling: 3, run: RunOptions.serial(seed: seed))
        let m = prices.max()!
        #expect(isApproximatelyEqual(r.highestPrice, m, absolute: 1e-12))
        #expect(r.winners == prices.indices.filter { prices[$0] == m })
        #expect(r.secureSums <= 23)  // ceil(log2(3e6 + 1)) = 22 probes, at most one more
    }

    /// Anonymity (Definition 1): permuting the bids among the buyers leaves the
    /// public transcript (thresholds and counts) unchanged; only the winner's
    /// index follows its bid.
    @Test func transcriptIsSymmetricInTheBids() throws {
        let prices = [1.25, 0.5, 2.0, 1.75, 0.8]
        let a = try PrivateWinnerDetermination.highestBid(prices: prices, ceiling: 3, run: RunOptions.serial(seed: 1))
        let b = try PrivateWinnerDetermination.highestBid(prices: prices.reversed(), ceiling: 3, run: RunOptions.serial(seed: 99))
        #expect(a.transcript == b.transcript)
        #expect(a.winners == [2] && b.winners == [2])
    }

    /// What a buyer publishes is uniformly distributed whatever the inputs: over
    /// 2,000 runs with the same bits, buyer 0's published partial sum has its
    /// top bit set about half the time, and the sum is always right.
    /// Binomial(2000, 1/2): 5 sigma = 112.
    @Test func publishedSumsLookUniform() {
        var high = 0
        for seed in UInt64(0)..<2_000 {
            var coins = (0..<4).map { RunOptions.serial(seed: seed).stream(.buyerCoins, UInt64($0)) }
            let (total, published) = PrivateWinnerDetermination.secureSum([1, 0, 1, 1], coins: &coins)
            #expect(total == 3)
            if published[0] >> 63 == 1 { high += 1 }
        }
        #expect(isApproximatelyEqual(Double(high), 1_000, absolute: 112))
    }

    @Test func rejectsBadInput() {
        #expect(throws: InputError.self) { try PrivateWinnerDetermination.highestBid(prices: [], ceiling: 1, run: RunOptions.serial(seed: 1)) }
        #expect(throws: InputError.self) { try PrivateWinnerDetermination.highestBid(prices: [2], ceiling: 1, run: RunOptions.serial(seed: 1)) }
    }
}
