import Foundation
import Ledger
import LiveMarkets
import MarketAgents
import ProgressiveAuction
import SurplusCore
import Testing

/// Example 1 of papers 001/002 (buyers A-E, sellers of 65 and 85 units) entered by agents
/// on a live exchange settles exactly as `ExchangeScenario.settle` does offline.
@Suite struct ExchangePopulationTests {
    static let example1 = ExchangeScenario(
        epsilon: 0.01, ispPrice: 3.0,
        sellers: [ExchangeSeller(id: "S1", quantity: 65), ExchangeSeller(id: "S2", quantity: 85)],
        buyers: [
            ExchangeBuyer(id: "A", demand: 50, unitPrice: 1.0), ExchangeBuyer(id: "B", demand: 40, unitPrice: 1.2),
            ExchangeBuyer(id: "C", demand: 26, unitPrice: 1.5), ExchangeBuyer(id: "D", demand: 20, unitPrice: 2.0),
            ExchangeBuyer(id: "E", demand: 14, unitPrice: 2.2),
        ])

    @Test func example1LiveReproducesTheOfflineSettlement() async throws {
        let harness = try await ServiceHarness()
        let client = harness.client
        let market = try await client.createMarket(
            name: "example 1", .exchange(try ExchangePopulation.rules(of: Self.example1)), key: IdempotencyKey(run: "test", "market"))
        let run = try await ExchangePopulation(client: client, market: market.id, scenario: Self.example1).run(options: .serial)

        let offline = try Self.example1.settle()
        #expect(!offline.trades.isEmpty)
        #expect(run.sameOrder)
        #expect(run.trades.count == offline.trades.count)
        for (live, expected) in zip(run.trades, offline.trades) {
            #expect(live.buyer == expected.buyer)
            #expect(live.seller == expected.seller)
            #expect(live.quantity == expected.quantity)
            #expect(live.unitPrice == expected.unitPrice)
            #expect(live.payment == (try MoneyRounding.payment(expected.payment, field: "payment")))
        }
        #expect(run.matchesOffline)
        let totals = try await client.ledgerTotals()
        #expect(totals.balanced)
    }

    /// The same with buyer E manual (its own bids at both sellers, above and below its value).
    @Test func aManualBuyerLiveReproducesTheOfflineSettlement() async throws {
        var scenario = Self.example1
        scenario.buyers[4].bids = [.init(seller: "S1", quantity: 10, unitPrice: 2.5), .init(seller: "S2", quantity: 4, unitPrice: 1.1)]
        let harness = try await ServiceHarness()
        let market = try await harness.client.createMarket(
            name: "manual E", .exchange(try ExchangePopulation.rules(of: scenario)), key: IdempotencyKey(run: "test", "market"))
        let run = try await ExchangePopulation(client: harness.client, market: market.id, scenario: scenario).run(options: .serial)
        #expect(run.sameOrder)
        #expect(run.matchesOffline, "live \(run.trades), offline \(run.offlineTrades)")
        // Managed, E buys its 14 units at S2 alone (Example 1); its own bid at S1 holds there.
        #expect(run.trades.contains { $0.buyer == "E" && $0.seller == "S1" })
    }

    @Test func brokersAreRefused() async throws {
        let harness = try await ServiceHarness()
        var scenario = Self.example1
        scenario.brokers = true
        #expect(throws: InputError.self) { try ExchangePopulation(client: harness.client, market: "m1", scenario: scenario) }
    }
}
