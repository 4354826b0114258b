import Foundation
import Ledger
import LedgerPostgres
import LiveMarkets
import MarketService
@testable import MarketStorePostgres
import Testing

/// The PostgreSQL market storage with several processes on one database: two storages on one
/// schema (as two servers would be) commit commands of one market at once; every command gets
/// its own sequence, each commit catches up on the others', and its postings and idempotency
/// record commit with it. Needs `SURPLUS_TEST_POSTGRES_URL` (skipped without it, saying so).
@Suite(.enabled(if: MarketPostgresTestServer.url != nil, Comment(rawValue: MarketPostgresTestServer.skipReason)))
struct PostgresMarketStorageTests {
    @Test func twoStoragesOnOneDatabaseAppendEachCommandOnceWithItsPostings() async throws {
        try await MarketPostgresTestServer.withTwoStorages { first, second in
            let market = try MarketID("m1")
            let payer = try AccountID("p1")
            // A participant (its ledger account created in the same transaction), funded.
            let created = try await first.commit(CommitPlan<Int>(
                scope: IdempotencyScope(caller: "admin", key: "participant-1"), fingerprint: "f", allocation: .participant
            ) { context in
                let number = context.allocatedNumber ?? 0
                let participant = StoredParticipant(number: number, name: "payer", keyHash: String(repeating: "a", count: 64))
                let deposit = try Transfer(id: .random(), .post(debit: .world, credit: try participant.id, amount: Amount(microUnits: 1_000)))
                return (CommitEffects(participant: participant, postings: [deposit], status: 201, body: Data()), number)
            })
            guard case let .committed(_, _, number) = created else { Issue.record("a new scope replayed"); return }
            #expect(number == 1)

            // 2 x 10 commands of m1 at once, each paying 1 micro-unit to the bank, each under its own key.
            let outcomes = try await withThrowingTaskGroup(of: (Int, [StoredCommand]).self) { group in
                for k in 0..<20 {
                    let storage = k.isMultiple(of: 2) ? first : second
                    group.addTask {
                        let result = try await storage.commit(CommitPlan<Int>(
                            scope: IdempotencyScope(caller: "p1", key: "command-\(k)"), fingerprint: "f\(k)", market: market, knownSequence: 0,
                            accountsToRead: { _ in [payer] }
                        ) { context in
                            let pay = try Transfer(id: .random(), .post(debit: payer, credit: .bank, amount: Amount(microUnits: 1)))
                            return (CommitEffects(command: Data("\(k)".utf8), postings: [pay], status: 201, body: Data("\(k)".utf8)), k)
                        })
                        guard case let .committed(caughtUp, sequence?, _) = result else { throw TestFailure("command \(k) not appended") }
                        return (sequence, caughtUp)
                    }
                }
                var outcomes: [(Int, [StoredCommand])] = []
                for try await outcome in group { outcomes.append(outcome) }
                return outcomes
            }
            // Each sequence once, 1...20, and each commit caught up on every command before its own.
            #expect(outcomes.map(\.0).sorted() == Array(1...20))
            for (sequence, caughtUp) in outcomes { #expect(caughtUp.map(\.sequence) == Array(1..<sequence)) }
            let stored = try await second.commands(of: market, after: 0)
            #expect(stored.map(\.sequence) == Array(1...20))
            #expect(Set(stored.map(\.body)).count == 20)
            #expect(try await first.ledger.account(payer).balance == Amount(microUnits: 980))

            // A replayed key changes nothing and answers the first response.
            let again = try await second.commit(CommitPlan<Int>(
                scope: IdempotencyScope(caller: "p1", key: "command-3"), fingerprint: "f3", market: market, knownSequence: 20
            ) { _ in throw TestFailure("decide ran for a replay") })
            guard case let .replay(record) = again else { Issue.record("a used key committed again"); return }
            #expect(record.body == Data("3".utf8))
            #expect(try await first.commands(of: market, after: 0).count == 20)
            #expect(try await first.ledger.totals().balanced)
        }
    }

    @Test func aRefusedPostingRollsBackTheCommandAndTheRecord() async throws {
        try await MarketPostgresTestServer.withTwoStorages { first, _ in
            let market = try MarketID("m1")
            await #expect(throws: LedgerError.self) {
                try await first.commit(CommitPlan<Int>(
                    scope: IdempotencyScope(caller: "admin", key: "k"), fingerprint: "f", market: market
                ) { _ in
                    let overdraft = try Transfer(id: .random(), .post(debit: try AccountID("nobody"), credit: .bank, amount: Amount(microUnits: 1)))
                    return (CommitEffects(command: Data("x".utf8), postings: [overdraft], status: 201, body: Data()), 0)
                })
            }
            #expect(try await first.commands(of: market, after: 0).isEmpty)
            #expect(try await first.idempotencyRecord(IdempotencyScope(caller: "admin", key: "k")) == nil)
        }
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The server of these tests, and two storages on one new schema of it.
enum MarketPostgresTestServer {
    static let url: String? = {
        let url = ProcessInfo.processInfo.environment[PostgresLedgerConfiguration.testURLVariable].flatMap { $0.isEmpty ? nil : $0 }
        if url == nil { FileHandle.standardError.write(Data("MarketStorePostgresTests: skipped: \(skipReason)\n".utf8)) }
        return url
    }()

    static let skipReason = "\(PostgresLedgerConfiguration.testURLVariable) is not set "
        + "(export SURPLUS_TEST_POSTGRES_URL=$(Scripts/postgres-cluster.sh start) to run the PostgreSQL tests)"

    /// Two storages on one new schema (migrated by both at once), dropped afterwards.
    static func withTwoStorages(_ body: (PostgresMarketStorage, PostgresMarketStorage) async throws -> Void) async throws {
        guard let url else { return }
        let schema = "market_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let configuration = try PostgresLedgerConfiguration(url: url, schema: schema, maximumConnections: 4)
        async let opening = PostgresMarketStorage.open(configuration)
        let second = try await PostgresMarketStorage.open(configuration)
        let first = try await opening
        do {
            try await body(first, second)
        } catch {
            await second.shutdown()
            try? await first.postgresLedger.dropSchemaAndShutdown()
            throw error
        }
        await second.shutdown()
        try await first.postgresLedger.dropSchemaAndShutdown()
    }
}
