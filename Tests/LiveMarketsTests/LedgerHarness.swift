import Ledger
import LiveMarkets

/// An in-memory ledger the tests apply each command's postings to, checking every ledger
/// invariant after each batch.
struct LedgerHarness {
    let ledger = InMemoryLedger()
    private var deposits = 0

    /// Creates `participants` and deposits `tokens` into each.
    mutating func open(_ participants: [AccountID], tokens: Int64) async throws {
        for id in participants {
            try await ledger.createAccount(Account(participant: id))
            deposits += 1
            let amount = Amount(microUnits: tokens * Amount.microUnitsPerToken)
            try await ledger.post(id: TransferID(high: 0xDE90, low: UInt64(deposits)), from: .world, to: id, amount: amount, memo: "deposit")
        }
        try await ledger.checkInvariants()
    }

    /// Submits the outcome's postings as one batch, then checks the invariants.
    func submit(_ outcome: CommandOutcome) async throws {
        if !outcome.postings.isEmpty { try await ledger.submit(outcome.postings) }
        try await ledger.checkInvariants()
    }

    func balance(_ id: AccountID) async throws -> Amount { try await ledger.account(id).balance }
    func held(_ id: AccountID) async throws -> Amount { try await ledger.account(id).held }
    func available(_ id: AccountID) async throws -> Amount { try await ledger.account(id).available ?? .zero }
}

/// A fresh command id per call.
struct CommandIDs {
    private var next = 0
    mutating func callAsFunction() throws -> CommandID {
        next += 1
        return try CommandID("cmd-\(next)")
    }
}

func account(_ id: String) throws -> AccountID { try AccountID(id) }
