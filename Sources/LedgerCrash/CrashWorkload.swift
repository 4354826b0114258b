import Ledger
import SurplusCore

/// The writer's transfers: step `s` is a fixed function of `s` (deposits, transfers, holds and
/// their partial posts, and every third step a batch of 100), so the checker knows what every
/// unacknowledged step was and can send it again with the same ids. Some single steps are refused
/// (insufficient funds, a hold that is not there); batches (92 transfers of at most 0.2 after
/// deposits of 20 to each of the 8 participants) never are; that too is the same on every run, because
/// the steps are posted in order, each at most once.
enum CrashWorkload {
    static let batchSize = 100
    static let participantCount = 8

    static func participants() throws -> [AccountID] { try (0..<participantCount).map { try AccountID("p\($0)") } }

    static func id(_ step: Int, _ k: Int) throws -> TransferID { try TransferID(high: 0xC4A5, low: UInt64(step) << 8 | UInt64(k)) }

    static func step(_ s: Int) throws -> [Transfer] {
        let p = try participants()
        var random = RandomStream(seed: UInt64(s), stream: 0xC4A5)
        func pair() -> (AccountID, AccountID) {
            let a = random.nextIndex(below: p.count)
            return (p[a], p[(a + 1 + random.nextIndex(below: p.count - 1)) % p.count])
        }
        func amount(upTo tokens: Int) -> Amount { Amount(microUnits: Int64(1 + random.nextIndex(below: tokens * 1_000_000))) }
        if s % 3 == 2 {  // a deposit to everyone, then transfers that cannot run short
            return try (0..<batchSize).map { k in
                let (a, b) = pair()
                let small = Amount(microUnits: Int64(1 + random.nextIndex(below: 200_000)))
                let action: Transfer.Action = k < p.count ? .post(debit: .world, credit: p[k], amount: Amount(microUnits: 20_000_000))
                                                          : .post(debit: a, credit: b, amount: small)
                return try Transfer(id: try id(s, k), action, memo: "batch \(s)")
            }
        }
        let (a, b) = pair()
        let action: Transfer.Action = switch s % 4 {
        case 0: .post(debit: .world, credit: a, amount: amount(upTo: 50))
        case 1: .post(debit: a, credit: b, amount: amount(upTo: 30))
        case 2: .hold(debit: a, credit: b, amount: amount(upTo: 20))
        default: .postHold(try id(s - 1, 0), amount: amount(upTo: 10))
        }
        return [try Transfer(id: try id(s, 0), action, memo: "step \(s)")]
    }
}
