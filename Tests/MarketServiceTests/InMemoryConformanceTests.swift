import MarketService
import MarketServiceTestSupport
import Testing

@Suite("Market service on the in-memory storage")
struct InMemoryConformanceTests {
    @Test("conformance", arguments: MarketStorageConformance.allCases)
    func conformance(_ check: MarketStorageConformance) async throws {
        try await check.run {
            let storage = InMemoryMarketStorage()
            return StorageFixture { storage }
        }
    }
}
