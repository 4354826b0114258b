import Foundation
import MarketAgents
import MarketAgentsHTTP
import Testing

@Suite struct ContractClientTests {
    /// A server that is not there: the client retries, then names the request that failed.
    @Test func anUnreachableServerIsAConnectionErrorAfterTheRetries() async throws {
        let transport = try HTTPTransport(server: #require(URL(string: "http://127.0.0.1:9")))
        let client = ContractClient(transport: transport, adminKey: "k", maximumAttempts: 2)
        let error = await #expect(throws: MarketClientError.self) { _ = try await client.market("m1") }
        #expect(error?.code == "connection")
        #expect(error?.request == "GET /v1/markets/m1")
        #expect(client.requestCount == 2)
        #expect(client.retryCount == 1)
    }

    /// The JSON body of a bilateral market carries the scenario's fields and the seed.
    @Test func aBilateralMarketsParametersCarryTheSeed() async throws {
        let harness = try await ServiceHarness()
        let market = try await harness.client.createMarket(
            name: "b", .bilateral(BilateralPopulationTests.scenario, seed: 42), key: IdempotencyKey(run: "t", "m"))
        let read = try await harness.client.market(market.id)
        guard case let .bilateral(scenario, seed) = try read.definition() else {
            Issue.record("not bilateral")
            return
        }
        #expect(seed == 42)
        #expect(scenario.initialBudget == BilateralPopulationTests.scenario.initialBudget)
    }
}

@Suite struct BatchMeansTests {
    /// 300 periods with batches of at least 50: 6 batches of 50, whose means here are
    /// 0, 1, ..., 5 (mean 2.5, standard error sqrt(3.5 / 6)).
    @Test func sixBatchesOfALifetime() {
        let series = (0..<300).map { Double($0 / 50) }
        let estimate = BatchMeans(series, correlationLength: 50)
        #expect(estimate.batches == 6)
        #expect(estimate.batchLength == 50)
        #expect(estimate.batchesAreLong)
        #expect(estimate.mean == 2.5)
        #expect(abs((estimate.standardError ?? 0) - (3.5 / 6).squareRoot()) < 1e-12)
    }

    @Test func shortSeries() {
        #expect(BatchMeans([1], correlationLength: 50).standardError == nil)
        let short = BatchMeans([1, 2, 3, 4], correlationLength: 50)
        #expect(short.batches == 2)
        #expect(!short.batchesAreLong)
    }
}
