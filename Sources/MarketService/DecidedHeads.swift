import Foundation
import Synchronization

/// The latest state each market's commits decided, so that a commit starts from it instead of
/// replaying the commands committed since its request was planned.
///
/// A commit plans from the installed (committed) state of its market and decides inside the
/// store's transaction, after the commands committed since (``CommitContext/caughtUp``). When
/// many requests of one market are in flight, the store's group commit decides them one after
/// another before any is installed, so each caught up on all the others: decoding and applying
/// them again, O(k) per command for k in flight. Each decision now leaves its state here, and
/// the next one starts from it when it is provably the state after the commands the store
/// holds: the head is at exactly the store's latest sequence, and the body of every command the
/// store committed since the plan's state equals the one the head applied for that sequence. The
/// state of a market is a function of its command bodies in order, so that is the same state.
/// Otherwise (a decision whose transaction rolled back, a command another process committed,
/// a range the head no longer remembers) the commit replays the store's commands as before.
final class DecidedHeads: Sendable {
    struct Head {
        var market: LiveMarket
        /// The most recent commands applied to reach `market`, by sequence (at most ``remembered``).
        var applied: [MarketAnswer.Applied]
    }

    /// How many of its last commands a head remembers.
    static let remembered = 1_024

    private let heads = Mutex<[Int: Head]>([:])

    /// `start` after `caughtUp` (the store's commands following `start.sequence`), and the
    /// commands applied on the way.
    func caughtUp(_ start: LiveMarket, _ caughtUp: [StoredCommand]) throws -> (LiveMarket, [MarketAnswer.Applied]) {
        let latest = start.sequence + caughtUp.count
        if let head = heads.withLock({ $0[start.number] }), head.market.sequence == latest {
            let since = head.applied.filter { $0.sequence > start.sequence }
            if since.count == caughtUp.count, zip(since, caughtUp).allSatisfy({ $0.sequence == $1.sequence && $0.body == $1.body }) {
                return (head.market, since)
            }
        }
        var market = start
        let applied = try market.catchUp(caughtUp)
        return (market, applied)
    }

    /// Records the state a commit decided and the commands it applied to reach it from its
    /// plan's state (those it caught up on, then its own).
    func decided(_ market: LiveMarket, applied: [MarketAnswer.Applied]) {
        heads.withLock { heads in
            var kept = heads[market.number]?.applied ?? []
            if let first = applied.first { kept.removeAll { $0.sequence >= first.sequence } }
            kept += applied
            if kept.count > Self.remembered { kept.removeFirst(kept.count - Self.remembered) }
            heads[market.number] = Head(market: market, applied: kept)
        }
    }
}
