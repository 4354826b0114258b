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
        /// The last commands applied to reach `market`, consecutive sequences ending at
        /// `market.sequence` (at most twice ``remembered``).
        var applied: [MarketAnswer.Applied]
    }

    /// How many of its last commands a head remembers at least: far more than a market has
    /// in flight at once.
    static let remembered = 256

    private let heads = Mutex<[Int: Head]>([:])

    /// `start` after `caughtUp` (the store's commands following `start.sequence`), and the
    /// commands applied on the way.
    func caughtUp(_ start: LiveMarket, _ caughtUp: [StoredCommand]) throws -> (LiveMarket, [MarketAnswer.Applied]) {
        if let head = heads.withLock({ $0[start.number] }), head.market.sequence == start.sequence + caughtUp.count,
           head.applied.count >= caughtUp.count {
            let since = head.applied.suffix(caughtUp.count)
            if zip(since, caughtUp).allSatisfy({ $0.sequence == $1.sequence && $0.body == $1.body }) {
                return (head.market, Array(since))
            }
        }
        var market = start
        let applied = try market.catchUp(caughtUp)
        return (market, applied)
    }

    /// Records the state a commit decided and the commands it applied to reach it from its
    /// plan's state (those it caught up on, then its own: consecutive sequences).
    func decided(_ market: LiveMarket, applied: [MarketAnswer.Applied]) {
        heads.withLock { heads in
            var kept = heads.removeValue(forKey: market.number)?.applied ?? []
            if let first = applied.first?.sequence, let base = kept.first?.sequence, (base...base + kept.count).contains(first) {
                kept.removeSubrange((first - base)...)  // what this decision replaces, or nothing
            } else {
                kept.removeAll(keepingCapacity: true)
            }
            kept += applied
            if kept.count > 2 * Self.remembered { kept.removeFirst(kept.count - Self.remembered) }
            heads[market.number] = Head(market: market, applied: kept)
        }
    }
}
