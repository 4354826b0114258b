import SurplusCore
import Testing

import ProgressiveAuction

/// The synchronous responses by one sweep over the price levels
/// (`ExchangeEngine+Sweep.swift`) against the scan of every seller for every
/// buyer that they replaced (kept here as the reference): the same bids, to
/// the bit, after every round of random markets with and without price ties,
/// scarce and plentiful supply, and Sec. 5 brokers (which change supplies).
@Suite struct ExchangeSweepTests {
    struct Case: CustomStringConvertible, Sendable {
        var seed: UInt64
        var buyers: Int
        var sellers: Int
        var priceStep: Double
        var brokers: Bool
        var description: String { "seed \(seed), \(buyers) x \(sellers), price step \(priceStep), brokers \(brokers)" }
    }

    static let cases: [Case] = {
        var all: [Case] = []
        for seed in UInt64(1)...6 {
            for (b, s) in [(4, 3), (10, 3), (16, 2), (40, 8), (60, 30), (150, 20)] {
                all.append(Case(seed: seed, buyers: b, sellers: s, priceStep: seed % 2 == 0 ? 0.25 : 0, brokers: seed % 3 == 0))
            }
        }
        return all
    }()

    @Test(arguments: cases)
    func sameBidsEveryRound(c: Case) throws {
        let market = try RandomInstances.exchange(
            buyers: c.buyers, sellers: c.sellers, run: RunOptions.serial(seed: c.seed), priceStep: c.priceStep)
        var swept = ExchangeEngine(market: market, options: .init(brokers: c.brokers))
        var scanned = swept
        swept.emptyBooks()
        scanned.emptyBooks()
        var moved = swept.respondSynchronously()
        #expect(moved == scanned.respondByScanningEverySeller())
        #expect(swept.bids == scanned.bids)
        var rounds = 0, brokerActions = 0
        while rounds < 400 {
            rounds += 1
            swept.clear()
            scanned.clear()
            moved = swept.respondSynchronously()
            let reference = scanned.respondByScanningEverySeller()
            #expect(moved == reference, "round \(rounds)")
            #expect(swept.bids == scanned.bids, "round \(rounds)")
            guard moved == reference, swept.bids == scanned.bids else { return }
            if moved.isEmpty {
                guard c.brokers, brokerActions < 20, swept.brokerAction() else { break }
                #expect(scanned.brokerAction())
                brokerActions += 1
            }
        }
        #expect(moved.isEmpty, "still moving after \(rounds) rounds")
    }

    /// Example 1's trace is one of the cases the reference reproduces (002, Sec. 4.3).
    @Test func exampleOne() throws {
        let market = try ExchangeMarket.exampleOne()
        var swept = ExchangeEngine(market: market, options: .init())
        var scanned = swept
        swept.emptyBooks()
        scanned.emptyBooks()
        for round in 0..<6 {
            if round > 0 {
                swept.clear()
                scanned.clear()
            }
            #expect(swept.respondSynchronously() == scanned.respondByScanningEverySeller())
            #expect(swept.bids == scanned.bids)
        }
    }
}

extension ExchangeEngine {
    /// The synchronous responses as they were computed before the sweep: every
    /// seller's offer to every buyer not fully served, sorted, then the two
    /// steps (`coveringPool`, `keepAndCoverRest`). O(B S log S) a round.
    mutating func respondByScanningEverySeller() -> [Int] {
        var changed: [Int] = []
        var newBids: [(Int, [PoolEntry])] = []
        var pool: [PoolEntry] = []
        for i in 0..<buyerCount where !satisfied[i] {
            candidates.removeAll(keepingCapacity: true)
            for j in 0..<sellerCount {
                let a = offer(at: j, to: i)
                available[j] = a
                if a > 0 { candidates.append(j) }
            }
            let avail = available, rank = sellerRank
            candidates.sort { avail[$0] != avail[$1] ? avail[$0] > avail[$1] : rank[$0] < rank[$1] }
            if !coveringPool(demand: demand[i], sorted: candidates, availability: { avail[$0] }, into: &pool) {
                keepAndCoverRest(buyer: i, into: &pool)
            }
            if pool != bids[i] {
                changed.append(i)
                newBids.append((i, pool))
            }
        }
        for (i, b) in newBids { bids[i] = b }
        return changed
    }
}
